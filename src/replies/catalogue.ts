/**
 * The catalogue of letters: what each template is for, who receives it, which workflow step sends
 * it, and sample data (both tones) for previews and tests. Pure data.
 */
import type { Country } from '../deadlines/countries.js';
import { redactionGuidance, representativeGuidance } from './id-guidance.js';
import type { CompletePrivacyFacts } from '../config/privacy-facts.js';
import { ownProcessingCompletion } from './own-processing.js';
import { bookkeepingRetention, countryLaw } from '../vocabulary/country-law.js';
import { applyTone, instructionLabel, LETTER_TITLES, RIGHTS, type Right, type Tone } from '../vocabulary/vocabulary.js';

export type Audience = 'requester' | 'controller' | 'processor';

export interface CatalogueEntry {
  id: string;
  audience: Audience;
  /** Dutch title for the agent UI. */
  title: string;
  /** Where it is sent from. */
  sentBy: string;
}

export const MAIL_CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'acknowledgement', audience: 'requester', title: LETTER_TITLES['acknowledgement'], sentBy: 'intake, bij elk verzoek met een e-mailadres' },
  { id: 'forwarded-notice', audience: 'requester', title: LETTER_TITLES['forwarded-notice'], sentBy: 'doorsturen, alleen als dat veilig is en de overeenkomst het toestaat' },
  { id: 'clarification-request', audience: 'requester', title: LETTER_TITLES['clarification-request'], sentBy: 'REQUEST_INFO (niet voor identificatie)' },
  { id: 'identification-request', audience: 'requester', title: LETTER_TITLES['identification-request'], sentBy: 'REQUEST_INFO voor identificatie (de termijn staat stil)' },
  { id: 'email-confirmation', audience: 'requester', title: LETTER_TITLES['email-confirmation'], sentBy: 'identiteitscontrole: e-mailbevestiging (link /v/…)' },
  { id: 'extension-notice', audience: 'requester', title: LETTER_TITLES['extension-notice'], sentBy: 'EXTEND (binnen de eerste maand)' },
  { id: 'refusal', audience: 'requester', title: LETTER_TITLES['refusal'], sentBy: 'REFUSE' },
  { id: 'completion', audience: 'requester', title: LETTER_TITLES['completion'], sentBy: 'COMPLETE (zelf afgehandeld)' },
  { id: 'not-ours', audience: 'requester', title: LETTER_TITLES['not-ours'], sentBy: 'CLASSIFY als not-ours' },
  { id: 'forwarding', audience: 'controller', title: LETTER_TITLES['forwarding'], sentBy: 'doorsturen' },
  { id: 'controller-reminder', audience: 'controller', title: LETTER_TITLES['controller-reminder'], sentBy: 'doorsturen, herinnering' },
  { id: 'controller-escalation', audience: 'controller', title: LETTER_TITLES['controller-escalation'], sentBy: 'doorsturen, escalatie' },
  { id: 'agent-digest', audience: 'processor', title: LETTER_TITLES['agent-digest'], sentBy: 'dagelijks op werkdagen (06:30), aan medewerkers met een e-mailadres en verzoeken die aandacht vragen' },
  { id: 'processor-escalation', audience: 'processor', title: LETTER_TITLES['processor-escalation'], sentBy: 'doorsturen, escalatie (naar het privacyadres van de verwerker)' },
  { id: 'instruction-concern', audience: 'controller', title: LETTER_TITLES['instruction-concern'], sentBy: 'verwerkersopdracht: bezwaar voorleggen' },
  { id: 'instruction-completed', audience: 'controller', title: LETTER_TITLES['instruction-completed'], sentBy: 'INSTRUCTION_DONE, per verwerkersopdracht' },
  { id: 'instruction-completed-notice', audience: 'requester', title: LETTER_TITLES['instruction-completed-notice'], sentBy: 'INSTRUCTION_DONE, alleen als dat veilig is en de overeenkomst het toestaat' },
  { id: 'processor-incident', audience: 'processor', title: LETTER_TITLES['processor-incident'], sentBy: 'doorsturing gemeld als verkeerd verstuurd (naar het privacyadres van de verwerker)' },
  { id: 'breach-notice', audience: 'controller', title: LETTER_TITLES['breach-notice'], sentBy: 'incident beoordeeld als inbreuk op gegevens van een verwerkingsverantwoordelijke (art. 33 lid 2 AVG)' },
  { id: 'deletion-request', audience: 'controller', title: LETTER_TITLES['deletion-request'], sentBy: 'doorsturing gemeld als verkeerd verstuurd, als de e-mail al was verstuurd (link /d/…)' },
  { id: 'draft-access', audience: 'controller', title: LETTER_TITLES['draft-access'], sentBy: 'op verzoek van de verwerkingsverantwoordelijke' },
  { id: 'draft-refusal', audience: 'controller', title: LETTER_TITLES['draft-refusal'], sentBy: 'op verzoek van de verwerkingsverantwoordelijke' },
];

const SAMPLE_PURPOSES: CompletePrivacyFacts['purposes'] = [
  { purpose: 'het leveren van onze software en de ondersteuning daarbij', legalBasis: 'contract' },
  { purpose: 'facturering en onze wettelijke administratie', legalBasis: 'legal-obligation' },
];
const SAMPLE_SHORT_RETENTION = { period: 'tot zes maanden na het einde van het abonnement', reason: 'zo kunnen wij vragen over de afgesloten dienst nog beantwoorden', legalObligation: false };

/**
 * Fictional privacy facts per country (previews and tests), shaped like the facts file
 * (resources/privacy-facts.example.*.yaml). The legal retention reasons follow the country.
 */
export const SAMPLE_PRIVACY_FACTS: Record<Country, CompletePrivacyFacts> = {
  NL: {
    fictional: true,
    country: 'NL',
    purposes: SAMPLE_PURPOSES,
    categories: [
      { name: 'naam en contactgegevens', retention: SAMPLE_SHORT_RETENTION },
      {
        name: 'factuur- en betaalgegevens',
        retention: { period: 'zeven jaar na afloop van het boekjaar', reason: 'de wet verplicht ons de administratie zeven jaar te bewaren voor de Belastingdienst (art. 52 AWR)', legalObligation: true },
      },
    ],
    source: 'van de betrokkene zelf, of van de organisatie die het account aanmaakte',
    recipients: [
      { name: 'Voorbeeld Hosting B.V.', role: 'hosting (subverwerker)', country: 'NL' },
      { name: 'Voorbeeld Mail Inc.', role: 'verzending van e-mail (subverwerker)', country: 'US' },
    ],
    transfers: [{ recipient: 'Voorbeeld Mail Inc.', country: 'US', safeguard: 'de standaardcontractbepalingen van de Europese Commissie (art. 46 lid 2 onder c AVG)' }],
    backupDays: 35,
    automatedDecisions: [
      {
        decision: 'het automatisch blokkeren van een account bij een betalingsachterstand',
        logic: 'ons systeem kijkt elke nacht of een factuur na twee herinneringen meer dan zestig dagen openstaat',
        consequences: 'tot de betaling kunnen geen nieuwe facturen worden gemaakt; de gegevens blijven bewaard',
      },
    ],
  },
  BE: {
    fictional: true,
    country: 'BE',
    purposes: SAMPLE_PURPOSES,
    categories: [
      { name: 'naam en contactgegevens', retention: SAMPLE_SHORT_RETENTION },
      {
        name: 'boekhoudkundige stukken',
        retention: { period: 'zeven jaar na afloop van het boekjaar', reason: 'de wet verplicht ons de boekhouding zeven jaar te bewaren (art. III.88 Wetboek van economisch recht)', legalObligation: true },
      },
      {
        name: 'facturen en btw-stukken',
        retention: { period: 'tien jaar na afloop van het belastbare tijdperk', reason: 'de fiscale wet verplicht ons deze stukken tien jaar te bewaren voor de FOD Financiën (art. 315 WIB 92 en art. 60 Btw-wetboek)', legalObligation: true },
      },
    ],
    source: 'van de betrokkene zelf, of van de organisatie die het account aanmaakte',
    recipients: [{ name: 'Voorbeeld Hosting BV', role: 'hosting (subverwerker)', country: 'BE' }],
    transfers: [],
    backupDays: 30,
    automatedDecisions: 'none',
  },
};

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return MAIL_CATALOGUE.find((e) => e.id === id);
}

export interface SampleOptions {
  processor?: { name: string; email: string; country: Country };
  rights?: Right[];
  requesterName?: string | null;
  /** The requester's own country for the identification letter; absent: unknown. */
  requesterCountry?: Country | null;
  publicBaseUrl?: string;
  /** Complete privacy facts to preview the completion letter with (else the fictional sample of the country). */
  privacyFacts?: CompletePrivacyFacts;
}

/** Fictional data that fills every variable of every template (previews and tests). */
export function sampleContext(template: string, tone: Tone, options: SampleOptions = {}): Record<string, unknown> {
  const processor = options.processor ?? { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country: 'NL' as Country };
  const rights = options.rights ?? (template === 'completion' ? [...RIGHTS] : (['access', 'erasure'] as Right[]));
  const base: Record<string, unknown> = {
    tone,
    reference: 'AVG-2026-000123',
    processor,
    country: processor.country,
    requester: {
      name: options.requesterName === undefined ? 'Jan Jansen' : options.requesterName,
      email: 'jan.jansen@example.nl',
      customerRef: 'K-10442',
    },
    receivedDate: '2026-04-28',
    respondBy: '2026-05-28',
    rights,
  };
  // The sample customer is in the processor's country; every statement of national law comes from its law table.
  const law = countryLaw(processor.country);
  const books = bookkeepingRetention(processor.country);
  const booksArticle = books.article ? ` (${books.article})` : '';
  const controller = { name: 'Bakkerij De Korenbloem B.V.', country: processor.country, contactName: 'Fatima El Amrani' };
  const link = `${options.publicBaseUrl ?? 'http://localhost:3000'}/c/voorbeeld-token-3f9a1c`;
  switch (template) {
    case 'forwarded-notice':
      return { ...base, controller, forwardedOn: '2026-04-29' };
    case 'clarification-request':
      return { ...base, question: applyTone('{U} schrijft dat {u} "alles" wilt weten. Gaat het om {uw} klantaccount, of ook om {uw} gesprekken met onze helpdesk?', tone) };
    case 'identification-request':
      return {
        ...base,
        question: applyTone('{Uw} verzoek kwam van een ander e-mailadres dan het adres dat bij ons bekend is. Antwoord graag vanaf het adres dat {u} bij ons gebruikt.', tone),
        // The requester's own country (options.requesterCountry); unknown by default: guidance for NL and BE documents.
        idGuidance: redactionGuidance({ country: options.requesterCountry ?? null, reference: 'AVG-2026-000123', tone, recipient: processor.name }),
        representative: representativeGuidance(tone),
      };
    case 'agent-digest': {
      const ui = `${(options.publicBaseUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/ui`;
      const id = '6f1c2a9e-3b1d-4c5e-9a7f-0d2e4b6c8a10';
      return {
        tone,
        processor,
        reference: 'Dagoverzicht 2026-05-04',
        agentName: 'Sanne de Vries',
        digestDate: '2026-05-04',
        requestCount: 2,
        firstReference: 'AVG-2026-000123',
        queueUrl: `${ui}?medewerker=mij`,
        sections: [
          { title: 'Termijn verstreken', lines: [{ reference: 'AVG-2026-000123', rights: 'inzage (art. 15 AVG)', remaining: 'de termijn is 1 dag verstreken', url: `${ui}/requests/${id}` }] },
          { title: 'Termijn verstrijkt binnen 7 dagen', lines: [{ reference: 'AVG-2026-000131', rights: 'inzage (art. 15 AVG), wissing (art. 17 AVG)', remaining: 'nog 3 dagen', url: `${ui}/requests/${id.replace('a10', 'a11')}` }] },
        ],
      };
    }
    case 'email-confirmation':
      return { ...base, link: `${options.publicBaseUrl ?? 'http://localhost:3000'}/v/voorbeeld-token-7c2e9b`, expiresOn: '2026-05-05' };
    case 'extension-notice':
      return {
        ...base,
        reason: applyTone('{Uw} verzoek betreft gegevens in vier systemen over een periode van acht jaar; het verzamelen en controleren daarvan kost meer dan een maand.', tone),
        originalRespondBy: '2026-05-28',
        newRespondBy: '2026-07-28',
      };
    case 'refusal':
      return {
        ...base,
        rights: ['erasure'],
        ground: 'legal-retention-duty',
        reason: applyTone(`{Uw} facturen moeten wij volgens de wet ${books.years} jaar bewaren voor ${law.taxAuthority}${booksArticle}. {Uw} overige gegevens hebben wij gewist.`, tone),
        partial: true,
      };
    case 'completion':
      return {
        ...base,
        completion: ownProcessingCompletion(
          tone,
          options.privacyFacts ?? SAMPLE_PRIVACY_FACTS[processor.country],
          {
            recipientsNotified: (options.privacyFacts ?? SAMPLE_PRIVACY_FACTS[processor.country]).recipients.map((r) => r.name),
            notifiedOn: '2026-05-04',
            decisionReviewOutcome: applyTone('wij hebben de blokkade opgeheven: de factuur was op tijd betaald, maar de betaling was aan een verkeerd factuurnummer gekoppeld.', tone),
          },
          {},
          { allowFictional: true },
        ),
      };
    case 'forwarding':
      return { ...base, controller, forwardedOn: '2026-04-29', daysLeft: 29, link, requesterTold: true };
    case 'controller-reminder':
    case 'controller-escalation':
    case 'draft-access':
    case 'draft-refusal':
      return { ...base, controller, forwardedOn: '2026-04-29', daysLeft: 29, link };
    case 'instruction-concern':
      return {
        ...base,
        controller,
        instruction: 'erase',
        instructionLabel: instructionLabel('erase'),
        instructedOn: '2026-04-30',
        details: 'Klantaccount K-10442 volledig wissen, inclusief facturen.',
        reason: `Facturen moeten volgens de wet ${books.years} jaar bewaard blijven voor ${law.taxAuthority}${booksArticle}. Wissen zou die bewaarplicht schenden.`,
      };
    case 'instruction-completed':
      return {
        ...base,
        controller,
        instruction: 'erase',
        instructionLabel: instructionLabel('erase'),
        instructedOn: '2026-04-30',
        details: 'Klantaccount K-10442 wissen, facturen bewaren.',
        outcome: `Klantaccount K-10442 gewist op alle systemen; facturen bewaard tot ${2026 + books.years}${booksArticle}.`,
        doneOn: '2026-05-04',
        withdrawn: false,
        art19: true,
        recipients: [
          { name: 'Hosting Noord B.V.', notifiedOn: '2026-05-04' },
          { name: 'Mailservice Zuid B.V.', notifiedOn: '2026-05-04' },
        ],
        exportUntil: null,
      };
    case 'instruction-completed-notice':
      return { ...base, controller, instruction: 'erase', doneOn: '2026-05-04' };
    case 'processor-incident':
      return {
        ...base,
        controller: { name: controller.name, country: controller.country },
        forwardedOn: '2026-04-29',
        reportedOn: '2026-04-30',
        linkOpened: true,
        decided: false,
        deletionRequested: true,
        incidentsUrl: `${options.publicBaseUrl ?? 'http://localhost:3000'}/ui/incidents`,
      };
    case 'processor-escalation':
      return { ...base, controller, forwardedOn: '2026-04-29', daysLeft: 12, reminderCount: 3 };
    case 'breach-notice':
      return {
        ...base,
        controller,
        wrongRecipient: { name: 'Kapsalon Knip B.V.' },
        forwardedOn: '2026-04-29',
        forwardedTime: '09:12',
        reportedOn: '2026-04-30',
        reportedTime: '14:05',
        dataCategories: ['naam', 'e-mailadres', 'klantnummer', 'de tekst van het verzoek', 'welke rechten de betrokkene inroept'],
        exposure: { linkOpened: true, detailsViewed: false, documentsDownloaded: false },
        linkRevokedOn: '2026-04-30',
        deletionRequestedOn: '2026-04-30',
        deletionConfirmedOn: null,
      };
    case 'deletion-request':
      return {
        ...base,
        controller: { name: 'Kapsalon Knip B.V.', country: 'NL' as Country, contactName: 'Sanne de Vries' },
        forwardedOn: '2026-04-29',
        link: `${options.publicBaseUrl ?? 'http://localhost:3000'}/d/voorbeeld-token-5b8d2e`,
        expiresOn: '2026-05-30',
      };
    default:
      return base;
  }
}
