import { z } from 'zod';

export const legalHoldBodySchema = z.strictObject({
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(500, 'At most 500 characters.'),
});
