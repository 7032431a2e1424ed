/**
 * The words of the controller's pages that code puts together (history, errors, warnings, titles),
 * in the controller's language (issue 24). The page templates themselves have a variant per
 * language (templates/ui/fr/, templates/ui/en/). Dutch keeps tone tokens (`{u}`, `{uw}` …);
 * French says "vous", English "you". Pure data.
 */
import type { Language } from '../vocabulary/language.js';
import { frenchSpacing } from '../vocabulary/translations.js';

export interface ControllerPageTexts {
  title: (reference: string) => string;
  confirmTitle: string;
  received: (processor: string) => string;
  forwardedTo: (email: string) => string;
  reminders: (n: number) => string;
  urgentReminder: string;
  acknowledged: string;
  decided: (decision: string) => string;
  hidden: { both: string; details: string; note: string };
  errors: { decision: string; tooLong: string; instructionTyped: string; instruction: string; details: string };
  warnings: { erase: string; export: string };
}

const NL: ControllerPageTexts = {
  title: (reference) => `AVG-verzoek ${reference}`,
  confirmTitle: 'Instructie bevestigen',
  received: (processor) => `Verzoek ontvangen door ${processor}`,
  forwardedTo: (email) => `Doorgestuurd naar ${email}`,
  reminders: (n) => `${n === 1 ? 'Eén herinnering' : `${n} herinneringen`} gestuurd`,
  urgentReminder: 'Dringende herinnering gestuurd',
  acknowledged: 'Ontvangst bevestigd',
  decided: (decision) => `Besluit vastgelegd: ${decision}`,
  hidden: { both: '{Uw} instructie en toelichting', details: '{Uw} instructie', note: '{Uw} toelichting' },
  errors: {
    decision: 'Kies een besluit.',
    tooLong: 'Een toelichting mag hoogstens 4000 tekens zijn.',
    instructionTyped:
      '{U} koos geen instructie, maar vulde wel een instructie in. Kies "Wij geven de verwerker een instructie" als {u} ons een instructie geeft, of maak de instructievelden leeg.',
    instruction: 'Kies welke instructie {u} de verwerker geeft.',
    details: 'Beschrijf de instructie: welke gegevens, en wat er precies moet gebeuren.',
  },
  warnings: {
    erase: 'Wissen kan niet ongedaan worden gemaakt. Bewaar wat {u} wettelijk moet bewaren (bijvoorbeeld de fiscale bewaarplicht).',
    export: 'Wij maken een export en bieden die aan {jou} aan, niet aan de verzoeker. {U} beoordeelt zelf wat de verzoeker krijgt.',
  },
};

const FR: ControllerPageTexts = {
  title: (reference) => `Demande RGPD ${reference}`,
  confirmTitle: "Confirmer l'instruction",
  received: (processor) => `Demande reçue par ${processor}`,
  forwardedTo: (email) => `Transmise à ${email}`,
  reminders: (n) => (n === 1 ? 'Un rappel envoyé' : `${n} rappels envoyés`),
  urgentReminder: 'Rappel urgent envoyé',
  acknowledged: 'Réception confirmée',
  decided: (decision) => frenchSpacing(`Décision enregistrée : ${decision}`),
  hidden: { both: 'Votre instruction et votre commentaire', details: 'Votre instruction', note: 'Votre commentaire' },
  errors: {
    decision: 'Choisissez une décision.',
    tooLong: 'Un commentaire peut compter au maximum 4000 caractères.',
    instructionTyped:
      "Vous n'avez pas choisi de donner une instruction, mais vous avez rempli les champs de l'instruction. Choisissez «\u00a0Nous donnons une instruction au sous-traitant\u00a0» si vous nous donnez une instruction, ou videz les champs de l'instruction.",
    instruction: 'Choisissez quelle instruction vous donnez au sous-traitant.',
    details: frenchSpacing("Décrivez l'instruction : quelles données, et ce qui doit être fait exactement."),
  },
  warnings: {
    erase: "L'effacement est irréversible. Conservez ce que la loi vous oblige à conserver (par exemple l'obligation de conservation fiscale).",
    export: "Nous réalisons un export et vous le mettons à disposition, et non à la personne concernée. C'est vous qui décidez de ce que reçoit la personne concernée.",
  },
};

const EN: ControllerPageTexts = {
  title: (reference) => `GDPR request ${reference}`,
  confirmTitle: 'Confirm the instruction',
  received: (processor) => `Request received by ${processor}`,
  forwardedTo: (email) => `Forwarded to ${email}`,
  reminders: (n) => (n === 1 ? 'One reminder sent' : `${n} reminders sent`),
  urgentReminder: 'Urgent reminder sent',
  acknowledged: 'Receipt confirmed',
  decided: (decision) => `Decision recorded: ${decision}`,
  hidden: { both: 'Your instruction and comment', details: 'Your instruction', note: 'Your comment' },
  errors: {
    decision: 'Choose a decision.',
    tooLong: 'A comment can have at most 4000 characters.',
    instructionTyped:
      'You did not choose to give an instruction, but you filled in the instruction fields. Choose "We give the processor an instruction" if you give us an instruction, or empty the instruction fields.',
    instruction: 'Choose which instruction you give the processor.',
    details: 'Describe the instruction: which data, and what exactly must be done.',
  },
  warnings: {
    erase: 'Erasure cannot be undone. Keep what the law requires you to keep (for example the tax retention obligation).',
    export: 'We make an export and offer it to you, not to the data subject. You decide what the data subject receives.',
  },
};

export const CONTROLLER_PAGE_TEXTS: Readonly<Record<Language, ControllerPageTexts>> = { nl: NL, fr: FR, en: EN };
