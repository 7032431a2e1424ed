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
 * The privacy officer's assessment, once. Whose data was disclosed decides the branch:
 * - another controller's (the controller whose request it was; normally not the wrong recipient):
 *   the processor notifies that controller of every breach without undue delay (art 33(2)).
 *   `notifiable: true` with `notifiedControllerId` sends the breach notice (art 33(3) contents)
 *   through the outbox; that controller decides on reporting to its authority.
 * - the processor's own (`processorIsController: true`: its own intake data, or a request no
 *   controller owns): the processor is controller (art 33(1)). `notifiable: true` means it was
 *   reported to the AP/GBA, `authorityNotifiedAt` says when (the 72-hour clock).
 * `notifiable: false`: not a breach to notify (e.g. the mail never left), with the reasoning (art 33(5)).
 */
export const incidentAssessmentSchema = z
  .strictObject({
    notifiable: z.boolean(),
    reasoning: z.string().trim().min(10, 'Give the reasoning (at least 10 characters).').max(4000),
    processorIsController: z.boolean().default(false),
    notifiedControllerId: z.uuid().optional(),
    authorityNotifiedAt: z.iso.datetime({ offset: true }).refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.notifiable) return;
    if (v.processorIsController) {
      if (!v.authorityNotifiedAt) ctx.addIssue({ code: 'custom', path: ['authorityNotifiedAt'], message: 'Give when the supervisory authority was notified.' });
      if (v.notifiedControllerId) ctx.addIssue({ code: 'custom', path: ['notifiedControllerId'], message: 'No controller is notified when the processor is controller itself.' });
    } else if (!v.notifiedControllerId) {
      ctx.addIssue({ code: 'custom', path: ['notifiedControllerId'], message: 'Name the controller whose data it is: the breach notice goes there.' });
    }
  });
export type IncidentAssessmentInput = z.output<typeof incidentAssessmentSchema>;
