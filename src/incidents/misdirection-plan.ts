/**
 * What marking a forwarding as sent in error writes (pure; the forwarding planner calls it for the
 * request machine's `reportMisdirection` action): the forwarding's link revoked and — while its
 * state still takes it — the forwarding called off; an incident for the privacy officer; a Dutch
 * mail to the processor's privacy address naming only the reference and the controller (no
 * personal data of the requester); audit events without free text.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEventInput } from '../audit/audit.js';
import { localDateTime } from '../deadlines/time.js';
import { localDate } from '../deadlines/deadlines.js';
import { assertCarriedOut } from '../common/flat-machine.js';
import { newTokenLink } from '../common/links.js';
import { applyDeletionEvent, INCIDENT_ACTIONS_CARRIED_OUT } from './incident.machine.js';
import { applyForwardingEvent, canApply, FORWARDING_ACTIONS_CARRIED_OUT } from '../forwarding/forwarding.machine.js';
import type { ForwardingRow } from '../forwarding/forwarding-row.js';
import type { MisdirectedController, MisdirectionEffects, MisdirectionPlanner } from '../forwarding/misdirection-port.js';
import type { MessageInsert } from '../requests/request-effects.js';
import type { ResolvedConfig } from '../config/config.module.js';

export type { MisdirectionEffects };

export const INCIDENT_MAIL_TEMPLATE = 'processor-incident';
export const DELETION_REQUEST_TEMPLATE = 'deletion-request';
/** How long the wrong recipient's confirmation link works. */
export const DELETION_LINK_DAYS = 30;

export interface MisdirectionSettings {
  privacyEmail: string;
  processorTone: 'u' | 'je';
  publicBaseUrl: string;
}

/** The processor's settings for the incident mail. */
export function misdirectionSettings(config: Pick<ResolvedConfig, 'processor' | 'processorTone' | 'publicBaseUrl'>): MisdirectionSettings {
  return { privacyEmail: config.processor.privacyEmail, processorTone: config.processorTone, publicBaseUrl: config.publicBaseUrl };
}

/**
 * The deletion request to the wrong recipient (REQUEST_DELETION: none → requested), only when the
 * forwarding's mail had left: a mail withheld in this statement never reached anyone. The clear
 * token is only in the mail (the outbox scrubs it once sent); the incident keeps its digest.
 */
export function planDeletionRequest(
  row: Pick<ForwardingRow, 'sentAt' | 'createdAt' | 'contactEmail' | 'controllerName' | 'country'>,
  controller: MisdirectedController,
  incidentId: string,
  now: Date,
  publicBaseUrl: string,
): { message: MessageInsert; deletion: { tokenDigest: string; expiresAt: string } } | null {
  if (!row.sentAt) return null;
  assertCarriedOut(applyDeletionEvent('none', { type: 'REQUEST_DELETION' }), INCIDENT_ACTIONS_CARRIED_OUT.misdirection);
  const link = newTokenLink(publicBaseUrl, 'd', now, DELETION_LINK_DAYS * 86_400_000);
  return {
    deletion: { tokenDigest: link.digest, expiresAt: link.expiresAt.toISOString() },
    // No forwardingId in the data: the outbox scrubs this link itself once the mail is sent.
    message: {
      recipient: row.contactEmail,
      template: DELETION_REQUEST_TEMPLATE,
      data: {
        tone: controller.tone,
        ...(controller.language ? { lang: controller.language } : {}),
        incidentId,
        controller: { name: row.controllerName, country: row.country, contactName: controller.contactName },
        forwardedOn: localDate(row.sentAt, row.country),
        link: link.url,
        expiresOn: localDate(link.expiresAt, row.country),
      },
    },
  };
}

/** MISDIRECTION_PLANNER (src/forwarding/misdirection-port.ts): planMisdirection with the processor's settings. */
export function misdirectionPlanner(config: Pick<ResolvedConfig, 'processor' | 'processorTone' | 'publicBaseUrl'>): MisdirectionPlanner {
  const settings = misdirectionSettings(config);
  return { plan: (row, description, request, controller) => planMisdirection(row, description, request, settings, controller) };
}

export function planMisdirection(
  row: ForwardingRow,
  description: string,
  request: { id: string | null; now: Date },
  settings: MisdirectionSettings,
  controller: MisdirectedController,
  incidentId: string = randomUUID(),
): MisdirectionEffects {
  const at = localDateTime(request.now, row.country);
  const cancel = canApply(row.snapshot, { type: 'CANCEL', at });
  const next = cancel ? applyForwardingEvent(row.snapshot, { type: 'CANCEL', at }) : undefined;
  // misdirected_rows (forwarding-sql.ts misdirectForwardings) carries out callOff: called off, link revoked.
  if (next) assertCarriedOut({ from: row.state, state: next.state, actions: next.actions }, FORWARDING_ACTIONS_CARRIED_OUT.misdirection);
  const ids = { forwardingId: row.id, controllerId: row.controllerId };
  const deletion = planDeletionRequest(row, controller, incidentId, request.now, settings.publicBaseUrl);
  const audit: AuditEventInput[] = [
    { requestId: request.id, actor: 'system', type: 'CONTROLLER_LINK_REVOKED', at: request.now, data: { ...ids, reason: 'sent-in-error' } },
    ...(next ? [{ requestId: request.id, actor: 'system', type: 'FORWARDING_CANCELLED', at: request.now, data: { ...ids, reason: 'sent-in-error' } }] : []),
    {
      requestId: request.id,
      actor: 'system',
      type: 'INCIDENT_RECORDED',
      at: request.now,
      data: { ...ids, incidentId, kind: 'misdirected-forwarding', privacyOfficerMailed: true },
    },
    ...(deletion
      ? [{ requestId: request.id, actor: 'system', type: 'INCIDENT_DELETION_REQUESTED', at: request.now, data: { ...ids, incidentId } }]
      : []),
  ];
  return {
    misdirection: {
      incidentId,
      ...ids,
      version: row.version,
      state: next ? next.state : null,
      snapshot: next ? next.persisted : null,
      description,
      at: request.now.toISOString(),
      deletion: deletion?.deletion ?? null,
    },
    messages: [
    // No forwardingId in the data: the outbox's forwarding hooks must leave this mail alone.
    {
      recipient: settings.privacyEmail,
      template: INCIDENT_MAIL_TEMPLATE,
      data: {
        tone: settings.processorTone,
        controller: { name: row.controllerName, country: row.country },
        forwardedOn: localDate(row.sentAt ?? row.createdAt, row.country),
        reportedOn: localDate(request.now, row.country),
        linkOpened: row.firstViewedAt !== null,
        decided: row.decidedAt !== null,
        deletionRequested: deletion !== null,
        incidentsUrl: `${settings.publicBaseUrl.replace(/\/$/, '')}/ui/incidents`,
      },
    },
      ...(deletion ? [deletion.message] : []),
    ],
    audit,
  };
}
