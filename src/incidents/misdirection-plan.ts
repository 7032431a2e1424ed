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
import { applyForwardingEvent, canApply, FORWARDING_ACTIONS_CARRIED_OUT } from '../forwarding/forwarding.machine.js';
import type { ForwardingRow } from '../forwarding/forwarding-row.js';
import type { MisdirectionEffects, MisdirectionPlanner } from '../forwarding/misdirection-port.js';
import type { ResolvedConfig } from '../config/config.module.js';

export type { MisdirectionEffects };

export const INCIDENT_MAIL_TEMPLATE = 'processor-incident';

export interface MisdirectionSettings {
  privacyEmail: string;
  processorTone: 'u' | 'je';
  publicBaseUrl: string;
}

/** The processor's settings for the incident mail. */
export function misdirectionSettings(config: Pick<ResolvedConfig, 'processor' | 'processorTone' | 'publicBaseUrl'>): MisdirectionSettings {
  return { privacyEmail: config.processor.privacyEmail, processorTone: config.processorTone, publicBaseUrl: config.publicBaseUrl };
}

/** MISDIRECTION_PLANNER (src/forwarding/misdirection-port.ts): planMisdirection with the processor's settings. */
export function misdirectionPlanner(config: Pick<ResolvedConfig, 'processor' | 'processorTone' | 'publicBaseUrl'>): MisdirectionPlanner {
  const settings = misdirectionSettings(config);
  return { plan: (row, description, request) => planMisdirection(row, description, request, settings) };
}

export function planMisdirection(
  row: ForwardingRow,
  description: string,
  request: { id: string | null; now: Date },
  settings: MisdirectionSettings,
  incidentId: string = randomUUID(),
): MisdirectionEffects {
  const at = localDateTime(request.now, row.country);
  const cancel = canApply(row.snapshot, { type: 'CANCEL', at });
  const next = cancel ? applyForwardingEvent(row.snapshot, { type: 'CANCEL', at }) : undefined;
  // misdirected_rows (forwarding-sql.ts misdirectForwardings) carries out callOff: called off, link revoked.
  if (next) assertCarriedOut({ from: row.state, state: next.state, actions: next.actions }, FORWARDING_ACTIONS_CARRIED_OUT.misdirection);
  const ids = { forwardingId: row.id, controllerId: row.controllerId };
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
    },
    // No forwardingId in the data: the outbox's forwarding hooks must leave this mail alone.
    message: {
      recipient: settings.privacyEmail,
      template: INCIDENT_MAIL_TEMPLATE,
      data: {
        tone: settings.processorTone,
        controller: { name: row.controllerName, country: row.country },
        forwardedOn: localDate(row.sentAt ?? row.createdAt, row.country),
        reportedOn: localDate(request.now, row.country),
        linkOpened: row.firstViewedAt !== null,
        decided: row.decidedAt !== null,
        incidentsUrl: `${settings.publicBaseUrl.replace(/\/$/, '')}/ui/incidents`,
      },
    },
    audit,
  };
}
