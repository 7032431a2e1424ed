import { forwardingUpdate } from '../../../src/forwarding/forwarding-planner.service.js';
import { FORWARDING_EXECUTORS, forwardingStatement, fragmentsOf } from '../../../src/forwarding/forwarding-actions.js';
import type { ForwardingRow } from '../../../src/forwarding/forwarding-row.js';
import {
  FORWARDING_ACTIONS_CARRIED_OUT,
  forwardingMachine,
  FORWARDING_STATES,
  ForwardingTransitionError,
  applyForwardingEvent,
  canApply,
  initialForwardingSnapshot,
  isOpenState,
  type ForwardingEvent,
  type ForwardingState,
  type PersistedForwardingSnapshot,
} from '../../../src/forwarding/forwarding.machine.js';
import { FORWARDING_STATE_LABELS } from '../../../src/vocabulary/vocabulary.js';

const at = '2026-03-03T10:00:00';
type EventInput = ForwardingEvent extends infer E ? (E extends ForwardingEvent ? Omit<E, 'at'> : never) : never;

function run(...events: EventInput[]): { persisted: PersistedForwardingSnapshot; state: ForwardingState; actions: string[][] } {
  let r = initialForwardingSnapshot();
  const actions: string[][] = [];
  for (const e of events) {
    r = applyForwardingEvent(JSON.parse(JSON.stringify(r.persisted)), { ...e, at } as ForwardingEvent);
    actions.push(r.actions.map((a) => a.type));
  }
  return { persisted: r.persisted, state: r.state, actions };
}

function refused(persisted: PersistedForwardingSnapshot, e: EventInput): void {
  expect(() => applyForwardingEvent(persisted, { ...e, at } as ForwardingEvent)).toThrow(ForwardingTransitionError);
}

describe('forwarding machine', () => {
  it('starts queued with clear flags', () => {
    const r = initialForwardingSnapshot();
    expect(r.state).toBe('queued');
    expect(r.context).toEqual({ reminded: false, escalated: false, reminderCount: 0, decisionReminded: false, cancelled: false });
    expect(r.actions).toEqual([]);
  });

  it('has a Dutch label for every state', () => {
    for (const s of FORWARDING_STATES) expect(FORWARDING_STATE_LABELS[s]).toMatch(/\w/);
  });

  it('queued → sent on SENT, recording when', () => {
    const r = run({ type: 'SENT' });
    expect(r.state).toBe('sent');
    expect(r.persisted.context.sentAt).toBe(at);
    expect(r.actions[0]).toEqual(['markSent']);
  });

  it('queued → bounced → queued (agent fixed the contact and resent)', () => {
    const b = run({ type: 'BOUNCED' });
    expect(b.state).toBe('bounced');
    expect(b.actions[0]).toEqual(['recordBounce']);
    const r = run({ type: 'BOUNCED' }, { type: 'RESEND' });
    expect(r.state).toBe('queued');
    expect(r.actions[1]).toEqual(['sendNewLink']);
    expect(run({ type: 'SENT' }, { type: 'BOUNCED' }).state).toBe('bounced');
  });

  it('a new link goes out in every state the controller can still act in, and not after the decision', () => {
    for (const events of [[], [{ type: 'SENT' }], [{ type: 'SENT' }, { type: 'ACKNOWLEDGE' }]] as EventInput[][]) {
      const r = run(...events, { type: 'RESEND' });
      expect(r.state).toBe(run(...events).state);
      expect(r.actions[events.length]).toEqual(['sendNewLink']);
    }
    refused(run({ type: 'SENT' }, { type: 'DECIDE', decision: 'instruct', instruction: 'erase' }).persisted, { type: 'RESEND' });
  });

  it('a late confirmation of sending is only recorded: the controller already answered, or it bounced', () => {
    for (const events of [[{ type: 'ACKNOWLEDGE' }], [{ type: 'DECIDE', decision: 'instruct', instruction: 'erase' }], [{ type: 'BOUNCED' }]] as EventInput[][]) {
      const before = run(...events);
      const r = run(...events, { type: 'SENT' });
      expect(r.state).toBe(before.state);
      expect(r.persisted.context).toEqual(before.persisted.context);
      expect(r.actions[events.length]).toEqual(['markSent']);
    }
    refused(run({ type: 'SENT' }).persisted, { type: 'SENT' });
  });

  it('sent → acknowledged on ACKNOWLEDGE (also from queued when the transport confirmation lags)', () => {
    const r = run({ type: 'SENT' }, { type: 'ACKNOWLEDGE' });
    expect(r.state).toBe('acknowledged');
    expect(r.persisted.context.acknowledgedAt).toBe(at);
    expect(r.actions[1]).toEqual(['recordAcknowledgement']);
    expect(run({ type: 'ACKNOWLEDGE' }).state).toBe('acknowledged');
  });

  it('a second ACKNOWLEDGE is refused (the page shows the recorded state)', () => {
    refused(run({ type: 'SENT' }, { type: 'ACKNOWLEDGE' }).persisted, { type: 'ACKNOWLEDGE' });
  });

  it.each([
    ['takes-over', undefined, 'done'],
    ['not-ours', undefined, 'done'],
    ['instruct', 'erase', 'decided'],
    ['instruct', 'export', 'decided'],
    ['instruct', 'stop-processing', 'decided'],
  ] as const)('DECIDE %s %s → %s, settling the request', (decision, instruction, state) => {
    const r = run({ type: 'SENT' }, { type: 'ACKNOWLEDGE' }, { type: 'DECIDE', decision, ...(instruction ? { instruction } : {}) });
    expect(r.state).toBe(state);
    expect(r.persisted.context.decision).toBe(decision);
    expect(r.persisted.context.instruction).toBe(instruction);
    expect(r.actions[2]).toEqual(['recordDecision', 'settleRequest']);
  });

  it('a decision straight from sent also confirms receipt', () => {
    const r = run({ type: 'SENT' }, { type: 'DECIDE', decision: 'takes-over' });
    expect(r.state).toBe('done');
    expect(r.persisted.context.acknowledgedAt).toBe(at);
  });

  it('refuses invalid decisions', () => {
    const { persisted } = run({ type: 'SENT' });
    refused(persisted, { type: 'DECIDE', decision: 'instruct' });
    refused(persisted, { type: 'DECIDE', decision: 'instruct', instruction: 'burn' as never });
    refused(persisted, { type: 'DECIDE', decision: 'takes-over', instruction: 'erase' });
    refused(persisted, { type: 'DECIDE', decision: 'maybe' as never });
  });

  it('a second decision is refused: one decision per forwarding', () => {
    refused(run({ type: 'SENT' }, { type: 'DECIDE', decision: 'takes-over' }).persisted, { type: 'DECIDE', decision: 'not-ours' });
    refused(run({ type: 'SENT' }, { type: 'DECIDE', decision: 'instruct', instruction: 'erase' }).persisted, { type: 'DECIDE', decision: 'not-ours' });
  });

  it('decided → done when the processor finished the instruction', () => {
    const r = run({ type: 'SENT' }, { type: 'DECIDE', decision: 'instruct', instruction: 'rectify' }, { type: 'INSTRUCTION_DONE' });
    expect(r.state).toBe('done');
    refused(run({ type: 'SENT' }).persisted, { type: 'INSTRUCTION_DONE' });
  });

  it('acknowledge reminders count up in sent; the flag stays', () => {
    const r = run({ type: 'SENT' }, { type: 'REMIND', kind: 'acknowledge' }, { type: 'REMIND', kind: 'acknowledge' });
    expect(r.state).toBe('sent');
    expect(r.persisted.context).toMatchObject({ reminded: true, reminderCount: 2 });
    expect(r.actions[1]).toEqual(['sendReminder']);
  });

  it('the decision reminder is sent once, in sent or acknowledged', () => {
    const r = run({ type: 'SENT' }, { type: 'ACKNOWLEDGE' }, { type: 'REMIND', kind: 'decision' });
    expect(r.persisted.context).toMatchObject({ reminded: true, decisionReminded: true, reminderCount: 0 });
    refused(r.persisted, { type: 'REMIND', kind: 'decision' });
    refused(r.persisted, { type: 'REMIND', kind: 'acknowledge' }); // receipt already confirmed
    expect(run({ type: 'SENT' }, { type: 'REMIND', kind: 'decision' }).persisted.context.decisionReminded).toBe(true);
  });

  it('escalates once, as a flag', () => {
    const r = run({ type: 'SENT' }, { type: 'ESCALATE' });
    expect(r.state).toBe('sent');
    expect(r.persisted.context.escalated).toBe(true);
    expect(r.actions[1]).toEqual(['sendEscalation']);
    refused(r.persisted, { type: 'ESCALATE' });
    expect(run({ type: 'SENT' }, { type: 'ACKNOWLEDGE' }, { type: 'ESCALATE' }).persisted.context.escalated).toBe(true);
  });

  it('no reminders or escalation before the mail is sent or after the decision', () => {
    refused(initialForwardingSnapshot().persisted, { type: 'REMIND', kind: 'acknowledge' });
    refused(initialForwardingSnapshot().persisted, { type: 'ESCALATE' });
    const done = run({ type: 'SENT' }, { type: 'DECIDE', decision: 'takes-over' }).persisted;
    refused(done, { type: 'REMIND', kind: 'decision' });
    refused(done, { type: 'ESCALATE' });
  });

  it.each([[[]], [[{ type: 'SENT' }]], [[{ type: 'SENT' }, { type: 'ACKNOWLEDGE' }]], [[{ type: 'BOUNCED' }]]] as const)(
    'CANCEL ends an open forwarding (%j)',
    (events) => {
      const r = run(...(events as unknown as EventInput[]), { type: 'CANCEL' });
      expect(r.state).toBe('done');
      expect(r.persisted.context.cancelled).toBe(true);
      expect(r.actions[r.actions.length - 1]).toEqual(['callOff']);
      refused(r.persisted, { type: 'CANCEL' });
    },
  );

  it('done accepts nothing', () => {
    const { persisted } = run({ type: 'SENT' }, { type: 'DECIDE', decision: 'not-ours' });
    for (const e of [{ type: 'SENT' }, { type: 'ACKNOWLEDGE' }, { type: 'RESEND' }, { type: 'BOUNCED' }] as EventInput[]) refused(persisted, e);
  });

  it('survives a JSON round trip and answers canApply', () => {
    const { persisted } = run({ type: 'SENT' });
    const copy = JSON.parse(JSON.stringify(persisted)) as PersistedForwardingSnapshot;
    expect(canApply(copy, { type: 'ACKNOWLEDGE', at })).toBe(true);
    expect(canApply(copy, { type: 'SENT', at })).toBe(false);
  });

  it('isOpenState: the controller can still act', () => {
    expect(['queued', 'sent', 'acknowledged'].every(isOpenState)).toBe(true);
    expect(['decided', 'done', 'bounced'].some(isOpenState)).toBe(false);
  });

  it('requires `at`', () => {
    expect(() => applyForwardingEvent(initialForwardingSnapshot().persisted, { type: 'SENT' } as ForwardingEvent)).toThrow(TypeError);
  });
});

const row = {
  id: '00000000-0000-4000-8000-000000000001',
  controllerId: '00000000-0000-4000-8000-000000000002',
  state: 'sent',
  version: 3,
  contactEmail: 'privacy@klant.example',
  acknowledgedAt: null,
  reminderCount: 1,
  respondBy: '2026-04-01',
} as unknown as ForwardingRow;
const now = new Date('2026-03-03T09:00:00Z');
const link = { url: 'https://vr.example/c/abc', digest: 'd'.repeat(64), expiresAt: new Date('2026-05-01T00:00:00Z') } as never;

describe('named actions of the forwarding machine', () => {
  it('every action the forwarding machine names is carried out', () => {
    const named = Object.entries(forwardingMachine.implementations.actions)
      .filter(([, impl]) => (impl as { type?: string }).type !== 'xstate.assign')
      .map(([name]) => name);
    const carried = Object.values(FORWARDING_ACTIONS_CARRIED_OUT).flat() as string[];
    expect(named.filter((a) => !carried.includes(a))).toEqual([]);
    // and the runner has a fragment for exactly the actions it is declared to carry out
    expect(Object.keys(FORWARDING_EXECUTORS).sort()).toEqual([...FORWARDING_ACTIONS_CARRIED_OUT.runner].sort());
  });

  it('the runner refuses a transition whose action only the request transition carries out, before writing', () => {
    const cancel = applyForwardingEvent(run({ type: 'SENT' }).persisted, { type: 'CANCEL', at });
    expect(() => fragmentsOf(row, cancel, { actor: 'system' }, now)).toThrow(/no statement carries out callOff/);
  });

  it('the request transition carries out calling off, and refuses what it cannot carry out', () => {
    const sent = { ...row, snapshot: run({ type: 'SENT' }).persisted } as ForwardingRow;
    expect(forwardingUpdate(sent, { type: 'CANCEL', at })).toMatchObject({ id: row.id, version: 3, state: 'done', cancelled: true });
    const decided = { ...row, state: 'decided', snapshot: run({ type: 'SENT' }, { type: 'DECIDE', decision: 'instruct', instruction: 'erase' }).persisted } as ForwardingRow;
    expect(forwardingUpdate(decided, { type: 'INSTRUCTION_DONE', at })).toMatchObject({ state: 'done', cancelled: false });
    expect(() => forwardingUpdate(sent, { type: 'OVERDUE', at })).toThrow(/no statement carries out recordOverdue/);
  });

  it('a decision is recorded with its settlement pending in the same statement, guarded by the version', () => {
    const next = applyForwardingEvent(run({ type: 'SENT' }).persisted, { type: 'DECIDE', decision: 'instruct', instruction: 'erase', at });
    const fragments = fragmentsOf(row, next, { actor: `controller:${row.id}`, decision: { details: 'alles', note: '' } }, now);
    const { sql, params } = forwardingStatement(row, next, fragments, now, 'vr.example');
    expect(sql).toMatch(/WHERE id = \$1 AND version = \$2 RETURNING/);
    expect(sql).toMatch(/settlement = \$\d+/);
    expect(sql).toMatch(/INSERT INTO audit_events/);
    expect(params.slice(0, 2)).toEqual([row.id, 3]);
    expect(params).toContain('pending');
    expect(params).toContain('decided');
    const audit = JSON.parse(params.find((p) => typeof p === 'string' && p.includes('FORWARDING_DECIDED')) as string);
    expect(audit).toEqual([
      { type: 'FORWARDING_DECIDED', actor: `controller:${row.id}`, data: { forwardingId: row.id, controllerId: row.controllerId, decision: 'instruct', instruction: 'erase', detailsGiven: true, noteGiven: false } },
    ]);
  });

  it('a reminder replaces the link and queues its mail in the statement, never for a forwarding sent in error', () => {
    const next = applyForwardingEvent(run({ type: 'SENT' }).persisted, { type: 'REMIND', kind: 'acknowledge', at });
    const mail = { link, recipient: 'privacy@klant.example', template: 'controller-reminder', data: { link: 'https://vr.example/c/abc' } };
    const { sql, params } = forwardingStatement(row, next, fragmentsOf(row, next, { actor: 'system', mail, nextReminderOn: '2026-03-06' }, now), now, 'vr.example');
    expect(sql).toMatch(/AND misdirected_at IS NULL/);
    expect(sql).toMatch(/INSERT INTO messages/);
    expect(params).toContainEqual(['forwarding.reminded']);
    expect(params).toEqual(expect.arrayContaining([2, '2026-03-06']));
    expect(() => fragmentsOf(row, next, { actor: 'system' }, now)).toThrow(/reminder mail is required/);
  });
});
