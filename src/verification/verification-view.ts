/** The verification panel of the agent UI's request detail page (pure view model, Dutch). */
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, guidanceCountry, redactionGuidance } from '../replies/id-guidance.js';
import type { Language } from '../vocabulary/language.js';
import { frenchSpacing } from '../vocabulary/translations.js';
import { applyTone, type Tone } from '../vocabulary/vocabulary.js';
import { actorName, type VerificationStepResource } from './verification.service.js';
import { COPY_METHODS, AUTOMATIC_METHODS, METHOD_LABELS, STATUS_LABELS, VERIFICATION_METHODS, type VerificationMethod } from './verification.rules.js';

/** Dutch texts for the `reason` of a refused step (problem `verification-refused`). */
export const REFUSAL_TEXTS: Readonly<Record<string, string>> = {
  'not-in-house': 'Alleen verzoeken die wij zelf afhandelen krijgen een identiteitscontrole; een verwerkingsverantwoordelijke controleert zelf.',
  'direct-marketing-no-check': 'Een bezwaar tegen direct marketing (art. 21 lid 3 AVG) voeren wij meteen uit, zonder om een identiteitsbewijs of bewijs van bevoegdheid te vragen.',
  'reasonable-doubt-required': 'Om een kopie van een identiteitsbewijs vragen mag alleen bij redelijke twijfel (art. 12 lid 6 AVG). Leg de reden vast (minstens 10 tekens).',
  'reason-required': 'Beschrijf wie namens wie optreedt en welk bewijs van bevoegdheid u vraagt (minstens 10 tekens).',
  'less-intrusive-first':
    'Vraag eerst een minder ingrijpende controle (bekend contactadres, bevestiging per e-mail, inloggen, terugbellen of persoonlijk). Om een kopie van een identiteitsbewijs vragen kan pas als zo\'n controle mislukt of verlopen is, of als u vastlegt waarom geen ervan geschikt is (minstens 10 tekens).',
  'less-intrusive-not-applicable': 'Een reden waarom geen minder ingrijpende manier geschikt is, hoort alleen bij een kopie van een identiteitsbewijs.',
  'document-type-not-applicable': 'Een soort document hoort alleen bij een kopie van een identiteitsbewijs.',
  'copy-not-destroyed': 'Vink aan dat de kopie is gecontroleerd en vernietigd, ook in de mailbox en de bijlagen.',
  'step-closed': 'Deze stap is al afgesloten.',
  'automatic-method': 'Deze manier beslist het systeem zelf.',
  'no-email': 'Er is geen e-mailadres van de verzoeker; kies een andere manier.',
  'note-holds-document-data': 'De notitie lijkt gegevens uit een document te bevatten (een nummer of de strook met tekens). Noteer geen documentgegevens.',
};

/**
 * `requesterCountry`: the requester's own country (the guidance follows it; both NL and BE when
 * unknown); `recipient`: who receives a copy (named in the KOPIE marking).
 */
export function verificationPanel(
  steps: VerificationStepResource[],
  o: { requesterCountry: string | null; recipient: string; reference: string; inHouse: boolean; identityEstablished: boolean },
) {
  return {
    show: o.inHouse || steps.length > 0,
    canStart: o.inHouse,
    identityEstablished: o.identityEstablished,
    steps: steps.map((s) => ({
      id: s.id,
      method: METHOD_LABELS[s.method].name,
      status: STATUS_LABELS[s.status],
      statusCode: s.status,
      reason: s.reason ?? '',
      documentType: s.documentType ? DOCUMENT_TYPE_LABELS[s.documentType] : '',
      requestedAt: s.requestedAt,
      by: actorName(s.performedBy),
      decidedBy: s.decidedBy ? actorName(s.decidedBy) : '',
      note: s.note ?? '',
      record: s.record ?? '',
      late: s.warnings.includes('asked-late'),
      decidable: s.status === 'requested' && !AUTOMATIC_METHODS.includes(s.method),
      needsCopyTick: COPY_METHODS.includes(s.method),
    })),
    methodOptions: VERIFICATION_METHODS.map((m: VerificationMethod, i) => ({ value: m, label: `${i + 1}. ${METHOD_LABELS[m].name}`, help: METHOD_LABELS[m].help })),
    documentTypeOptions: DOCUMENT_TYPES.map((value) => ({ value, label: DOCUMENT_TYPE_LABELS[value] })),
    // The same guidance the identification mail carries (src/replies/id-guidance.ts).
    guidance: DOCUMENT_TYPES.map((type) => {
      const g = redactionGuidance({ country: guidanceCountry(o.requesterCountry), documentType: type, reference: o.reference, tone: 'u', recipient: o.recipient });
      return { label: g.documentLabel, blackOut: g.blackOut, keepVisible: g.keepVisible.join(', '), frontOnly: g.frontOnly ?? '', markingAdvice: g.markingAdvice, belgianEidAdvice: g.belgianEidAdvice ?? '' };
    }),
  };
}

/** French typography in every text of a page. */
function frenchPage<T extends Record<string, string>>(texts: T): T {
  return Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, frenchSpacing(v)])) as T;
}

/**
 * The texts of the requester's confirmation page (/v/:token), in the requester's language and,
 * in Dutch, the tone of the letters (PROCESSOR_TONE): the same "u" or "je" as the e-mail that
 * carried the link.
 */
export function confirmationPageTexts(tone: Tone, processorName: string, reference: string, lang: Language = 'nl') {
  if (lang === 'fr') {
    return frenchPage({
      title: `Confirmation : demande ${reference}`,
      heading: `Confirmez votre demande RGPD (${reference})`,
      confirmed: 'Merci. Vous avez confirmé que cette demande vient de vous. Nous poursuivons son traitement et reviendrons vers vous.',
      lead: `${processorName} a reçu une demande concernant vos données à caractère personnel. Avant de communiquer ou de modifier des données, nous voulons être certains que la demande vient de vous (art. 12, par. 6, du RGPD).`,
      ask: "Si vous avez fait cette demande vous-même, cliquez sur le bouton. Si ce n'est pas le cas, ne cliquez pas et répondez à notre e-mail.",
      noCopy: "Nous ne vous demandons pas de copie d'une pièce d'identité pour cela.",
      button: 'Oui, cette demande vient de moi',
    });
  }
  if (lang === 'en') {
    return {
      title: `Confirm: request ${reference}`,
      heading: `Confirm your GDPR request (${reference})`,
      confirmed: 'Thank you. You have confirmed that this request comes from you. We will continue to handle it and will be in touch.',
      lead: `${processorName} has received a request about your personal data. Before we show or change any data, we want to be sure the request comes from you (Art. 12(6) GDPR).`,
      ask: 'If you made this request yourself, click the button. If you did not, do not click it; reply to our email instead.',
      noCopy: 'We do not ask you for a copy of an identity document for this.',
      button: 'Yes, this request comes from me',
    };
  }
  const t = (s: string) => applyTone(s, tone);
  return {
    button: 'Ja, dit verzoek komt van mij',
    title: `Bevestigen: verzoek ${reference}`,
    heading: t(`Bevestig {uw} AVG-verzoek (${reference})`),
    confirmed: t('Dank {u} wel. {U} {heeft} bevestigd dat dit verzoek van {jou} komt. Wij behandelen het verder en laten van ons horen.'),
    lead: t(
      `${processorName} heeft een verzoek ontvangen over {uw} persoonsgegevens. Voordat wij gegevens laten zien of veranderen, willen wij zeker weten dat het verzoek van {jou} komt (art. 12 lid 6 AVG).`,
    ),
    ask: tone === 'je'
      ? 'Heb je dit verzoek zelf gedaan? Klik dan op de knop. Heb je het niet gedaan, klik dan niet en antwoord op onze e-mail.'
      : 'Hebt u dit verzoek zelf gedaan? Klik dan op de knop. Hebt u het niet gedaan, klik dan niet en antwoord op onze e-mail.',
    noCopy: t('Wij vragen {jou} hiervoor geen kopie van een identiteitsbewijs.'),
  };
}
