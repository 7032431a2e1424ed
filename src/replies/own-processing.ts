/**
 * What the completion letter says per right when the processor answers for its own data (its own
 * customer accounts). Every fact about the processing comes from the privacy facts file
 * (PRIVACY_FACTS_FILE, src/config/privacy-facts.ts): purposes, categories, source, recipients by
 * name, transfers, retention per category, back-ups, automated decisions. Nothing here states a
 * fact of its own; a letter is not written from facts that are missing (`LetterFactsMissing`).
 *
 * Per request: the recipients the agent recorded as told of a rectification, erasure or
 * restriction (art 19), with the date, and the outcome of a review of an automated decision
 * (art 22(3)). Without recorded recipients the letter says so and offers to name them on request
 * (art 19, second sentence); it never says that nobody received the data unless the facts say so.
 */
import type { CompletePrivacyFacts, LegalBasis, PrivacyFacts } from '../config/privacy-facts.js';
import { missingPrivacyFacts } from '../config/privacy-facts.js';
import { regionName, type Language } from '../vocabulary/language.js';
import { frenchSpacing } from '../vocabulary/translations.js';
import { applyTone, type Tone } from '../vocabulary/vocabulary.js';

/** The art 19 paragraph of a rectification, erasure or restriction. */
export interface Notified {
  /** Recipients recorded as told, with the local date. */
  recipients: { name: string; notifiedOn: string }[];
  /** The facts say no other organisation receives the data (`recipients: []`). */
  nobodyReceives: boolean;
}

export interface CompletionDetails {
  access: {
    copyDelivery: string;
    purposes: string[];
    categories: string[];
    recipients: string[];
    retention: { category: string; period: string; reason: string }[];
    source: string;
    /** Empty: the facts say no decision is based solely on automated processing. */
    automatedDecisions: { decision: string; logic: string; consequences: string }[];
    /** Empty: the facts say there are no transfers outside the EEA. */
    transfers: { recipient: string; country: string; safeguard: string }[];
  };
  rectification: { summary: string; notified: Notified };
  erasure: { kept: { what: string; why: string; until: string }[]; backupDays: number; notified: Notified };
  restriction: { notified: Notified };
  portability: { format: string; delivery: string };
  objection: { processing: string };
  automatedDecision: { outcome: string | null };
  consentWithdrawal: { processing: string };
}

/** What the agent records with COMPLETE (the outbox row's data). */
export interface CompletionRecord {
  recipientsNotified?: readonly string[];
  notifiedOn?: string;
  decisionReviewOutcome?: string;
}

/** The facts a letter still lacks, in Dutch for the workspace (field name → what to fill in). */
export const PRIVACY_FACT_LABELS: Record<string, string> = {
  fictional: 'het bestand is nog het verzonnen voorbeeld: vervang de feiten door de echte en haal "fictional: true" weg',
  country: 'het land waarvan de wet geldt (country: NL of BE)',
  purposes: 'de doelen met hun grondslag (purposes)',
  categories: 'de categorieën van gegevens met hun bewaartermijn en de reden daarvan (categories)',
  source: 'waar de gegevens vandaan komen (source)',
  recipients: 'de ontvangers met naam, rol en land (recipients; een lege lijst als niemand ze ontvangt)',
  transfers: 'de doorgiften buiten de EER met hun waarborg (transfers; een lege lijst als er geen zijn)',
  backupDays: 'na hoeveel dagen een back-up wordt overschreven (backupDays)',
  automatedDecisions: 'de geautomatiseerde besluiten met hun logica en gevolgen (automatedDecisions; "none" als er geen zijn)',
};

export function privacyFactLabel(field: string): string {
  return PRIVACY_FACT_LABELS[field] ?? field;
}

export class LetterFactsMissing extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`the privacy facts file lacks: ${missing.join(', ')}`);
    this.name = 'LetterFactsMissing';
  }
}

/** Why we may use the data (art 6(1)), in words, and the article. */
const LEGAL_BASIS_TEXT: Record<LegalBasis, [string, string]> = {
  consent: ['met {uw} toestemming', 'art. 6 lid 1 onder a AVG'],
  contract: ['omdat het nodig is voor de overeenkomst met {jou}', 'art. 6 lid 1 onder b AVG'],
  'legal-obligation': ['omdat de wet ons dat verplicht', 'art. 6 lid 1 onder c AVG'],
  'vital-interests': ['om iemands leven of gezondheid te beschermen', 'art. 6 lid 1 onder d AVG'],
  'public-task': ['voor een taak van algemeen belang', 'art. 6 lid 1 onder e AVG'],
  'legitimate-interests': ['omdat wij daar een gerechtvaardigd belang bij hebben', 'art. 6 lid 1 onder f AVG'],
};

/** The legal bases in French and English (art. 6, par. 1 / Art. 6(1) GDPR). */
const FOREIGN_LEGAL_BASIS_TEXT: Record<'fr' | 'en', Record<LegalBasis, [string, string]>> = {
  fr: {
    consent: ['avec votre consentement', 'art. 6, par. 1, point a), du RGPD'],
    contract: ["parce que c'est nécessaire à l'exécution du contrat conclu avec vous", 'art. 6, par. 1, point b), du RGPD'],
    'legal-obligation': ['parce que la loi nous y oblige', 'art. 6, par. 1, point c), du RGPD'],
    'vital-interests': ["pour protéger la vie ou la santé d'une personne", 'art. 6, par. 1, point d), du RGPD'],
    'public-task': ["pour une mission d'intérêt public", 'art. 6, par. 1, point e), du RGPD'],
    'legitimate-interests': ['parce que nous y avons un intérêt légitime', 'art. 6, par. 1, point f), du RGPD'],
  },
  en: {
    consent: ['with your consent', 'Art. 6(1)(a) GDPR'],
    contract: ['because it is necessary for the contract with you', 'Art. 6(1)(b) GDPR'],
    'legal-obligation': ['because the law requires us to', 'Art. 6(1)(c) GDPR'],
    'vital-interests': ["to protect someone's life or health", 'Art. 6(1)(d) GDPR'],
    'public-task': ['for a task carried out in the public interest', 'Art. 6(1)(e) GDPR'],
    'legitimate-interests': ['because we have a legitimate interest in it', 'Art. 6(1)(f) GDPR'],
  },
};

/** "het beveiligen van onze systemen, omdat wij daar een gerechtvaardigd belang bij hebben: … (art. 6 lid 1 onder f AVG)" */
function purposeText(p: CompletePrivacyFacts['purposes'][number], tone: Tone, lang: Language = 'nl'): string {
  const [why, article] = lang === 'nl' ? LEGAL_BASIS_TEXT[p.legalBasis] : FOREIGN_LEGAL_BASIS_TEXT[lang][p.legalBasis];
  const interest = p.legitimateInterest ? (lang === 'fr' ? `\u00a0: ${p.legitimateInterest}` : `: ${p.legitimateInterest}`) : '';
  return `${p.purpose}, ${lang === 'nl' ? applyTone(why, tone) : why}${interest} (${article})`;
}

const COUNTRY_NAMES: Record<string, string> = {
  NL: 'Nederland', BE: 'België', DE: 'Duitsland', FR: 'Frankrijk', IE: 'Ierland', LU: 'Luxemburg', US: 'de Verenigde Staten', GB: 'het Verenigd Koninkrijk',
  CH: 'Zwitserland', CA: 'Canada', IN: 'India', AU: 'Australië', JP: 'Japan', DK: 'Denemarken', SE: 'Zweden', FI: 'Finland', PL: 'Polen', ES: 'Spanje',
  IT: 'Italië', AT: 'Oostenrijk', PT: 'Portugal', NO: 'Noorwegen', IS: 'IJsland', LI: 'Liechtenstein',
};

/** Dutch name of a country code, else the code itself. */
export function countryText(code: string): string {
  return COUNTRY_NAMES[code] ?? code;
}

/** The name of a country in a language: Dutch from the table above, French and English from Intl. */
export function countryIn(code: string, lang: Language): string {
  return regionName(code, lang, countryText);
}

/** Per-case texts that are not facts about the processing; an agent may give others. */
const CASE_DEFAULTS_BY_LANGUAGE = {
  nl: {
    copyDelivery: 'in een aparte, beveiligde e-mail',
    rectificationSummary: 'de gegevens die {u} ons noemde, zijn nu juist en volledig.',
    portability: { format: 'CSV', delivery: 'in een aparte, beveiligde e-mail' },
    objectionProcessing: 'het doel waartegen {u} bezwaar maakte',
    consentProcessing: 'de verwerking die op {uw} toestemming berustte',
  },
  fr: {
    copyDelivery: 'dans un e-mail séparé et sécurisé',
    rectificationSummary: 'les données que vous nous avez indiquées sont désormais exactes et complètes.',
    portability: { format: 'CSV', delivery: 'dans un e-mail séparé et sécurisé' },
    objectionProcessing: "la finalité qui a fait l'objet de votre opposition",
    consentProcessing: 'le traitement fondé sur votre consentement',
  },
  en: {
    copyDelivery: 'in a separate, secure email',
    rectificationSummary: 'the data you named to us are now accurate and complete.',
    portability: { format: 'CSV', delivery: 'in a separate, secure email' },
    objectionProcessing: 'the purpose you objected to',
    consentProcessing: 'the processing based on your consent',
  },
} as const;

/**
 * A sentence-like fact without its closing full stop (the templates punctuate). The stop of an
 * abbreviation stays ("B.V.", "Inc.", "art. 52 AWR" has none to lose).
 */
export function bare(text: string): string {
  const t = text.trim();
  if (!t.endsWith('.')) return t;
  const last = t.slice(t.lastIndexOf(' ') + 1, -1);
  return !last.includes('.') && (last.length >= 4 || last.endsWith(')')) ? t.slice(0, -1).trimEnd() : t;
}

/** The facts with their sentence-like texts bare; names stay as written. */
function bareFacts(f: CompletePrivacyFacts): CompletePrivacyFacts {
  return {
    ...f,
    purposes: f.purposes.map((p) => ({ ...p, purpose: bare(p.purpose), ...(p.legitimateInterest ? { legitimateInterest: bare(p.legitimateInterest) } : {}) })),
    categories: f.categories.map((c) => ({ name: bare(c.name), retention: { ...c.retention, period: bare(c.retention.period), reason: bare(c.retention.reason) } })),
    source: bare(f.source),
    recipients: f.recipients.map((r) => ({ ...r, role: bare(r.role) })),
    transfers: f.transfers.map((t) => ({ ...t, safeguard: bare(t.safeguard) })),
    automatedDecisions: f.automatedDecisions === 'none' ? 'none' : f.automatedDecisions.map((d) => ({ decision: bare(d.decision), logic: bare(d.logic), consequences: bare(d.consequences) })),
  };
}

function asComplete(facts: PrivacyFacts, allowFictional: boolean, lang: Language): CompletePrivacyFacts {
  const missing = missingPrivacyFacts(facts, allowFictional);
  if (missing.length) throw new LetterFactsMissing(missing);
  const bared = bareFacts(facts as CompletePrivacyFacts);
  // French facts get French typography like every French text (a no-break space before ":" and ";").
  return lang === 'fr' ? (JSON.parse(JSON.stringify(bared), (_k, v: unknown) => (typeof v === 'string' ? frenchSpacing(v) : v)) as CompletePrivacyFacts) : bared;
}

/** The art 19 paragraph: the recorded recipients (names as the facts spell them) with the date. */
export function notifiedOf(facts: CompletePrivacyFacts, record: CompletionRecord): Notified {
  const byKey = new Map(facts.recipients.map((r) => [r.name.trim().toLowerCase(), r.name]));
  const names = (record.recipientsNotified ?? []).map((n) => byKey.get(n.trim().toLowerCase()) ?? n);
  if (names.length && !record.notifiedOn) throw new Error('notifiedOn is required with recipientsNotified');
  return {
    recipients: names.map((name) => ({ name, notifiedOn: record.notifiedOn! })),
    nobodyReceives: facts.recipients.length === 0,
  };
}

type Given = Partial<{ [K in keyof CompletionDetails]: Partial<CompletionDetails[K]> }>;

/**
 * The completion texts in a tone, from the facts file and what was recorded for this request;
 * specifics given per right (`given`) take precedence. Throws LetterFactsMissing while facts lack.
 */
export function ownProcessingCompletion(
  tone: Tone,
  facts: PrivacyFacts,
  record: CompletionRecord = {},
  given: Given = {},
  options: { allowFictional?: boolean; lang?: Language } = {},
): CompletionDetails {
  const lang = options.lang ?? 'nl';
  const CASE_DEFAULTS = CASE_DEFAULTS_BY_LANGUAGE[lang];
  const f = asComplete(facts, options.allowFictional ?? false, lang);
  const t = (s: string) => (lang === 'nl' ? applyTone(s, tone) : s);
  const notified = notifiedOf(f, record);
  const decisions = f.automatedDecisions === 'none' ? [] : f.automatedDecisions;
  const result: CompletionDetails = {
    access: {
      copyDelivery: CASE_DEFAULTS.copyDelivery,
      purposes: f.purposes.map((p) => purposeText(p, tone, lang)),
      categories: f.categories.map((c) => c.name),
      recipients: f.recipients.map((r) =>
        lang === 'nl' ? `${r.name}: ${r.role}, in ${countryText(r.country)}` : lang === 'fr' ? frenchSpacing(`${r.name} (${countryIn(r.country, lang)}) : ${r.role}`) : `${r.name} (${countryIn(r.country, lang)}): ${r.role}`,
      ),
      retention: f.categories.map((c) => ({ category: c.name, period: c.retention.period, reason: c.retention.reason })),
      source: f.source,
      automatedDecisions: decisions.map((d) => ({ ...d })),
      transfers: f.transfers.map((x) => ({ recipient: x.recipient, country: countryIn(x.country, lang), safeguard: x.safeguard })),
    },
    rectification: { summary: t(CASE_DEFAULTS.rectificationSummary), notified },
    erasure: {
      kept: f.categories
        .filter((c) => c.retention.legalObligation)
        .map((c) => ({ what: c.name, why: c.retention.reason, until: c.retention.period })),
      backupDays: f.backupDays,
      notified,
    },
    restriction: { notified },
    portability: { ...CASE_DEFAULTS.portability },
    objection: { processing: t(CASE_DEFAULTS.objectionProcessing) },
    automatedDecision: { outcome: record.decisionReviewOutcome?.trim() || null },
    consentWithdrawal: { processing: t(CASE_DEFAULTS.consentProcessing) },
  };
  for (const key of Object.keys(result) as (keyof CompletionDetails)[]) {
    const specific = given[key];
    if (specific && typeof specific === 'object') (result as unknown as Record<string, unknown>)[key] = { ...result[key], ...specific };
  }
  return result;
}
