/** What clients send about incidents: the report of a forwarding sent in error, and the assessment. */
import { z } from 'zod';
import { DATE_YEARS_MESSAGE, IF_WELL_FORMED, inDateYears } from '../common/validation.js';

/** A short description of what went wrong (free text: kept in the incident only, never in audit or mail). */
export const sentInErrorSchema = z.strictObject({
  description: z.string().trim().min(5, 'Describe in a few words what went wrong.').max(1000, 'At most 1,000 characters.'),
});
export type SentInErrorInput = z.output<typeof sentInErrorSchema>;

export const SENT_IN_ERROR_MIN = 5;

/**
 * Art 33(2): the processor notifies the controller without undue delay after becoming aware of a
 * personal data breach. The assessment records whether this incident is such a breach that must be
 * notified, why, and — when it is — which controller was notified and when.
 */
export const incidentAssessmentSchema = z
  .strictObject({
    notifiable: z.boolean(),
    reasoning: z.string().trim().min(10, 'Give the reasoning (at least 10 characters).').max(4000),
    notifiedControllerId: z.uuid().optional(),
    notifiedAt: z.iso.datetime({ offset: true }).refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.notifiable) return;
    if (!v.notifiedControllerId) ctx.addIssue({ code: 'custom', path: ['notifiedControllerId'], message: 'Name the controller that was notified.' });
    if (!v.notifiedAt) ctx.addIssue({ code: 'custom', path: ['notifiedAt'], message: 'Give when the controller was notified.' });
  });
export type IncidentAssessmentInput = z.output<typeof incidentAssessmentSchema>;
