/**
 * What the completion letter says per right when the processor answers for its own data (its own
 * customer accounts) and the workflow step gave no specifics. Deliberately general; an agent can
 * give specifics in the message data (`completion`), which take precedence.
 *
 * REVIEW: these texts describe the processor's own processing and must match its privacy
 * statement; the privacy officer confirms them before production use.
 */
import { applyTone, type Tone } from '../vocabulary/vocabulary.js';

export interface CompletionDetails {
  access: {
    copyDelivery: string;
    purposes: string[];
    categories: string[];
    recipients: string[];
    retention: string;
    source: string;
    automatedDecisions: string;
    transfers: string;
  };
  rectification: { summary: string; notified: string[] };
  erasure: { kept: { what: string; why: string; until: string }[]; backups: string; notified: string[] };
  restriction: { notified: string[] };
  portability: { format: string; delivery: string };
  objection: { processing: string };
  automatedDecision: { outcome: string };
  consentWithdrawal: { processing: string };
}

const DEFAULTS: CompletionDetails = {
  access: {
    copyDelivery: 'in een aparte, beveiligde e-mail',
    purposes: ['het leveren van onze software en de ondersteuning daarbij', 'het beheer van {uw} klantaccount', 'facturering en onze wettelijke administratie'],
    categories: ['naam en contactgegevens', 'accountgegevens', 'factuur- en betaalgegevens', 'correspondentie met onze helpdesk'],
    recipients: ['onze hostingleverancier in de Europese Unie', 'onze betaaldienstverlener', 'de Belastingdienst, als de wet dat voorschrijft'],
    retention:
      'Accountgegevens tot zes maanden na het einde van {uw} abonnement; facturen en de administratie zeven jaar, omdat de wet dat voorschrijft (art. 52 AWR).',
    source: 'Van {jou} zelf, of van de organisatie die {uw} account voor {jou} aanmaakte.',
    automatedDecisions: 'Wij nemen geen besluiten over {jou} die alleen op geautomatiseerde verwerking berusten.',
    transfers: 'Wij geven geen persoonsgegevens door naar landen buiten de Europese Economische Ruimte.',
  },
  rectification: { summary: 'de gegevens die {u} ons noemde, zijn nu juist en volledig.', notified: [] },
  erasure: {
    kept: [{ what: 'Facturen en betaalgegevens', why: 'de wet verplicht ons die zeven jaar te bewaren (art. 52 AWR)', until: 'het einde van de wettelijke bewaartermijn' }],
    backups:
      'Kopieën in onze back-ups worden niet apart gewist; zij verdwijnen vanzelf binnen 35 dagen, wanneer de back-ups worden overschreven. Tot dan gebruiken wij ze niet.',
    notified: [],
  },
  restriction: { notified: [] },
  portability: { format: 'CSV', delivery: 'in een aparte, beveiligde e-mail' },
  objection: { processing: 'het doel waartegen {u} bezwaar maakte' },
  automatedDecision: { outcome: 'het besluit is door een medewerker bekeken; de uitkomst staat in een aparte e-mail.' },
  consentWithdrawal: { processing: 'de verwerking die op {uw} toestemming berustte' },
};

function toned<T>(value: T, tone: Tone): T {
  if (typeof value === 'string') return applyTone(value, tone) as T;
  if (Array.isArray(value)) return value.map((v) => toned(v, tone)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toned(v, tone)])) as T;
  }
  return value;
}

/** The defaults in a tone, with specifics given per right taking precedence. */
export function ownProcessingCompletion(tone: Tone, given: Partial<{ [K in keyof CompletionDetails]: Partial<CompletionDetails[K]> }> = {}): CompletionDetails {
  const result = toned(DEFAULTS, tone);
  for (const key of Object.keys(result) as (keyof CompletionDetails)[]) {
    const specific = given[key];
    if (specific && typeof specific === 'object') (result as unknown as Record<string, unknown>)[key] = { ...result[key], ...specific };
  }
  return result;
}
