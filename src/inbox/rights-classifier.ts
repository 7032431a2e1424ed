/**
 * Which rights a mail seems to ask for: a Dutch, English and French keyword classifier. Pure. Its answer
 * is only a suggestion: the agent confirms or changes it when assessing the request (CLASSIFY).
 * A mail in which nothing is found still becomes a request, flagged "Rechten vaststellen".
 */
import { RIGHTS, type Right } from '../vocabulary/vocabulary.js';

/**
 * Keywords per right, matched on word starts in the lower-cased text with accents removed
 * (`\b` + keyword), so "verwijderen" and "verwijdering" match "verwijder".
 */
export const RIGHT_KEYWORDS: Readonly<Record<Right, readonly string[]>> = {
  access: [
    'inzage', 'inzien', 'kopie', 'welke gegevens', 'welke persoonsgegevens', 'overzicht van mijn gegevens', 'art. 15', 'artikel 15',
    'access request', 'subject access', 'copy of my', 'what data', 'what personal data', 'which data', 'which personal data', 'dsar',
    "droit d'acces", 'acces a mes', 'copie de mes', 'quelles donnees', 'article 15',
  ],
  rectification: [
    'corrigeer', 'correctie', 'verbeter', 'klopt niet', 'kloppen niet', 'onjuist', 'aanpassen', 'wijzig mijn', 'artikel 16',
    'rectif', 'correct my', 'incorrect', 'inaccurate', 'is wrong', 'are wrong', 'update my',
    'corriger', 'inexact', 'errone',
  ],
  erasure: [
    'verwijder', 'wis mijn', 'wis al', 'wis de', 'wissen', 'vergeten', 'vergetelheid', 'vernietig', 'artikel 17',
    'delete', 'erase', 'erasure', 'forgotten', 'remove my', 'removal of my',
    'supprim', 'effacer', 'effacement', "droit a l'oubli", 'article 17',
  ],
  restriction: ['beperk', 'artikel 18', 'restrict', 'stop using my data until', 'limitation du traitement', 'limiter le traitement', 'article 18'],
  portability: ['meenemen', 'overdragen', 'overdraagbaar', 'overdracht', 'dataportabiliteit', 'artikel 20', 'portab', 'transfer my data', 'machine-readable', 'machine readable', 'transferer mes donnees', 'recuperer mes donnees', 'article 20'],
  objection: ['bezwaar', 'artikel 21', 'object to', 'objection', "je m'oppose", 'opposition', 'article 21'],
  'objection-direct-marketing': [
    'afmelden', 'uitschrijven', 'nieuwsbrief', 'direct marketing', 'direct-marketing', 'reclame', 'geen mailings', 'bel mij niet',
    'unsubscribe', 'newsletter', 'marketing e-mail', 'marketing email', 'opt out', 'opt-out',
    'desinscri', 'desabonn', "lettre d'information", 'prospection', 'publicite',
  ],
  'automated-decision': ['geautomatiseerd besluit', 'geautomatiseerde besluit', 'profilering', 'artikel 22', 'automated decision', 'profiling', 'decision automatisee', 'decision individuelle automatisee', 'profilage', 'article 22'],
  'consent-withdrawal': ['toestemming in', 'toestemming intrek', 'trek mijn toestemming', 'withdraw my consent', 'withdraw consent', 'revoke my consent', 'retire mon consentement', 'retirer mon consentement', 'retrait de mon consentement'],
};

/** Lower case, accents removed, typographic apostrophes made plain, white space folded. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MATCHERS: readonly (readonly [Right, RegExp])[] = RIGHTS.map((right) => [
  right,
  new RegExp(`(?:^|[^a-z0-9])(?:${RIGHT_KEYWORDS[right].map(escapeRegExp).join('|')})`),
]);

/** The rights suggested by the subject and text of a mail, in the vocabulary's order (may be empty). */
export function suggestRights(subject: string, text: string): Right[] {
  const haystack = normaliseText(`${subject} ${text}`).slice(0, 50_000);
  const found = MATCHERS.filter(([, re]) => re.test(haystack)).map(([right]) => right);
  // "Bezwaar tegen de nieuwsbrief" is the objection to direct marketing (art 21(2)), not the general one.
  return found.includes('objection-direct-marketing') ? found.filter((r) => r !== 'objection') : found;
}
