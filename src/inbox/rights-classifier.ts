/**
 * Which rights a mail seems to ask for: a Dutch and English keyword classifier. Pure. Its answer
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
  ],
  rectification: [
    'corrigeer', 'correctie', 'verbeter', 'klopt niet', 'kloppen niet', 'onjuist', 'aanpassen', 'wijzig mijn', 'artikel 16',
    'rectif', 'correct my', 'incorrect', 'inaccurate', 'is wrong', 'are wrong', 'update my',
  ],
  erasure: [
    'verwijder', 'wis mijn', 'wis al', 'wis de', 'wissen', 'vergeten', 'vergetelheid', 'vernietig', 'artikel 17',
    'delete', 'erase', 'erasure', 'forgotten', 'remove my', 'removal of my',
  ],
  restriction: ['beperk', 'artikel 18', 'restrict', 'stop using my data until'],
  portability: ['meenemen', 'overdragen', 'overdraagbaar', 'overdracht', 'dataportabiliteit', 'artikel 20', 'portab', 'transfer my data', 'machine-readable', 'machine readable'],
  objection: ['bezwaar', 'artikel 21', 'object to', 'objection'],
  'objection-direct-marketing': [
    'afmelden', 'uitschrijven', 'nieuwsbrief', 'direct marketing', 'direct-marketing', 'reclame', 'geen mailings', 'bel mij niet',
    'unsubscribe', 'newsletter', 'marketing e-mail', 'marketing email', 'opt out', 'opt-out',
  ],
  'automated-decision': ['geautomatiseerd besluit', 'geautomatiseerde besluit', 'profilering', 'artikel 22', 'automated decision', 'profiling'],
  'consent-withdrawal': ['toestemming in', 'toestemming intrek', 'trek mijn toestemming', 'withdraw my consent', 'withdraw consent', 'revoke my consent'],
};

/** Lower case, accents removed, white space folded. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
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
