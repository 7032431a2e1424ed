/** What API clients send about a processor task: a concern, the controller's answer, an export's file name. */
import { z } from 'zod';
import { CONCERN_MIN_REASON } from './processor-task.rules.js';

/** Art 28(3), last sentence: why the instruction may infringe the GDPR or other law (kept in the task and the letter, never in audit). */
export const taskConcernSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(CONCERN_MIN_REASON, `Explain why the instruction may infringe the GDPR or other law (at least ${CONCERN_MIN_REASON} characters).`)
    .max(4000, 'At most 4,000 characters.'),
});
export type TaskConcernInput = z.output<typeof taskConcernSchema>;

/** The controller's answer: it confirmed the instruction (the task is open again) or withdrew it (the task is cancelled). */
export const concernResolutionSchema = z.strictObject({
  resolution: z.enum(['confirmed', 'withdrawn']),
  note: z.string().trim().min(1, "Note the controller's answer.").max(4000, 'At most 4,000 characters.'),
});
export type ConcernResolutionInput = z.output<typeof concernResolutionSchema>;

/** The query of an export upload: the file's name as the controller will see it. */
export const exportUploadQuerySchema = z.strictObject({
  filename: z.string().trim().min(1, 'Give the file name (?filename=…).').max(200, 'At most 200 characters.'),
});
