/** Input of the verification API (zod; also the OpenAPI request bodies). */
import { z } from 'zod';
import { DOCUMENT_TYPES, VERIFICATION_METHODS } from './verification.rules.js';

export const startStepSchema = z.strictObject({
  method: z.enum(VERIFICATION_METHODS).describe('Least intrusive first: known-contact-match, email-confirmation, account-login, callback, in-person, representative-authority, id-document'),
  reason: z.string().trim().max(2000).optional().describe('Required for id-document (reasonable doubt, art 12(6)) and representative-authority; shown to the requester in the identification letter'),
  documentType: z.enum(DOCUMENT_TYPES).optional().describe('id-document only: the document asked for, for the redaction guidance'),
  lessIntrusiveUnsuitable: z
    .string()
    .trim()
    .max(400)
    .optional()
    .describe('id-document only, required unless a less intrusive method (known-contact-match … in-person) failed or expired: why none suits (recorded in the step note; not sent to the requester)'),
});

export const decideStepSchema = z.strictObject({
  status: z.enum(['passed', 'failed']),
  checkedAndDestroyed: z.boolean().optional().describe('Required (true) to close id-document and representative-authority: the copy was checked and destroyed, mail and attachments included'),
  note: z.string().trim().max(500).optional().describe('A short remark; never document data (numbers, images, the document itself)'),
});
