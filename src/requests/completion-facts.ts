/**
 * May an in-house request be completed now (COMPLETE)? Its letter is written from the privacy
 * facts file, so the file must be complete; the recipients the agent marks as told (art 19) must
 * be recipients the file names; and a review of an automated decision needs its outcome (art 22(3))
 * when the facts say such decisions are taken. Pure; RequestCommands throws what it returns.
 */
import { ProblemException, ValidationProblem, type FieldError } from '../common/problem.js';
import type { PrivacyFactsState } from '../config/privacy-facts.js';
import type { Right } from './request.types.js';

export const PRIVACY_FACTS_INCOMPLETE = 'privacy-facts-incomplete';

export function completionProblem(
  facts: PrivacyFactsState,
  rights: readonly Right[],
  event: { recipientsNotified?: readonly string[]; decisionReviewOutcome?: string },
): ProblemException | null {
  if (facts.missing.length) {
    return new ProblemException(
      422,
      PRIVACY_FACTS_INCOMPLETE,
      'The privacy facts file is incomplete',
      `The completion letter states the facts of PRIVACY_FACTS_FILE; fill in: ${facts.missing.join(', ')} (and restart the service).`,
      { missingFacts: [...facts.missing] },
    );
  }
  const errors: FieldError[] = [];
  const known = new Set((facts.facts.recipients ?? []).map((r) => r.name.trim().toLowerCase()));
  const unknown = (event.recipientsNotified ?? []).filter((n) => !known.has(n.trim().toLowerCase()));
  if (unknown.length) errors.push({ pointer: '/recipientsNotified', detail: `Not a recipient in the privacy facts file: ${unknown.map((n) => `"${n}"`).join(', ')}.` });
  const decisions = facts.facts.automatedDecisions;
  if (rights.includes('automated-decision') && Array.isArray(decisions) && !event.decisionReviewOutcome?.trim()) {
    errors.push({ pointer: '/decisionReviewOutcome', detail: 'Describe the outcome of the review of the automated decision (art 22(3)); the letter states it.' });
  }
  return errors.length ? new ValidationProblem(errors) : null;
}
