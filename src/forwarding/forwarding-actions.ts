/**
 * The forwarding runner's half that needs no database: what each named action of the forwarding
 * machine writes (its fragment: columns of the forwarding, audit events, a mail with a new link),
 * and the ONE statement that writes a transition — state and snapshot guarded by the row's
 * version — together with the fragments of every action the transition names. ForwardingStore.run
 * reads, applies the machine and runs this statement; nothing else writes a forwarding's state
 * from this module (the request transition moves forwardings through forwarding-sql.ts).
 */
import { randomUUID } from 'node:crypto';
import { auditInsert } from '../audit/audit.js';
import { assertCarriedOut } from '../common/flat-machine.js';
import { messageInsert } from '../replies/message-sql.js';
import { FORWARDING_ACTIONS_CARRIED_OUT, type ForwardingAction, type ForwardingActionParams, type ForwardingTransitionResult, type RunnerActionType } from './forwarding.machine.js';
import type { ControllerLink } from './forwarding-plan.js';
import type { ForwardingRow } from './forwarding-row.js';
import { forwardingWebhookCte } from './forwarding-webhooks.js';
import type { SettlementState } from './settlement-sql.js';

export interface AuditInput {
  type: string;
  actor: string;
  data?: Record<string, unknown>;
}

/** A mail carrying a new controller link (the link's digest replaces the old one in the same statement). */
export interface LinkMail {
  link: ControllerLink;
  recipient: string;
  template: string;
  data: Record<string, unknown>;
  /** Further mails of the same step (the escalation's mail to the processor). */
  extra?: { recipient: string; template: string; data: Record<string, unknown> }[];
}

/** What the caller knows that the event does not carry; each action takes what it needs. */
export interface RunInput {
  /** Who sends the event: `system`, `controller:<forwardingId>`, `agent:<name>`. */
  actor: string;
  /** DECIDE: the controller's free texts (stored, only whether they were given is audited). */
  decision?: { details?: string; note?: string };
  /** REMIND, ESCALATE, RESEND: the mail with the new link. */
  mail?: LinkMail;
  /** REMIND (acknowledge): the day of the next reminder. */
  nextReminderOn?: string;
  /** BOUNCED: the template of the mail that failed. */
  failedTemplate?: string;
}

/** What one action writes; the runner merges the fragments of a transition into its statement. */
export interface Fragment {
  columns: Record<string, unknown>;
  audit: AuditInput[];
  mail?: LinkMail;
}

type Executor<K extends RunnerActionType> = (params: ForwardingActionParams[K], row: ForwardingRow, input: RunInput, now: Date) => Fragment;

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`forwarding runner: ${what} is required`);
  return value;
}

const PENDING: SettlementState = 'pending';

/** Every action the runner carries out, and what it writes (the map must name exactly the runner's actions). */
export const FORWARDING_EXECUTORS: { [K in RunnerActionType]: Executor<K> } = {
  /** The mail was handed to the transport: when, FORWARDING_SENT (webhook request.forwarded). */
  markSent: (_p, _row, input, now) => ({ columns: { sent_at: now }, audit: [{ type: 'FORWARDING_SENT', actor: input.actor }] }),
  recordAcknowledgement: (_p, _row, input, now) => ({
    columns: { acknowledged_at: now },
    audit: [{ type: 'FORWARDING_ACKNOWLEDGED', actor: input.actor }],
  }),
  /** The decision verbatim (art 28(3)(a)); reminders stop. */
  recordDecision: (p, row, input, now) => {
    const texts = input.decision ?? {};
    return {
      columns: {
        decision: p.decision,
        instruction: p.decision === 'instruct' ? (p.instruction ?? null) : null,
        instruction_details: p.decision === 'instruct' ? texts.details || null : null,
        note: texts.note || null,
        decided_at: now,
        decided_by: row.contactEmail,
        acknowledged_at: row.acknowledgedAt ?? now,
        next_reminder_on: null,
      },
      audit: [
        {
          type: 'FORWARDING_DECIDED',
          actor: input.actor,
          data: {
            decision: p.decision,
            ...(p.decision === 'instruct' ? { instruction: p.instruction } : {}),
            detailsGiven: Boolean(texts.details),
            noteGiven: Boolean(texts.note),
          },
        },
      ],
    };
  },
  /**
   * The saga's first step: the decision is pending for the request in the statement that records
   * it; ForwardingService.settle sends FORWARDING_SETTLED (settlement-sql.ts marks it applied).
   */
  settleRequest: () => ({ columns: { settlement: PENDING }, audit: [] }),
  sendReminder: (p, row, input, now) => {
    const mail = required(input.mail, 'the reminder mail');
    return {
      columns:
        p.kind === 'acknowledge'
          ? { reminder_count: row.reminderCount + 1, next_reminder_on: required(input.nextReminderOn, 'the next reminder day') }
          : { decision_reminded_at: now },
      audit: [{ type: 'CONTROLLER_REMINDER_SENT', actor: input.actor, data: { template: mail.template } }],
      mail,
    };
  },
  sendEscalation: (_p, _row, input) => {
    const mail = required(input.mail, 'the escalation mail');
    return {
      columns: { escalated: true, next_reminder_on: null },
      audit: [{ type: 'FORWARDING_ESCALATED', actor: input.actor, data: { template: mail.template } }],
      mail,
    };
  },
  /** The agents see it on the request (the outbox's failed mail raises their alert). */
  recordBounce: (_p, _row, input) => ({
    columns: { next_reminder_on: null },
    audit: [{ type: 'FORWARDING_BOUNCED', actor: input.actor, data: { template: required(input.failedTemplate, 'the failed template') } }],
  }),
  recordOverdue: (_p, row, input, now) => ({
    columns: { overdue_at: now },
    audit: [{ type: 'FORWARDING_OVERDUE', actor: input.actor, data: { respondBy: row.respondBy } }],
  }),
  sendNewLink: (_p, _row, input) => {
    const mail = required(input.mail, 'the forwarding mail');
    return { columns: {}, audit: [{ type: 'CONTROLLER_LINK_RENEWED', actor: input.actor, data: { template: mail.template } }], mail };
  },
};

/**
 * The fragments of a transition's actions, in order. An action the runner does not carry out (one
 * only the request transition does, e.g. callOff) is refused before anything is written.
 */
export function fragmentsOf(row: ForwardingRow, next: ForwardingTransitionResult, input: RunInput, now: Date): Fragment[] {
  assertCarriedOut({ from: row.state, state: next.state, actions: next.actions }, FORWARDING_ACTIONS_CARRIED_OUT.runner);
  return next.actions.map((action) => {
    const run = FORWARDING_EXECUTORS[action.type as RunnerActionType] as (params: unknown, row: ForwardingRow, input: RunInput, now: Date) => Fragment;
    return run((action as ForwardingAction).params, row, input, now);
  });
}

/**
 * ONE statement: the forwarding row guarded by its version (and, when a mail carries a new link,
 * by not being sent in error), its new state and snapshot when `next` is given, the fragments'
 * columns, the mail, the audit events and their webhook events — or nothing, on a lost race.
 * Returns the forwarding's id when written.
 */
export function forwardingStatement(
  row: ForwardingRow,
  next: ForwardingTransitionResult | undefined,
  fragments: readonly Fragment[],
  now: Date,
  messageIdDomain: string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [row.id, row.version, now];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const mails = fragments.map((f) => f.mail).filter((m): m is LinkMail => m !== undefined);
  if (mails.length > 1) throw new Error('forwarding runner: one link mail per statement');
  const mail = mails[0];
  const sets = ['version = version + 1', 'updated_at = $3'];
  if (mail) {
    sets.push(`token_digest = ${p(mail.link.digest)}`, `token_expires_at = ${p(mail.link.expiresAt)}`, 'token_revoked_at = NULL', `contact_email = ${p(mail.recipient)}`);
  }
  if (next) sets.push(`state = ${p(next.state)}`, `snapshot = ${p(JSON.stringify(next.persisted))}::jsonb`);
  const columns: Record<string, unknown> = {};
  for (const f of fragments) {
    for (const [column, value] of Object.entries(f.columns)) {
      if (column in columns) throw new Error(`forwarding runner: two actions set ${column}`);
      columns[column] = value;
    }
  }
  for (const [column, value] of Object.entries(columns)) sets.push(`${column} = ${p(value)}`);
  const audit = fragments.flatMap((f) => f.audit);
  const events = audit.map((a) => ({ type: a.type, actor: a.actor, data: { forwardingId: row.id, controllerId: row.controllerId, ...(a.data ?? {}) } }));
  const ctes: string[] = [];
  if (mail) {
    // The clear link travels in the outbox row until the mail is sent; then it is scrubbed.
    const messages = [{ recipient: mail.recipient, template: mail.template, data: mail.data }, ...(mail.extra ?? [])].map((m) => ({
      ...m,
      messageId: `<${randomUUID()}@${messageIdDomain}>`,
    }));
    ctes.push(`m AS (${messageInsert('request_id, recipient, template, data, message_id, forwarding_id', `SELECT u.request_id, e.v->>'recipient', e.v->>'template', jsonb_build_object('reference', r.reference) || (e.v->'data'), e.v->>'messageId', u.id
              FROM u JOIN requests r ON r.id = u.request_id,
                   jsonb_array_elements(${p(JSON.stringify(messages))}::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY e.n`)})`);
  }
  if (events.length) {
    ctes.push(`a AS (${auditInsert(`SELECT u.request_id, $3, e.v->>'actor', e.v->>'type', e.v->'data' FROM u, jsonb_array_elements(${p(JSON.stringify(events))}::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY e.n`)})`);
  }
  const webhooks = forwardingWebhookCte(audit.map((a) => a.type), p);
  if (webhooks) ctes.push(webhooks);
  // Never a new live link for a forwarding sent in error (art 33(2)), whatever its state.
  const guard = mail ? ' AND misdirected_at IS NULL' : '';
  const sql = `WITH u AS (UPDATE forwardings SET ${sets.join(', ')} WHERE id = $1 AND version = $2${guard} RETURNING id, request_id)
      ${ctes.map((c) => `, ${c}`).join('\n      ')}
      SELECT id FROM u`;
  return { sql, params };
}
