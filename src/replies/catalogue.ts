/**
 * The catalogue of letters: what each template is for, who receives it, which workflow step sends
 * it, and sample data (both tones) for previews and tests. Pure data.
 */
import type { Country } from '../deadlines/countries.js';
import { redactionGuidance, representativeGuidance } from './id-guidance.js';
import type { CompletePrivacyFacts } from '../config/privacy-facts.js';
import { ownProcessingCompletion } from './own-processing.js';
import { bookkeepingRetention, countryLaw } from '../vocabulary/country-law.js';
import { daysLeftIn, type Language } from '../vocabulary/language.js';
import { frenchSpacing } from '../vocabulary/translations.js';
import { applyTone, instructionLabel, LETTER_TITLES, rightWithArticle, RIGHTS, type Right, type Tone } from '../vocabulary/vocabulary.js';

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
      { name: 'Voorbeeld Hosting B.V.', role: 'hosting (verwerker)', country: 'NL' },
      { name: 'Voorbeeld Mail Inc.', role: 'verzending van e-mail (verwerker)', country: 'US' },
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
    recipients: [{ name: 'Voorbeeld Hosting BV', role: 'hosting (verwerker)', country: 'BE' }],
    transfers: [],
    backupDays: 30,
    automatedDecisions: 'none',
  },
};

const FOREIGN_SAMPLE_PURPOSES: Record<'fr' | 'en', CompletePrivacyFacts['purposes']> = {
  fr: [
    { purpose: "la fourniture de notre logiciel et l'assistance qui l'accompagne", legalBasis: 'contract' },
    { purpose: 'la facturation et la tenue de notre comptabilité', legalBasis: 'legal-obligation' },
  ],
  en: [
    { purpose: 'providing our software and the support that goes with it', legalBasis: 'contract' },
    { purpose: 'invoicing and keeping our accounts', legalBasis: 'legal-obligation' },
  ],
};

const FOREIGN_SHORT_RETENTION = {
  fr: { period: "jusqu'à six mois après la fin de l'abonnement", reason: 'ainsi, nous pouvons encore répondre aux questions sur le service qui a pris fin', legalObligation: false },
  en: { period: 'until six months after the end of the subscription', reason: 'so that we can still answer questions about the service after it has ended', legalObligation: false },
};

/**
 * The fictional privacy facts in French and English, for previews when the facts file of that
 * language is missing or incomplete. Like SAMPLE_PRIVACY_FACTS they are a short sample (fewer
 * categories than resources/privacy-facts.example.*.yaml), kept here so previews and the catalogue
 * test need no file; the bundled example translations are what demo data runs on.
 */
export const FOREIGN_SAMPLE_PRIVACY_FACTS: Record<'fr' | 'en', Record<Country, CompletePrivacyFacts>> = {
  fr: {
    NL: {
      ...SAMPLE_PRIVACY_FACTS.NL,
      purposes: FOREIGN_SAMPLE_PURPOSES.fr,
      categories: [
        { name: 'nom et coordonnées', retention: FOREIGN_SHORT_RETENTION.fr },
        {
          name: 'données de facturation et de paiement',
          retention: {
            period: "jusqu'à sept ans après la fin de l'exercice comptable",
            reason: "la loi nous oblige à conserver notre comptabilité pendant sept ans à la disposition de l'administration fiscale néerlandaise (art. 52 de l'Algemene wet inzake rijksbelastingen ou AWR, la loi générale néerlandaise sur les impôts de l'État)",
            legalObligation: true,
          },
        },
      ],
      source: "vous-même, ou l'organisation qui a créé votre compte pour vous",
      recipients: [
        { name: 'Voorbeeld Hosting B.V.', role: 'hébergement (sous-traitant)', country: 'NL' },
        { name: 'Voorbeeld Mail Inc.', role: "envoi d'e-mails (sous-traitant)", country: 'US' },
      ],
      transfers: [{ recipient: 'Voorbeeld Mail Inc.', country: 'US', safeguard: 'les clauses contractuelles types de la Commission européenne (art. 46, par. 2, point c), du RGPD)' }],
      automatedDecisions: [
        {
          decision: "le blocage automatique d'un compte en cas de retard de paiement",
          logic: 'notre système vérifie chaque nuit si une facture est impayée depuis plus de soixante jours malgré deux rappels',
          consequences: "tant que cette facture n'est pas payée, vous ne pouvez plus établir de nouvelles factures ; vos données restent conservées",
        },
      ],
    },
    BE: {
      ...SAMPLE_PRIVACY_FACTS.BE,
      purposes: FOREIGN_SAMPLE_PURPOSES.fr,
      categories: [
        { name: 'nom et coordonnées', retention: FOREIGN_SHORT_RETENTION.fr },
        {
          name: 'pièces comptables',
          retention: { period: "jusqu'à sept ans après la fin de l'exercice comptable", reason: 'la loi nous oblige à conserver notre comptabilité pendant sept ans (art. III.88 du Code de droit économique)', legalObligation: true },
        },
        {
          name: 'factures et documents TVA',
          retention: {
            period: "jusqu'à dix ans après la fin de la période imposable",
            reason: 'la législation fiscale nous oblige à conserver ces documents pendant dix ans à la disposition du SPF Finances (art. 315 du Code des impôts sur les revenus 1992 et art. 60 du Code de la TVA)',
            legalObligation: true,
          },
        },
      ],
      source: "vous-même, ou l'organisation qui a créé votre compte pour vous",
      recipients: [{ name: 'Voorbeeld Hosting BV', role: 'hébergement (sous-traitant)', country: 'BE' }],
    },
  },
  en: {
    NL: {
      ...SAMPLE_PRIVACY_FACTS.NL,
      purposes: FOREIGN_SAMPLE_PURPOSES.en,
      categories: [
        { name: 'name and contact details', retention: FOREIGN_SHORT_RETENTION.en },
        {
          name: 'invoicing and payment data',
          retention: {
            period: 'until seven years after the end of the financial year',
            reason: 'the law requires us to keep our accounts available to the Dutch Tax and Customs Administration for seven years (Art. 52 of the General State Taxes Act, the Algemene wet inzake rijksbelastingen or AWR)',
            legalObligation: true,
          },
        },
      ],
      source: 'from you, or from the organisation that set up your account for you',
      recipients: [
        { name: 'Voorbeeld Hosting B.V.', role: 'hosting (processor)', country: 'NL' },
        { name: 'Voorbeeld Mail Inc.', role: 'sending email (processor)', country: 'US' },
      ],
      transfers: [{ recipient: 'Voorbeeld Mail Inc.', country: 'US', safeguard: "the European Commission's standard contractual clauses (Art. 46(2)(c) GDPR)" }],
      automatedDecisions: [
        {
          decision: 'automatically blocking an account when payments are overdue',
          logic: 'every night our system checks whether an invoice has been unpaid for more than sixty days despite two reminders',
          consequences: 'until that invoice is paid, you cannot create new invoices; your data is kept',
        },
      ],
    },
    BE: {
      ...SAMPLE_PRIVACY_FACTS.BE,
      purposes: FOREIGN_SAMPLE_PURPOSES.en,
      categories: [
        { name: 'name and contact details', retention: FOREIGN_SHORT_RETENTION.en },
        {
          name: 'accounting records',
          retention: { period: 'until seven years after the end of the financial year', reason: 'the law requires us to keep our accounts for seven years (Art. III.88 of the Belgian Code of Economic Law)', legalObligation: true },
        },
        {
          name: 'invoices and VAT records',
          retention: {
            period: 'until ten years after the end of the taxable period',
            reason: 'tax law requires us to keep these records available to the Federal Public Service Finance for ten years (Art. 315 of the Income Tax Code 1992 and Art. 60 of the VAT Code)',
            legalObligation: true,
          },
        },
      ],
      source: 'from you, or from the organisation that set up your account for you',
      recipients: [{ name: 'Voorbeeld Hosting BV', role: 'hosting (processor)', country: 'BE' }],
    },
  },
};

/** The fictional privacy facts of a country in a language. */
export function samplePrivacyFacts(country: Country, lang: Language = 'nl'): CompletePrivacyFacts {
  return lang === 'nl' ? SAMPLE_PRIVACY_FACTS[country] : (frenchTexts(FOREIGN_SAMPLE_PRIVACY_FACTS[lang][country], lang) as CompletePrivacyFacts);
}

function frenchTexts<T>(value: T, lang: Language): T {
  if (lang !== 'fr') return value;
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? frenchSpacing(v) : v)) as T;
}

/** The free texts of the samples (an agent's question, a reason …) in French and English. */
interface SampleTexts {
  clarification: string;
  identification: string;
  extension: string;
  refusal: (years: number, taxAuthority: string, article: string) => string;
  reviewOutcome: string;
  concernDetails: string;
  concernReason: (years: number, taxAuthority: string, article: string) => string;
  completedDetails: string;
  completedOutcome: (until: number, article: string) => string;
  dataCategories: string[];
  digestSections: [string, string];
  digestReference: string;
}

const SAMPLE_TEXTS: Record<'fr' | 'en', SampleTexts> = {
  fr: {
    clarification: 'Vous écrivez que vous voulez «\u00a0tout\u00a0» savoir. Cela concerne-t-il votre compte client, ou aussi vos échanges avec notre service d\'assistance ?',
    identification: "Votre demande provient d'une autre adresse e-mail que celle que nous connaissons. Merci de répondre depuis l'adresse que vous utilisez chez nous.",
    extension: "Votre demande porte sur des données réparties dans quatre systèmes sur une période de huit ans ; les rassembler et les vérifier prend plus d'un mois.",
    refusal: (years, tax, article) => `La loi nous oblige à conserver vos factures pendant ${years} ans pour ${tax}${article}. Nous avons effacé vos autres données.`,
    reviewOutcome: "nous avons levé le blocage : la facture avait été payée à temps, mais le paiement avait été rattaché à un mauvais numéro de facture.",
    concernDetails: 'Effacer entièrement le compte client K-10442, y compris les factures.',
    concernReason: (years, tax, article) => `La loi impose de conserver les factures pendant ${years} ans pour ${tax}${article}. Les effacer violerait cette obligation de conservation.`,
    completedDetails: 'Effacer le compte client K-10442, conserver les factures.',
    completedOutcome: (until, article) => `Compte client K-10442 effacé de tous les systèmes ; factures conservées jusqu'en ${until}${article}.`,
    dataCategories: ['nom', 'adresse e-mail', 'numéro de client', 'le texte de la demande', 'les droits invoqués par la personne concernée'],
    digestSections: ['Délai dépassé', 'Le délai expire dans les 7 jours'],
    digestReference: 'Récapitulatif du jour 2026-05-04',
  },
  en: {
    clarification: 'You write that you want to know "everything". Does this concern your customer account, or also your conversations with our helpdesk?',
    identification: 'Your request came from a different email address from the one we know. Please reply from the address you use with us.',
    extension: 'Your request concerns data in four systems over a period of eight years; collecting and checking it takes more than a month.',
    refusal: (years, tax, article) => `The law requires us to keep your invoices for ${years} years for ${tax}${article}. We have erased your other data.`,
    reviewOutcome: 'we lifted the block: the invoice had been paid on time, but the payment had been matched to a wrong invoice number.',
    concernDetails: 'Erase customer account K-10442 completely, including the invoices.',
    concernReason: (years, tax, article) => `The law requires invoices to be kept for ${years} years for ${tax}${article}. Erasing them would breach that obligation.`,
    completedDetails: 'Erase customer account K-10442, keep the invoices.',
    completedOutcome: (until, article) => `Customer account K-10442 erased from all systems; invoices kept until ${until}${article}.`,
    dataCategories: ['name', 'email address', 'customer number', 'the text of the request', 'the rights the data subject invokes'],
    digestSections: ['Time limit passed', 'Time limit ends within 7 days'],
    digestReference: 'Daily overview 2026-05-04',
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
  /** The language of the letter (Dutch by default): the root `lang` and the sample's free texts. */
  lang?: Language;
}

/** Fictional data that fills every variable of every template (previews and tests), in `options.lang`. */
export function sampleContext(template: string, tone: Tone, options: SampleOptions = {}): Record<string, unknown> {
  const lang = options.lang ?? 'nl';
  return lang === 'nl' ? dutchSampleContext(template, tone, options) : foreignSampleContext(template, tone, lang, options);
}

/** The sample in French or English: the Dutch one with every word a reader sees in that language. */
function foreignSampleContext(template: string, tone: Tone, lang: 'fr' | 'en', options: SampleOptions): Record<string, unknown> {
  const context: Record<string, unknown> = { ...dutchSampleContext(template, tone, options), lang };
  const x = SAMPLE_TEXTS[lang];
  const country = (options.processor?.country ?? 'NL') as Country;
  const law = countryLaw(country, lang);
  const books = bookkeepingRetention(country, lang);
  const booksArticle = books.article ? ` (${books.article})` : '';
  const f = <T>(value: T): T => frenchTexts(value, lang);
  switch (template) {
    case 'clarification-request':
      context.question = f(x.clarification);
      break;
    case 'identification-request':
      context.question = f(x.identification);
      context.idGuidance = redactionGuidance({ country: options.requesterCountry ?? null, reference: 'AVG-2026-000123', tone, recipient: (context.processor as { name: string }).name, lang });
      context.representative = representativeGuidance(tone, lang);
      break;
    case 'extension-notice':
      context.reason = f(x.extension);
      break;
    case 'refusal':
      context.reason = f(x.refusal(books.years, law.taxAuthority, booksArticle));
      break;
    case 'completion': {
      const facts = options.privacyFacts ?? samplePrivacyFacts(country, lang);
      context.completion = ownProcessingCompletion(
        tone,
        facts,
        { recipientsNotified: facts.recipients.map((r) => r.name), notifiedOn: '2026-05-04', decisionReviewOutcome: f(x.reviewOutcome) },
        {},
        { allowFictional: true, lang },
      );
      break;
    }
    case 'instruction-concern':
      context.instructionLabel = instructionLabel('erase', lang);
      context.details = f(x.concernDetails);
      context.reason = f(x.concernReason(books.years, law.taxAuthority, booksArticle));
      break;
    case 'instruction-completed':
      context.instructionLabel = instructionLabel('erase', lang);
      context.details = f(x.completedDetails);
      context.outcome = f(x.completedOutcome(2026 + books.years, booksArticle));
      break;
    case 'breach-notice':
      context.dataCategories = x.dataCategories;
      break;
    case 'agent-digest': {
      const sections = context.sections as { title: string; lines: { rights: string; remaining: string }[] }[];
      context.reference = x.digestReference;
      context.sections = [
        { ...sections[0], title: x.digestSections[0], lines: sections[0]!.lines.map((l) => ({ ...l, rights: rightWithArticle('access', lang), remaining: daysLeftIn(-1, lang) })) },
        {
          ...sections[1],
          title: x.digestSections[1],
          lines: sections[1]!.lines.map((l) => ({ ...l, rights: `${rightWithArticle('access', lang)}, ${rightWithArticle('erasure', lang)}`, remaining: daysLeftIn(3, lang) })),
        },
      ];
      break;
    }
  }
  return context;
}

function dutchSampleContext(template: string, tone: Tone, options: SampleOptions = {}): Record<string, unknown> {
  const processor = options.processor ?? { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country: 'NL' as Country };
  const rights = options.rights ?? (template === 'completion' ? [...RIGHTS] : (['access', 'erasure'] as Right[]));
  const base: Record<string, unknown> = {
    tone,
    lang: 'nl',
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
        lang: 'nl',
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
