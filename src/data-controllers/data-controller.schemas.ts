/** Validation of what clients send to /api/v1/controllers. */
import { z } from 'zod';
import { IDENTIFIER_TYPES } from './identifiers.js';
import { LANGUAGES } from '../vocabulary/language.js';
import { DATE_YEARS_MESSAGE, IF_WELL_FORMED, inDateYears, queryInteger } from '../common/validation.js';

const text = (max: number) => z.string().min(1).max(max);

export const COUNTRIES = ['NL', 'BE'] as const;
export const TONES = ['u', 'je'] as const;

const phone = z
  .string()
  .max(40)
  .regex(/^\+?[0-9 ()./-]{6,40}$/, 'A phone number: digits, spaces, +, -, (, ), . or /.');

export const privacyContactSchema = z.strictObject({
  name: text(200).optional(),
  email: z.email().max(254),
  phone: phone.optional(),
});

export const agreementSchema = z.strictObject({
  title: text(300),
  version: text(50).optional(),
  date: z.iso.date().refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED }).optional(),
});

const slaDays = z.number().int().min(0).max(30);
const promiseDays = z.number().int().min(1).max(90);

export const createControllerSchema = z.strictObject({
  name: text(200),
  country: z.enum(COUNTRIES),
  privacyContact: privacyContactSchema,
  tone: z.enum(TONES),
  language: z.enum(LANGUAGES).optional().meta({ description: "The language of the mails to this controller and of its pages: nl, fr or en (default the processor's language, PROCESSOR_LANGUAGE)" }),
  forwardingSlaWorkingDays: slaDays.optional(),
  mayInformRequester: z.boolean().optional(),
  agreement: agreementSchema.optional(),
  responsePromiseDays: promiseDays.optional(),
});
export type CreateControllerInput = z.output<typeof createControllerSchema>;

export const updateControllerSchema = z
  .strictObject({
    name: text(200).optional(),
    country: z.enum(COUNTRIES).optional(),
    privacyContact: privacyContactSchema.optional(),
    tone: z.enum(TONES).optional(),
    language: z.enum(LANGUAGES).optional(),
    forwardingSlaWorkingDays: slaDays.optional(),
    mayInformRequester: z.boolean().optional(),
    agreement: agreementSchema.nullable().optional(),
    responsePromiseDays: promiseDays.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Name at least one field to change.');
export type UpdateControllerInput = z.output<typeof updateControllerSchema>;

export const listControllersQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: queryInteger(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListControllersQuery = z.output<typeof listControllersQuerySchema>;

/** At most this many identifiers per POST or PUT (the body limit of 1 MB comes first for long values). */
export const MAX_IDENTIFIERS_PER_CALL = 50_000;

export const identifiersBodySchema = z.strictObject({
  identifiers: z
    .array(z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().max(500) }))
    .max(MAX_IDENTIFIERS_PER_CALL, `At most ${MAX_IDENTIFIERS_PER_CALL} identifiers per call; use the CLI import for more.`),
});
export type IdentifiersBody = z.output<typeof identifiersBodySchema>;
