/** Validation of what clients send: the intake body and the events an agent or helpdesk may send. */
import { z } from 'zod';
import { REFUSAL_GROUNDS, RIGHTS, SCOPES } from './request.types.js';
import { CHANNELS } from '../vocabulary/vocabulary.js';
import { LANGUAGES } from '../vocabulary/language.js';
import { DATE_YEARS_MESSAGE, GDPR_FIRST_DAY, IF_WELL_FORMED, inDateYears, queryInteger } from '../common/validation.js';

export { CHANNELS, type Channel } from '../vocabulary/vocabulary.js';

const offsetDateTime = z.iso.datetime({ offset: true });
/** When the request arrived: not before the GDPR applied (its local date), not in the future (checked by the intake). */
const receiptTime = offsetDateTime
  .refine((t) => t.slice(0, 10) >= GDPR_FIRST_DAY, { message: `Not before ${GDPR_FIRST_DAY}, when the GDPR began to apply.`, ...IF_WELL_FORMED })
  .refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED });
const text = (max: number) => z.string().min(1).max(max);
const distinct = <T>(items: T[]) => new Set(items).size === items.length;

const rights = z
  .array(z.enum(RIGHTS))
  .min(1, 'Name at least one right.')
  .max(RIGHTS.length)
  .refine(distinct, 'Each right only once.');

export const requesterSchema = z
  .strictObject({
    name: text(200),
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .max(40)
      .regex(/^\+?[0-9 ()./-]{6,40}$/, 'A phone number: digits, spaces, +, -, (, ), . or /.')
      .optional(),
    customerRef: text(100).optional(),
    address: text(500).optional(),
    // The requester's own country (ISO 3166-1 alpha-2): the identification letter's redaction guidance follows it.
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'An ISO 3166-1 alpha-2 country code, such as NL or BE.')
      .transform((c) => c.toUpperCase())
      .optional()
      .meta({
        description:
          "The requester's own country (ISO 3166-1 alpha-2, e.g. NL, BE). Optional: without it, it is derived from a +31/+32 phone number or the address; when still unknown, identification guidance covers both Dutch and Belgian documents.",
      }),
    language: z
      .enum(LANGUAGES)
      .optional()
      .meta({
        description:
          "The language of the requester's letters and verification pages: nl, fr or en. Optional: without it, the processor's language (PROCESSOR_LANGUAGE, default nl); a request taken in from the mailbox gets the language the mail is written in.",
      }),
  })
  .refine((r) => r.email || r.phone || r.address, {
    message: 'Give at least one way to reach the requester: email, phone or address.',
    path: ['email'],
  });

export const createRequestSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  receivedAt: receiptTime.optional(),
  externalRef: text(200).optional(),
  requester: requesterSchema,
  rights,
  message: z.string().min(1).max(20_000, 'At most 20,000 characters.'),
});
export type CreateRequestInput = z.output<typeof createRequestSchema>;

/**
 * A request taken in from the privacy mailbox (src/inbox): channel email, and the rights a keyword
 * classifier suggests, possibly none (the agent settles them when assessing the request).
 */
export const mailRequestSchema = createRequestSchema.extend({
  channel: z.literal('email'),
  // None: the rights the classifier suggests stay with the mail until an agent confirms them (CONFIRM_RIGHTS).
  rights: z.array(z.enum(RIGHTS)).max(0),
});

const uuid = z.uuid();

/** Events a client (agent or helpdesk) may send; routing, time and forwarding links send the others. */
export const clientEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CLASSIFY'), rights: rights.optional(), scope: z.enum(SCOPES) }),
  z.strictObject({ type: z.literal('ASSIGN_CONTROLLER'), controllerIds: z.array(uuid).min(1).max(50).refine(distinct) }),
  z.strictObject({
    type: z.literal('FORWARDING_SETTLED'),
    controllerId: uuid,
    decision: z.enum(['takes-over', 'instruct', 'not-ours']),
    instruction: z.enum(['erase', 'rectify', 'restrict', 'export', 'stop-processing']).optional(),
  }),
  z.strictObject({
    type: z.literal('INSTRUCTION_DONE'),
    controllerId: uuid,
    // What was done, in words (no more personal data than needed); the art 19 recipients told of it.
    outcome: text(4000),
    recipientsNotified: z.array(z.string().min(1).max(200)).max(100).refine(distinct, 'Each recipient only once.').optional(),
  }),
  z.strictObject({ type: z.literal('REQUEST_INFO'), reason: text(2000), forIdentification: z.boolean() }),
  z.strictObject({ type: z.literal('INFO_RECEIVED') }),
  z.strictObject({ type: z.literal('VERIFIED') }),
  z.strictObject({ type: z.literal('PREPARE_ANSWER') }),
  z.strictObject({ type: z.literal('EXTEND'), reason: text(2000) }),
  z.strictObject({ type: z.literal('REFUSE'), ground: z.enum(REFUSAL_GROUNDS), reason: text(4000), partial: z.boolean().optional() }),
  z.strictObject({
    type: z.literal('COMPLETE'),
    // Art 19: the recipients (names from the privacy facts file) told of a rectification, erasure or restriction.
    recipientsNotified: z.array(z.string().min(1).max(200)).max(100).refine(distinct, 'Each recipient only once.').optional(),
    // Art 22(3): the outcome of the review of an automated decision, as the letter states it.
    decisionReviewOutcome: text(2000).optional(),
  }),
  z.strictObject({ type: z.literal('WITHDRAW') }),
  z.strictObject({ type: z.literal('MARK_DUPLICATE'), of: z.string().max(40).regex(/^AVG-\d{4}-\d{6,}$/, 'A reference such as AVG-2026-000123.') }),
  z.strictObject({ type: z.literal('NOTE'), text: text(10_000) }),
  // A request taken in from the mailbox: the rights an agent confirms (the classifier only suggests them).
  z.strictObject({ type: z.literal('CONFIRM_RIGHTS'), rights }),
  // A mail from the mailbox that is no request (spam, a newsletter): closed, its personal data purged at once.
  z.strictObject({ type: z.literal('DISCARD') }),
  // The requester's language from now on (letters, verification pages); the same language again changes nothing.
  z.strictObject({
    type: z.literal('SET_LANGUAGE'),
    language: z.enum(LANGUAGES, { error: `One of ${LANGUAGES.join(', ')}.` }).meta({ description: "The requester's language from now on: nl, fr or en" }),
  }),
]);
export type ClientEvent = z.output<typeof clientEventSchema>;
export const CLIENT_EVENT_TYPES: readonly string[] = clientEventSchema.options.map((o) => o.shape.type.value);

export const listRequestsQuerySchema = z.strictObject({
  state: z.string().max(100).optional(),
  controllerId: uuid.optional(),
  dueBefore: z.iso.date().refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED }).optional(),
  externalRef: text(200).optional(),
  reference: text(40).optional(),
  limit: queryInteger(1, 500).default(50),
  cursor: z.string().max(500).optional(),
});
