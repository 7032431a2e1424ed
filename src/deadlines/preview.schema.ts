/** The query of GET /api/v1/deadlines/preview. */
import { z } from 'zod';
import { COUNTRY_CODES } from './countries.js';
import { isDateInputString } from './days.js';
import { DEADLINE_LIMITS } from './deadlines.js';

/** Receipt years the preview accepts (keeps the engine's caches to realistic days). */
export const PREVIEW_YEARS = { min: 1970, max: 2199 } as const;

const RECEIVED_AT_FORMAT = 'a date (YYYY-MM-DD) or an ISO 8601 date-time with offset (e.g. 2026-03-28T14:05:00+01:00)';

const receivedAt = z
  .string({ error: (issue) => (issue.input === undefined ? 'receivedAt is required.' : 'receivedAt must be a single value.') })
  .refine(isDateInputString, { error: `receivedAt must be ${RECEIVED_AT_FORMAT}, and an existing date.`, abort: true })
  .refine(
    (text) => {
      const year = Number(text.slice(0, 4));
      return year >= PREVIEW_YEARS.min && year <= PREVIEW_YEARS.max;
    },
    { error: `receivedAt must be in the years ${PREVIEW_YEARS.min} to ${PREVIEW_YEARS.max}.` },
  );

/** A whole number of 0 or more in a query string, at most `max`. */
function count(name: keyof typeof DEADLINE_LIMITS) {
  const max = DEADLINE_LIMITS[name];
  return z
    .string({ error: `${name} must be a single whole number.` })
    .regex(/^(0|[1-9][0-9]{0,5})$/, { error: `${name} must be a whole number of 0 or more.` })
    .transform(Number)
    .pipe(z.number().max(max, { error: `${name} must be at most ${max}.` }));
}

export const previewQuerySchema = z.strictObject({
  receivedAt,
  country: z.enum(COUNTRY_CODES, { error: `country must be one of: ${COUNTRY_CODES.join(', ')}.` }),
  pausedDays: count('pausedDays').default(0),
  slaWorkingDays: count('slaWorkingDays').default(1),
  promiseDays: count('promiseDays').optional(),
});

export type PreviewQuery = z.output<typeof previewQuerySchema>;
