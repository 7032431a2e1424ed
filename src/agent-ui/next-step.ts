/**
 * The "Volgende stap" panel of the request page: the one action we recommend now, derived from
 * the request's state and facts. Pure; the page opens that action and shows the rest as secondary.
 */

export interface NextStepFacts {
  /** The request machine's state path ("triage.open"). */
  state: string;
  /** The events the request accepts now (the resource's allowedEvents). */
  allowedEvents: readonly string[];
  /** Routing found no controller. */
  unmatched: boolean;
  /** Controllers of a forwarded request without a decision yet. */
  undecidedControllers: number;
  /** A controller's term passed without a decision. */
  controllerOverdue: boolean;
  verification: {
    /** A step the agent must decide (document shown, call back, …). */
    awaitingAgentDecision: boolean;
    /** A step the requester must answer (a mail with a link). */
    awaitingRequester: boolean;
    identityEstablished: boolean;
  };
  /** Processor tasks (instructions of a controller) on this request. */
  tasks: { completable: number; concerns: number };
}

export type NextStepAction =
  /** Open the form of this request event in the panel. */
  | { kind: 'event'; event: string }
  /** Go to a section of the page (identity check, processor tasks) and open its form there. */
  | { kind: 'section'; anchor: string; label: string }
  /** Nothing to do but wait; the text says for whom. */
  | { kind: 'wait' };

export interface NextStep {
  title: string;
  text: string;
  action: NextStepAction;
}

const has = (f: NextStepFacts, event: string) => f.allowedEvents.includes(event);

/** The recommended next step, or null for a closed request. */
export function nextStep(f: NextStepFacts): NextStep | null {
  if (f.state.startsWith('closed') || f.state === 'received') return null;
  switch (f.state) {
    case 'triage.open':
      if (f.unmatched && has(f, 'ASSIGN_CONTROLLER')) {
        return {
          title: 'Kies de verwerkingsverantwoordelijke',
          text: 'We vonden bij dit verzoek geen verwerkingsverantwoordelijke. Kies naar wie het moet. Is het van ons zelf of van niemand, beoordeel het dan bij "Andere acties".',
          action: { kind: 'event', event: 'ASSIGN_CONTROLLER' },
        };
      }
      if (has(f, 'CLASSIFY')) {
        return {
          title: 'Beoordeel wie dit verzoek afhandelt',
          text: 'Kies of wij het zelf afhandelen, of het naar een verwerkingsverantwoordelijke gaat, of dat het niet voor ons is.',
          action: { kind: 'event', event: 'CLASSIFY' },
        };
      }
      break;
    case 'triage.awaitingRequester':
    case 'inHouse.awaitingRequester':
      if (has(f, 'INFO_RECEIVED')) {
        return {
          title: 'Wacht op de verzoeker',
          text: 'We hebben de verzoeker om informatie gevraagd. Is het antwoord binnen? Leg dat vast; dan gaat het werk verder.',
          action: { kind: 'event', event: 'INFO_RECEIVED' },
        };
      }
      break;
    case 'forwarded.awaitingControllers':
      if (has(f, 'FORWARDING_SETTLED') && f.undecidedControllers > 0) {
        return {
          title: f.controllerOverdue ? 'Termijn verstreken: vraag de verwerkingsverantwoordelijke om een besluit' : 'Wacht op het besluit van de verwerkingsverantwoordelijke',
          text: f.controllerOverdue
            ? 'De verwerkingsverantwoordelijke heeft niet op tijd besloten. Bel of mail hen. Besluiten zij telefonisch of per e-mail, leg het besluit dan hier vast.'
            : 'De verwerkingsverantwoordelijke besluit via de link in de e-mail. Besluiten zij telefonisch of per e-mail, leg het besluit dan hier vast.',
          action: { kind: 'event', event: 'FORWARDING_SETTLED' },
        };
      }
      break;
    case 'forwarded.instructed':
      if (f.tasks.concerns > 0) {
        return {
          title: 'Leg het antwoord op uw bezwaar vast',
          text: 'U heeft bezwaar gemaakt tegen een instructie. Leg vast wat de verwerkingsverantwoordelijke antwoordde.',
          action: { kind: 'section', anchor: 'h-opdrachten', label: 'Naar de verwerkersopdrachten' },
        };
      }
      if (f.tasks.completable > 0) {
        return {
          title: 'Voer de instructie uit en rond de opdracht af',
          text: 'De verwerkingsverantwoordelijke gaf een instructie. Voer die uit en leg vast wat er is gedaan; daarna sluit het verzoek.',
          action: { kind: 'section', anchor: 'h-opdrachten', label: 'Naar de verwerkersopdrachten' },
        };
      }
      break;
    case 'inHouse.verifying':
      if (f.verification.identityEstablished && has(f, 'VERIFIED')) {
        return {
          title: 'Leg vast dat de identiteit is vastgesteld',
          text: 'De identiteitscontrole is geslaagd. Leg dat vast; daarna gaat u het verzoek uitvoeren.',
          action: { kind: 'event', event: 'VERIFIED' },
        };
      }
      if (f.verification.awaitingAgentDecision) {
        return {
          title: 'Beoordeel de identiteitscontrole',
          text: 'Er loopt een identiteitscontrole die u zelf beoordeelt. Leg vast of die geslaagd is.',
          action: { kind: 'section', anchor: 'h-identiteit', label: 'Naar de identiteitscontrole' },
        };
      }
      if (f.verification.awaitingRequester) {
        return {
          title: 'Wacht op de verzoeker',
          text: 'De verzoeker heeft een e-mail gekregen om de identiteit te bevestigen. Zodra dat gebeurt, ziet u het hier.',
          action: { kind: 'wait' },
        };
      }
      return {
        title: 'Stel de identiteit vast',
        text: 'Stuur de verzoeker de identificatievraag: kies de minst ingrijpende manier die volstaat. Weet u al zeker wie het is, leg dan "Identiteit vastgesteld" vast.',
        action: { kind: 'section', anchor: 'h-identiteit', label: 'Identificatievraag sturen' },
      };
    case 'inHouse.processing':
      if (has(f, 'PREPARE_ANSWER')) {
        return {
          title: 'Voer het verzoek uit',
          text: 'Zoek de gegevens op of pas ze aan. Is dat klaar? Ga dan het antwoord opstellen.',
          action: { kind: 'event', event: 'PREPARE_ANSWER' },
        };
      }
      break;
    case 'inHouse.answering':
      if (has(f, 'COMPLETE')) {
        return {
          title: 'Stuur het antwoord en rond af',
          text: 'Stuur de verzoeker het antwoord. Daarna rondt u het verzoek af; het sluit dan.',
          action: { kind: 'event', event: 'COMPLETE' },
        };
      }
      break;
  }
  return null;
}

export interface Confirmation {
  question: string;
  button: string;
}

/**
 * The confirmation a step asks for before it is sent, or null for a step that does not close the
 * request. Closing cannot be undone, so the form is shown once more with this question and a
 * second button (a page of its own: it works without JavaScript).
 */
export function confirmationFor(event: { type: string } & Record<string, unknown>): Confirmation | null {
  switch (event.type) {
    case 'WITHDRAW':
      return {
        question: 'Heeft de verzoeker het verzoek echt ingetrokken? Het verzoek sluit dan als ingetrokken. Dat kunt u niet terugdraaien.',
        button: 'Ja, sluiten als ingetrokken',
      };
    case 'COMPLETE':
      return {
        question: 'Is het antwoord naar de verzoeker verstuurd? Het verzoek sluit dan als afgehandeld. Dat kunt u niet terugdraaien.',
        button: 'Ja, afronden en sluiten',
      };
    case 'REFUSE':
      return {
        question: 'Wilt u dit verzoek weigeren? De verzoeker krijgt de weigering met de grond en de motivering per e-mail, en het verzoek sluit. Dat kunt u niet terugdraaien.',
        button: 'Ja, weigeren en sluiten',
      };
    case 'MARK_DUPLICATE':
      return {
        question: `Is dit verzoek echt hetzelfde als ${typeof event.of === 'string' && event.of ? event.of : 'het eerdere verzoek'}? Het verzoek sluit dan als dubbel verzoek. Dat kunt u niet terugdraaien.`,
        button: 'Ja, sluiten als dubbel verzoek',
      };
    case 'DISCARD':
      return {
        question:
          'Is deze e-mail echt geen verzoek (spam, een nieuwsbrief)? Het verzoek sluit en de e-mail, de bijlagen en de gegevens van de afzender worden meteen verwijderd; alleen het aantal verwijderde e-mails blijft bewaard. Dat kunt u niet terugdraaien.',
        button: 'Ja, verwijderen',
      };
    case 'CLASSIFY':
      return event.scope === 'not-ours'
        ? {
            question: 'Is dit verzoek niet voor ons en voor geen van onze verwerkingsverantwoordelijken? Het verzoek sluit dan als "niet voor ons". Dat kunt u niet terugdraaien.',
            button: 'Ja, sluiten als niet voor ons',
          }
        : null;
    default:
      return null;
  }
}

/** Revoking a controller's link: the controller can no longer open the request. */
export const REVOKE_LINK_CONFIRMATION: Confirmation = {
  question: 'Wilt u de link van de verwerkingsverantwoordelijke intrekken? De link werkt dan meteen niet meer. Met "Nieuwe link sturen" krijgen zij later een nieuwe.',
  button: 'Ja, link intrekken',
};
