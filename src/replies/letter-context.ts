/**
 * The data a letter is rendered with, built from the request when the outbox worker delivers it
 * (pure). The outbox row carries only codes; names, reasons and dates come from the request.
 */
import type { Country } from '../deadlines/countries.js';
import type { RequestDeadlines, RequestRow } from '../requests/request-row.js';
import type { RequestContext } from '../requests/request.types.js';
import { guidanceCountry, isDocumentType, redactionGuidance, representativeGuidance } from './id-guidance.js';
import type { PrivacyFacts, PrivacyFactsByLanguage } from '../config/privacy-facts.js';
import { LetterFactsMissing, ownProcessingCompletion, type CompletionRecord } from './own-processing.js';
import { isLanguage, requesterLanguageOf, TEAM_LANGUAGE, type Language } from '../vocabulary/language.js';
import type { Tone } from '../vocabulary/vocabulary.js';
import { catalogueEntry } from './catalogue.js';

export interface LetterSettings {
  tone: Tone;
  /** The language when nothing else says which (PROCESSOR_LANGUAGE). */
  defaultLanguage?: Language;
  processor: { name: string; email: string; country: Country };
  /**
   * The privacy facts per language (in-house completion letters quote those of the letter's
   * language; a language without its file is left out); fictional facts only with demo data.
   */
  privacyFacts?: { facts: Partial<Record<Language, PrivacyFacts>>; allowFictional: boolean };
}

/** The facts a letter may quote, per language: every file read (the main one also when absent); a translation that is not there is left out. */
export function factsByLanguage(all: PrivacyFactsByLanguage): Partial<Record<Language, PrivacyFacts>> {
  return Object.fromEntries(Object.values(all).filter((s) => !s.translation || s.origin !== 'absent').map((s) => [s.language, s.facts]));
}

export class LetterDataError extends Error {
  constructor(template: string, what: string) {
    super(`Template ${template}: ${what}`);
    this.name = 'LetterDataError';
  }
}

type RequestFacts = Pick<RequestRow, 'reference' | 'requesterName' | 'requesterEmail' | 'requesterCustomerRef' | 'rights' | 'snapshot'> &
  Partial<Pick<RequestRow, 'requesterCountry' | 'requesterLanguage'>>;

/**
 * The language of a letter: the processor's team always reads Dutch; a letter to the requester
 * is in the requester's language; a letter to a controller in the controller's, which its module
 * puts in the message's data (`lang`) when it queues it. Apart from the team's letters, a `lang`
 * in the data wins.
 */
export function letterLanguage(template: string, request: Partial<Pick<RequestRow, 'requesterLanguage'>>, data: Record<string, unknown>, fallback: Language = 'nl'): Language {
  const audience = catalogueEntry(template)?.audience;
  if (audience === 'processor') return TEAM_LANGUAGE;
  if (isLanguage(data.lang)) return data.lang;
  return audience === 'requester' ? requesterLanguageOf(request, fallback) : fallback;
}

/**
 * Context of a letter about a request. `data` (the outbox row's data) comes last, so a later
 * module can supply what the request does not have (controller, link, completion specifics).
 */
export function letterContext(
  template: string,
  request: RequestFacts,
  deadlines: Pick<RequestDeadlines, 'receivedDate' | 'respondBy' | 'extendedRespondBy' | 'effectiveRespondBy' | 'dueDate'>,
  data: Record<string, unknown>,
  settings: LetterSettings,
): Record<string, unknown> {
  const context = ((request.snapshot as { context?: RequestContext } | null)?.context ?? {}) as Partial<RequestContext>;
  const lang = letterLanguage(template, request, data, settings.defaultLanguage);
  const base: Record<string, unknown> = {
    tone: settings.tone,
    lang,
    reference: request.reference,
    processor: settings.processor,
    country: settings.processor.country,
    requester: { name: request.requesterName, email: request.requesterEmail, customerRef: request.requesterCustomerRef },
    receivedDate: deadlines.receivedDate,
    // The date in force (extended, paused, promised) by which the requester hears from us.
    respondBy: deadlines.effectiveRespondBy < deadlines.dueDate ? deadlines.effectiveRespondBy : deadlines.dueDate,
    rights: request.rights,
  };
  const specific: Record<string, unknown> = {};
  switch (template) {
    case 'clarification-request':
    case 'identification-request': {
      if (!context.infoRequest?.reason) throw new LetterDataError(template, 'the request has no question for the requester');
      specific.question = context.infoRequest.reason;
      if (template === 'identification-request') {
        // The one source of redaction guidance (id-guidance.ts), for the document asked for if any.
        // It follows the requester's own country, not the processor's (both NL and BE when unknown).
        specific.idGuidance = redactionGuidance({
          country: guidanceCountry(request.requesterCountry),
          recipient: settings.processor.name,
          documentType: isDocumentType(data.documentType) ? data.documentType : null,
          reference: request.reference,
          tone: settings.tone,
          lang,
        });
        specific.representative = representativeGuidance(settings.tone, lang);
      }
      break;
    }
    case 'email-confirmation': {
      if (typeof data.link !== 'string' || !data.link) throw new LetterDataError(template, 'the confirmation link is missing');
      break;
    }
    case 'extension-notice': {
      if (!context.extended?.reason) throw new LetterDataError(template, 'the request was not extended');
      specific.reason = context.extended.reason;
      specific.originalRespondBy = deadlines.respondBy;
      specific.newRespondBy = deadlines.extendedRespondBy;
      break;
    }
    case 'refusal': {
      if (!context.refusal) throw new LetterDataError(template, 'the request was not refused');
      specific.ground = context.refusal.ground;
      specific.reason = context.refusal.reason;
      specific.partial = context.refusal.partial === true;
      break;
    }
    case 'forwarding': {
      // Whether the requester was told where the request went; unknown for a mail queued before this field existed.
      specific.requesterTold = typeof data.requesterTold === 'boolean' ? data.requesterTold : null;
      break;
    }
    case 'instruction-completed-notice': {
      specific.instruction = typeof data.instruction === 'string' ? data.instruction : null;
      break;
    }
    case 'completion': {
      const given = (data.completion ?? {}) as Parameters<typeof ownProcessingCompletion>[3];
      const record: CompletionRecord = {
        recipientsNotified: Array.isArray(data.recipientsNotified) ? data.recipientsNotified.map(String) : [],
        notifiedOn: typeof data.notifiedOn === 'string' ? data.notifiedOn : undefined,
        decisionReviewOutcome: typeof data.decisionReviewOutcome === 'string' ? data.decisionReviewOutcome : undefined,
      };
      const facts = settings.privacyFacts ?? { facts: {}, allowFictional: false };
      const inLanguage = facts.facts[lang];
      if (!inLanguage) throw new LetterDataError(template, `there are no privacy facts in ${lang} (the translation of the privacy facts file is missing)`);
      let completion;
      try {
        completion = ownProcessingCompletion(settings.tone, inLanguage, record, given, { allowFictional: facts.allowFictional, lang });
      } catch (err) {
        if (err instanceof LetterFactsMissing) throw new LetterDataError(template, err.message);
        throw err;
      }
      if (request.rights.includes('automated-decision') && completion.access.automatedDecisions.length && !completion.automatedDecision.outcome) {
        throw new LetterDataError(template, 'the outcome of the review of the automated decision is missing');
      }
      specific.completion = completion;
      break;
    }
  }
  const { completion: _ignored, recipientsNotified: _names, notifiedOn: _on, decisionReviewOutcome: _outcome, ...rest } = data;
  return { ...base, ...specific, ...(template === 'completion' ? rest : data), lang };
}
