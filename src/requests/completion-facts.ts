/**
 * May an in-house request be completed now (COMPLETE)? Its letter is written from the privacy
 * facts file of the letter's language (the main file or its translation), so that file must be
 * there and complete; the recipients the agent marks as told (art 19) must
 * be recipients the file names; and a review of an automated decision needs its outcome (art 22(3))
 * when the facts say such decisions are taken. Pure; RequestCommands throws what it returns.
 */
import { ProblemException, ValidationProblem, type FieldError } from '../common/problem.js';
import { basename } from 'node:path';
import type { PrivacyFactsState } from '../config/privacy-facts.js';
import { LANGUAGE_NAMES_EN } from '../vocabulary/language.js';
import type { Right } from './request.types.js';

export const PRIVACY_FACTS_INCOMPLETE = 'privacy-facts-incomplete';

export function completionProblem(
  facts: PrivacyFactsState,
  rights: readonly Right[],
  event: { recipientsNotified?: readonly string[]; decisionReviewOutcome?: string },
): ProblemException | null {
  if (facts.missing.length) {
    const file = basename(facts.path);
    const language = LANGUAGE_NAMES_EN[facts.language];
    const [first, ...then] = facts.gaps;
    const detail = !facts.translation
      ? `The completion letter states the facts of PRIVACY_FACTS_FILE (${file}); fill in: ${facts.missing.join(', ')} (and restart the service).`
      : first && !first.translation
        ? // The main file lacks facts: it comes first, then the translation (not there, or lacking facts itself).
          `The completion letter is in ${language} (the requester's language) and states the facts of the ${language} translation of PRIVACY_FACTS_FILE, which follows PRIVACY_FACTS_FILE itself; fill in PRIVACY_FACTS_FILE (${basename(first.path)}) first: ${first.missing.join(', ')}` +
          then.map((gap) => (gap.absent ? `; then add the ${language} translation beside it: ${file}` : `; then in the ${language} translation (${file}): ${gap.missing.join(', ')}`)).join('') +
          ' (and restart the service).'
        : facts.origin === 'absent'
          ? `The completion letter is in ${language} (the requester's language) and states the facts of the ${language} translation of PRIVACY_FACTS_FILE, which is missing: ${file} (add it beside the main file and restart the service).`
          : `The completion letter is in ${language} (the requester's language) and states the facts of the ${language} translation of PRIVACY_FACTS_FILE (${file}); fill in: ${facts.missing.join(', ')} (and restart the service).`;
    return new ProblemException(422, PRIVACY_FACTS_INCOMPLETE, 'The privacy facts file is incomplete', detail, {
      missingFacts: [...facts.missing],
      language: facts.language,
      file,
    });
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
