import {
  InvalidTransitionError,
  REQUEST_MACHINE_VERSION,
  allowedEvents,
  applyRequestEvent,
  initialRequestSnapshot,
  isClosed,
  requestMachine,
  restoreRequestSnapshot,
  statePath,
} from '../../src/requests/request.machine.js';
import type { PersistedRequestSnapshot, RequestTransitionResult } from '../../src/requests/request.machine.js';
import {
  CLOSED_OUTCOMES,
  REFUSAL_GROUNDS,
  REFUSAL_GROUND_LABELS,
  REQUEST_EVENT_TYPES,
  RIGHTS,
  STATE_PATHS,
} from '../../src/requests/request.types.js';
import { RIGHT_LABELS, STATE_LABELS } from '../../src/vocabulary/vocabulary.js';
import type {
  RequestActionType,
  RequestEvent,
  RequestEventInput,
  RequestEventType,
  RequestMachineInput,
  StatePath,
} from '../../src/requests/request.types.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const RECEIVED_AT = '2026-03-02T09:15:00';
const RESPOND_BY = '2026-04-02';
/** A local date-time in March 2026 (well within the first month). */
const day = (d: number, time = '10:00:00') => `2026-03-${String(d).padStart(2, '0')}T${time}`;
const AT = day(3);

type Step = RequestEventInput & { at?: string };

function start(input: Partial<RequestMachineInput> = {}): RequestTransitionResult {
  return initialRequestSnapshot({
    rights: ['access'],
    hasRequesterEmail: true,
    respondBy: RESPOND_BY,
    receivedAt: RECEIVED_AT,
    ...input,
  });
}

/** Every step goes through JSON, as it does through the database. */
const viaJson = (p: PersistedRequestSnapshot): PersistedRequestSnapshot => JSON.parse(JSON.stringify(p));

function send(from: RequestTransitionResult, step: Step): RequestTransitionResult {
  return applyRequestEvent(viaJson(from.persisted), { at: AT, ...step } as RequestEvent);
}

function run(from: RequestTransitionResult, ...steps: Step[]): RequestTransitionResult {
  return steps.reduce(send, from);
}

function refusal(from: RequestTransitionResult, step: Step): InvalidTransitionError {
  try {
    send(from, step);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTransitionError);
    return err as InvalidTransitionError;
  }
  throw new Error(`expected ${step.type} to be refused in ${from.state}`);
}

const types = (r: RequestTransitionResult) => r.actions.map((a) => a.type);

const SIDE_EFFECTS: RequestActionType[] = [
  'recordReceipt',
  'sendAcknowledgement',
  'startRouting',
  'flagUnmatched',
  'createForwardings',
  'createProcessorTask',
  'reportInstructionDone',
  'cancelForwardings',
  'reportMisdirection',
  'sendNotOursLetter',
  'sendInfoRequest',
  'pauseClock',
  'resumeClock',
  'markExtended',
  'sendExtensionNotice',
  'sendRefusal',
  'sendCompletion',
  'recordNote',
  'changeRequesterLanguage',
  'notifyWebhook',
  'purgePersonalData',
];

const closedWebhook = { type: 'notifyWebhook', params: { event: 'request.closed' } };
const A = { controllerId: 'ctl-a', matchedBy: ['email'] };
const B = { controllerId: 'ctl-b', matchedBy: ['customer-number', 'iban'] };
const SELF = { controllerId: 'ctl-self', matchedBy: ['email'], isSelf: true };
const LONG_REASON = 'Herhaald verzoek: derde keer deze maand, zelfde vraag, reeds beantwoord op 1 maart.';

// Reaching every resting state.
const reach: Record<StatePath, () => RequestTransitionResult> = {
  'triage.open': () => start(),
  'triage.awaitingRequester': () =>
    send(start(), { type: 'REQUEST_INFO', reason: 'Welke organisatie bedoelt u?', forIdentification: false }),
  'forwarded.awaitingControllers': () => send(start(), { type: 'ROUTE_MATCHED', controllers: [A, B] }),
  'forwarded.instructed': () =>
    run(
      start(),
      { type: 'ROUTE_MATCHED', controllers: [A, B] },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'instruct', instruction: 'erase' },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'instruct', instruction: 'export' },
    ),
  'inHouse.verifying': () => send(start(), { type: 'CLASSIFY', scope: 'in-house' }),
  'inHouse.processing': () => run(start(), { type: 'CLASSIFY', scope: 'in-house' }, { type: 'VERIFIED' }),
  'inHouse.answering': () =>
    run(start(), { type: 'CLASSIFY', scope: 'in-house' }, { type: 'VERIFIED' }, { type: 'PREPARE_ANSWER' }),
  'inHouse.awaitingRequester': () =>
    run(
      start(),
      { type: 'CLASSIFY', scope: 'in-house' },
      { type: 'VERIFIED' },
      { type: 'REQUEST_INFO', reason: 'Welk klantnummer?', forIdentification: true, at: day(4) },
    ),
  'closed.completed': () =>
    run(start(), { type: 'CLASSIFY', scope: 'in-house' }, { type: 'VERIFIED' }, { type: 'COMPLETE' }),
  'closed.handedOver': () =>
    run(
      start(),
      { type: 'ROUTE_MATCHED', controllers: [A] },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'takes-over' },
    ),
  'closed.refused': () => send(start(), { type: 'REFUSE', ground: 'identity-not-established', reason: 'Geen reactie' }),
  'closed.notOurs': () => send(start(), { type: 'CLASSIFY', scope: 'not-ours' }),
  'closed.withdrawn': () => send(start(), { type: 'WITHDRAW' }),
  'closed.duplicate': () => send(start(), { type: 'MARK_DUPLICATE', of: 'AVG-2026-000123' }),
  'closed.discarded': () => send(start({ rights: [], rightsToConfirm: true }), { type: 'DISCARD' }),
};

/** A valid payload of every event type, for probing a state. */
function probes(r: RequestTransitionResult): Step[] {
  const c = r.snapshot.context;
  return [
    { type: 'ROUTE_MATCHED', controllers: [A] },
    { type: 'ROUTE_NONE' },
    { type: 'ASSIGN_CONTROLLER', controllerIds: ['ctl-a'] },
    { type: 'CLASSIFY', scope: 'controller' },
    { type: 'CLASSIFY', scope: 'in-house' },
    { type: 'CLASSIFY', scope: 'not-ours' },
    { type: 'FORWARDING_SETTLED', controllerId: c.controllers[0]?.controllerId ?? 'ctl-a', decision: 'takes-over' },
    { type: 'INSTRUCTION_DONE', controllerId: c.controllers[0]?.controllerId ?? 'ctl-a' },
    { type: 'FORWARDING_MISDIRECTED', controllerId: c.controllers[0]?.controllerId ?? 'ctl-a', forwardingId: 'fwd-a', reason: 'Verkeerde klant' },
    { type: 'VERIFIED' },
    { type: 'PREPARE_ANSWER' },
    { type: 'COMPLETE' },
    { type: 'REQUEST_INFO', reason: 'Graag een toelichting', forIdentification: false },
    { type: 'REQUEST_INFO', reason: 'Graag een bevestiging', forIdentification: true },
    { type: 'INFO_RECEIVED' },
    { type: 'EXTEND', reason: 'Veel systemen te doorzoeken' },
    { type: 'REFUSE', ground: 'excessive', reason: LONG_REASON },
    { type: 'WITHDRAW' },
    { type: 'MARK_DUPLICATE', of: 'AVG-2026-000001' },
    { type: 'NOTE', text: 'x' },
    { type: 'DEADLINE_NEAR' },
    { type: 'OVERDUE' },
    { type: 'CONFIRM_RIGHTS', rights: ['erasure'] },
    { type: 'DISCARD' },
    { type: 'SET_LANGUAGE', language: 'fr' },
  ];
}

// ---------------------------------------------------------------------------------------------
// Receipt
// ---------------------------------------------------------------------------------------------

describe('receipt', () => {
  it('moves straight to triage, acknowledging receipt and starting routing', () => {
    const r = start({ rights: ['access', 'erasure'] });
    expect(r.state).toBe('triage.open');
    expect(r.actions).toEqual([
      { type: 'recordReceipt', params: { receivedAt: RECEIVED_AT, rights: ['access', 'erasure'] } },
      { type: 'sendAcknowledgement', params: undefined },
      { type: 'startRouting', params: undefined },
      { type: 'notifyWebhook', params: { event: 'request.created' } },
    ]);
    expect(r.snapshot.context).toMatchObject({
      rights: ['access', 'erasure'],
      firstRespondBy: RESPOND_BY,
      receivedAt: RECEIVED_AT,
      controllers: [],
      pauses: [],
      pendingInstructions: [],
      extended: null,
      refusal: null,
      flags: {
        unmatched: false,
        urgent: false,
        awaitingRequester: false,
        deadlineNear: false,
        overdue: false,
        notOursByControllers: false,
      },
    });
    expect(r.snapshot.context.closedAt).toBeUndefined();
  });

  it('sends no acknowledgement when there is no address to send it to', () => {
    expect(types(start({ hasRequesterEmail: false }))).toEqual(['recordReceipt', 'startRouting', 'notifyWebhook']);
  });

  it.each([
    [['objection-direct-marketing'], true],
    [['consent-withdrawal'], true],
    [['access', 'objection-direct-marketing'], true],
    [['access', 'erasure', 'objection'], false],
    [[], false],
  ] as const)('rights %j are urgent: %s', (rights, urgent) => {
    expect(start({ rights: [...rights] }).snapshot.context.flags.urgent).toBe(urgent);
  });

  it('rejects input the runner should never send', () => {
    expect(() => start({ rights: ['inzage' as never] })).toThrow(TypeError);
    expect(() => start({ respondBy: '2 april' })).toThrow(TypeError);
    expect(() => start({ receivedAt: '' })).toThrow(TypeError);
  });

  it('is version 1', () => {
    expect(REQUEST_MACHINE_VERSION).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Triage
// ---------------------------------------------------------------------------------------------

describe('triage: routing', () => {
  it('forwards a request that matched a controller', () => {
    const r = send(start(), { type: 'ROUTE_MATCHED', controllers: [A] });
    expect(r.state).toBe('forwarded.awaitingControllers');
    expect(r.snapshot.context.scope).toBe('controller');
    expect(r.snapshot.context.controllers).toEqual([{ controllerId: 'ctl-a', matchedBy: ['email'] }]);
    expect(r.actions).toEqual([
      { type: 'createForwardings', params: { controllers: [A] } },
      { type: 'notifyWebhook', params: { event: 'request.routed' } },
    ]);
  });

  it('forwards to every matched controller', () => {
    const r = send(start(), { type: 'ROUTE_MATCHED', controllers: [A, B] });
    expect(r.snapshot.context.controllers.map((c) => c.controllerId)).toEqual(['ctl-a', 'ctl-b']);
    expect(r.actions[0]).toEqual({ type: 'createForwardings', params: { controllers: [A, B] } });
  });

  it('handles the request in-house when only the processor itself matched', () => {
    const r = send(start(), { type: 'ROUTE_MATCHED', controllers: [SELF] });
    expect(r.state).toBe('inHouse.verifying');
    expect(r.snapshot.context.scope).toBe('in-house');
    expect(r.actions).toEqual([{ type: 'notifyWebhook', params: { event: 'request.routed' } }]);
  });

  it('forwards when the processor matched together with others (self included, flagged isSelf)', () => {
    const r = send(start(), { type: 'ROUTE_MATCHED', controllers: [SELF, A] });
    expect(r.state).toBe('forwarded.awaitingControllers');
    expect(r.snapshot.context.scope).toBe('controller');
    expect(r.actions[0]).toEqual({ type: 'createForwardings', params: { controllers: [SELF, A] } });
    expect(r.snapshot.context.controllers[0]).toEqual({ controllerId: 'ctl-self', matchedBy: ['email'], isSelf: true });
  });

  it.each([
    ['no controllers', []],
    ['the same controller twice', [A, A]],
    ['an empty controller id', [{ controllerId: ' ', matchedBy: ['email'] }]],
    ['matchedBy that is not a list', [{ controllerId: 'x', matchedBy: 'email' }]],
  ])('refuses a match with %s', (_what, controllers) => {
    refusal(start(), { type: 'ROUTE_MATCHED', controllers: controllers as never });
  });

  it('flags an unmatched request for an agent and keeps it in triage', () => {
    const r = send(start(), { type: 'ROUTE_NONE' });
    expect(r.state).toBe('triage.open');
    expect(r.snapshot.context.flags.unmatched).toBe(true);
    expect(r.actions).toEqual([{ type: 'flagUnmatched', params: { reason: 'no-match' } }]);
  });

  it('lets an agent assign controllers to an unmatched request, which clears the flag', () => {
    const r = run(start(), { type: 'ROUTE_NONE' }, { type: 'ASSIGN_CONTROLLER', controllerIds: ['ctl-a', 'ctl-b'] });
    expect(r.state).toBe('forwarded.awaitingControllers');
    expect(r.snapshot.context.flags.unmatched).toBe(false);
    expect(r.snapshot.context.scope).toBe('controller');
    expect(r.snapshot.context.controllers).toEqual([
      { controllerId: 'ctl-a', matchedBy: ['agent'] },
      { controllerId: 'ctl-b', matchedBy: ['agent'] },
    ]);
    expect(r.actions).toEqual([
      {
        type: 'createForwardings',
        params: { controllers: [{ controllerId: 'ctl-a', matchedBy: ['agent'] }, { controllerId: 'ctl-b', matchedBy: ['agent'] }] },
      },
      { type: 'notifyWebhook', params: { event: 'request.routed' } },
    ]);
  });

  it.each([[[]], [['ctl-a', 'ctl-a']], [['']]])('refuses an assignment to %j', (controllerIds) => {
    refusal(start(), { type: 'ASSIGN_CONTROLLER', controllerIds });
  });
});

describe('triage: classification', () => {
  it('takes a request in-house', () => {
    const r = send(start(), { type: 'CLASSIFY', scope: 'in-house' });
    expect(r.state).toBe('inHouse.verifying');
    expect(r.snapshot.context.scope).toBe('in-house');
    expect(r.actions).toEqual([{ type: 'notifyWebhook', params: { event: 'request.routed' } }]);
  });

  it('closes a request that is not ours with the not-ours letter', () => {
    const r = send(start(), { type: 'CLASSIFY', scope: 'not-ours', at: day(5) });
    expect(r.state).toBe('closed.notOurs');
    expect(r.snapshot.context.scope).toBe('not-ours');
    expect(r.snapshot.context.closedAt).toBe(day(5));
    expect(r.actions).toEqual([{ type: 'sendNotOursLetter', params: undefined }, closedWebhook]);
  });

  it('keeps a controller request in triage until routing or an agent names the controller', () => {
    const r = send(start(), { type: 'CLASSIFY', scope: 'controller' });
    expect(r.state).toBe('triage.open');
    expect(r.snapshot.context.scope).toBe('controller');
    expect(r.actions).toEqual([]);
    expect(send(r, { type: 'ASSIGN_CONTROLLER', controllerIds: ['ctl-a'] }).state).toBe('forwarded.awaitingControllers');
  });

  it('updates the rights and with them the urgency', () => {
    const urgent = send(start(), { type: 'CLASSIFY', scope: 'controller', rights: ['objection-direct-marketing', 'access'] });
    expect(urgent.snapshot.context.rights).toEqual(['objection-direct-marketing', 'access']);
    expect(urgent.snapshot.context.flags.urgent).toBe(true);
    const calm = send(urgent, { type: 'CLASSIFY', scope: 'controller', rights: ['erasure', 'erasure'] });
    expect(calm.snapshot.context.rights).toEqual(['erasure']);
    expect(calm.snapshot.context.flags.urgent).toBe(false);
  });

  it('keeps the rights when the classification names none', () => {
    const r = send(start({ rights: ['erasure'] }), { type: 'CLASSIFY', scope: 'in-house' });
    expect(r.snapshot.context.rights).toEqual(['erasure']);
  });

  it.each([
    ['an unknown scope', { scope: 'elsewhere' }],
    ['an empty list of rights', { scope: 'controller', rights: [] }],
    ['an unknown right', { scope: 'controller', rights: ['inzage'] }],
  ])('refuses %s', (_what, payload) => {
    refusal(start(), { type: 'CLASSIFY', ...payload } as Step);
  });
});

// ---------------------------------------------------------------------------------------------
// Forwarded: settling
// ---------------------------------------------------------------------------------------------

describe('forwarded: settling the forwardings', () => {
  const forwarded = (...controllers: (typeof A)[]) => send(start(), { type: 'ROUTE_MATCHED', controllers });

  it('hands the request over when the one controller takes it over', () => {
    const r = send(forwarded(A), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'takes-over', at: day(6) });
    expect(r.state).toBe('closed.handedOver');
    expect(r.snapshot.context.controllers).toEqual([
      { controllerId: 'ctl-a', matchedBy: ['email'], decision: 'takes-over', decidedAt: day(6) },
    ]);
    expect(r.snapshot.context.closedAt).toBe(day(6));
    expect(r.actions).toEqual([closedWebhook]);
  });

  it('waits until every controller has decided', () => {
    const first = send(forwarded(A, B), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'takes-over' });
    expect(first.state).toBe('forwarded.awaitingControllers');
    expect(first.actions).toEqual([]);
    expect(first.snapshot.context.controllers[1]!.decision).toBe('takes-over');
    const second = send(first, { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'takes-over' });
    expect(second.state).toBe('closed.handedOver');
  });

  it('hands over when one controller takes over and the other says "not ours"', () => {
    const r = run(
      forwarded(A, B),
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'takes-over' },
    );
    expect(r.state).toBe('closed.handedOver');
  });

  it('turns an instruction into processor work once everyone has decided', () => {
    const first = send(forwarded(A, B), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'instruct', instruction: 'erase' });
    expect(first.state).toBe('forwarded.awaitingControllers');
    expect(first.actions).toEqual([]);
    expect(first.snapshot.context.pendingInstructions).toEqual([{ controllerId: 'ctl-a', instruction: 'erase' }]);
    const r = send(first, { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'takes-over' });
    expect(r.state).toBe('forwarded.instructed');
    expect(r.snapshot.context.controllers[0]).toMatchObject({ decision: 'instruct', instruction: 'erase' });
    expect(r.actions).toEqual([{ type: 'createProcessorTask', params: { controllerId: 'ctl-a', instruction: 'erase' } }]);
  });

  it('creates one processor task per instructing controller, when the last decision is in', () => {
    const both = run(
      forwarded(A, B),
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'instruct', instruction: 'rectify' },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'instruct', instruction: 'stop-processing' },
    );
    expect(both.state).toBe('forwarded.instructed');
    expect(both.actions).toEqual([
      { type: 'createProcessorTask', params: { controllerId: 'ctl-a', instruction: 'rectify' } },
      { type: 'createProcessorTask', params: { controllerId: 'ctl-b', instruction: 'stop-processing' } },
    ]);
  });

  it('completes when every instruction has been carried out, and tells the instructing controllers', () => {
    const instructed = reach['forwarded.instructed']();
    const one = send(instructed, { type: 'INSTRUCTION_DONE', controllerId: 'ctl-b', at: day(9) });
    expect(one.state).toBe('forwarded.instructed');
    expect(one.actions).toEqual([{ type: 'reportInstructionDone', params: { controllerId: 'ctl-b', instruction: 'export' } }]);
    expect(one.snapshot.context.pendingInstructions).toEqual([{ controllerId: 'ctl-a', instruction: 'erase' }]);
    expect(one.snapshot.context.controllers[1]!.instructionDoneAt).toBe(day(9));

    const done = send(one, { type: 'INSTRUCTION_DONE', controllerId: 'ctl-a', at: day(10) });
    expect(done.state).toBe('closed.completed');
    expect(done.snapshot.context.pendingInstructions).toEqual([]);
    expect(done.snapshot.context.closedAt).toBe(day(10));
    expect(done.actions).toEqual([
      { type: 'reportInstructionDone', params: { controllerId: 'ctl-a', instruction: 'erase' } },
      { type: 'sendCompletion', params: { recipient: 'controllers', controllerIds: ['ctl-a', 'ctl-b'] } },
      closedWebhook,
    ]);
  });

  it('refuses a second report for an instruction already done, or for a controller that gave none', () => {
    const one = send(reach['forwarded.instructed'](), { type: 'INSTRUCTION_DONE', controllerId: 'ctl-b' });
    refusal(one, { type: 'INSTRUCTION_DONE', controllerId: 'ctl-b' });
    refusal(one, { type: 'INSTRUCTION_DONE', controllerId: 'ctl-z' });
  });

  it('sends a request every controller disowned back to triage, flagged for an agent', () => {
    const r = run(
      forwarded(A, B),
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'not-ours' },
    );
    expect(r.state).toBe('triage.open');
    expect(r.snapshot.context.flags).toMatchObject({ unmatched: true, notOursByControllers: true });
    expect(r.snapshot.context.scope).toBeUndefined();
    expect(r.actions).toEqual([{ type: 'flagUnmatched', params: { reason: 'not-ours-by-controllers' } }]);
    // An agent can then route it elsewhere, or close it as not ours.
    const again = send(r, { type: 'ASSIGN_CONTROLLER', controllerIds: ['ctl-c'] });
    expect(again.state).toBe('forwarded.awaitingControllers');
    expect(again.snapshot.context.controllers).toEqual([{ controllerId: 'ctl-c', matchedBy: ['agent'] }]);
    expect(again.snapshot.context.flags.unmatched).toBe(false);
    expect(send(r, { type: 'CLASSIFY', scope: 'not-ours' }).state).toBe('closed.notOurs');
  });

  it.each([
    ['an unknown controller', { controllerId: 'ctl-z', decision: 'takes-over' }],
    ['an unknown decision', { controllerId: 'ctl-a', decision: 'maybe' }],
    ['an instruction without what to do', { controllerId: 'ctl-a', decision: 'instruct' }],
    ['an unknown instruction', { controllerId: 'ctl-a', decision: 'instruct', instruction: 'shred' }],
    ['an instruction with a take-over', { controllerId: 'ctl-a', decision: 'takes-over', instruction: 'erase' }],
  ])('refuses a settlement with %s', (_what, payload) => {
    refusal(forwarded(A, B), { type: 'FORWARDING_SETTLED', ...payload } as Step);
  });

  it('refuses a second decision from the same controller', () => {
    const r = send(forwarded(A, B), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'takes-over' });
    refusal(r, { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' });
  });

  it('accepts decisions only while waiting for them, and instruction reports only after', () => {
    refusal(reach['forwarded.instructed'](), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'takes-over' });
    refusal(forwarded(A), { type: 'INSTRUCTION_DONE', controllerId: 'ctl-a' });
  });

  it('leaves extending and asking the requester to the controller', () => {
    for (const r of [forwarded(A), reach['forwarded.instructed']()]) {
      refusal(r, { type: 'EXTEND', reason: 'Veel systemen te doorzoeken' });
      refusal(r, { type: 'REQUEST_INFO', reason: 'Wie bent u?', forIdentification: false });
      refusal(r, { type: 'COMPLETE' });
    }
  });

  it('calls off the forwardings when a forwarded request is withdrawn, refused or a duplicate', () => {
    const settledOne = run(
      send(start(), { type: 'ROUTE_MATCHED', controllers: [A, B, { controllerId: 'ctl-c', matchedBy: ['email'] }] }),
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'takes-over' },
    );
    const withdrawn = send(settledOne, { type: 'WITHDRAW' });
    expect(withdrawn.state).toBe('closed.withdrawn');
    expect(withdrawn.actions).toEqual([
      { type: 'cancelForwardings', params: { outcome: 'withdrawn', controllerIds: ['ctl-b', 'ctl-c'] } },
      closedWebhook,
    ]);
    const refused = send(reach['forwarded.instructed'](), { type: 'REFUSE', ground: 'manifestly-unfounded', reason: LONG_REASON });
    expect(refused.actions[0]).toEqual({
      type: 'cancelForwardings',
      params: { outcome: 'refused', controllerIds: ['ctl-a', 'ctl-b'] },
    });
    const duplicate = send(forwarded(A), { type: 'MARK_DUPLICATE', of: 'AVG-2026-000007' });
    expect(duplicate.actions).toEqual([
      { type: 'cancelForwardings', params: { outcome: 'duplicate', controllerIds: ['ctl-a'] } },
      closedWebhook,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// In-house
// ---------------------------------------------------------------------------------------------

describe('inHouse: answering ourselves', () => {
  it('goes verifying → processing → answering → completed, sending the answer', () => {
    const verifying = reach['inHouse.verifying']();
    const processing = send(verifying, { type: 'VERIFIED' });
    expect(processing.state).toBe('inHouse.processing');
    expect(processing.actions).toEqual([{ type: 'notifyWebhook', params: { event: 'request.verified' } }]);
    const answering = send(processing, { type: 'PREPARE_ANSWER' });
    expect(answering.state).toBe('inHouse.answering');
    expect(answering.actions).toEqual([]);
    const done = send(answering, { type: 'COMPLETE', at: day(20) });
    expect(done.state).toBe('closed.completed');
    expect(done.snapshot.context.closedAt).toBe(day(20));
    expect(done.actions).toEqual([{ type: 'sendCompletion', params: { recipient: 'requester' } }, closedWebhook]);
    expect(isClosed(done.snapshot)).toBe(true);
  });

  it('may complete straight from processing (nothing to draft)', () => {
    const r = send(reach['inHouse.processing'](), { type: 'COMPLETE' });
    expect(r.state).toBe('closed.completed');
    expect(types(r)).toEqual(['sendCompletion', 'notifyWebhook']);
  });

  it('cannot complete before the requester is verified, nor skip steps', () => {
    refusal(reach['inHouse.verifying'](), { type: 'COMPLETE' });
    refusal(reach['inHouse.verifying'](), { type: 'PREPARE_ANSWER' });
    refusal(reach['inHouse.processing'](), { type: 'VERIFIED' });
    refusal(reach['inHouse.answering'](), { type: 'PREPARE_ANSWER' });
  });
});

// ---------------------------------------------------------------------------------------------
// Waiting for the requester: pause and resume
// ---------------------------------------------------------------------------------------------

describe('waiting for the requester', () => {
  it('pauses the clock while waiting for information needed to identify the requester', () => {
    const r = send(reach['inHouse.verifying'](), {
      type: 'REQUEST_INFO',
      reason: '  Stuur uw bericht vanaf het bij ons bekende adres  ',
      forIdentification: true,
      at: day(4),
    });
    expect(r.state).toBe('inHouse.awaitingRequester');
    expect(r.snapshot.context.flags.awaitingRequester).toBe(true);
    expect(r.snapshot.context.pauses).toEqual([{ from: day(4), reason: 'Stuur uw bericht vanaf het bij ons bekende adres' }]);
    expect(r.snapshot.context.infoRequest).toEqual({
      reason: 'Stuur uw bericht vanaf het bij ons bekende adres',
      forIdentification: true,
      at: day(4),
      returnTo: 'verifying',
    });
    expect(r.actions).toEqual([
      { type: 'sendInfoRequest', params: { reason: 'Stuur uw bericht vanaf het bij ons bekende adres', forIdentification: true } },
      { type: 'notifyWebhook', params: { event: 'request.info_requested' } },
      { type: 'pauseClock', params: { from: day(4), reason: 'Stuur uw bericht vanaf het bij ons bekende adres' } },
    ]);

    const back = send(r, { type: 'INFO_RECEIVED', at: day(9) });
    expect(back.state).toBe('inHouse.verifying');
    expect(back.snapshot.context.flags.awaitingRequester).toBe(false);
    expect(back.snapshot.context.pauses).toEqual([
      { from: day(4), to: day(9), reason: 'Stuur uw bericht vanaf het bij ons bekende adres' },
    ]);
    expect(back.actions).toEqual([{ type: 'resumeClock', params: { from: day(4), to: day(9) } }]);
  });

  it('does not pause the clock for a clarification (recital 63)', () => {
    const r = send(reach['inHouse.processing'](), { type: 'REQUEST_INFO', reason: 'Welke periode?', forIdentification: false });
    expect(r.state).toBe('inHouse.awaitingRequester');
    expect(r.snapshot.context.pauses).toEqual([]);
    expect(r.snapshot.context.infoRequest).toMatchObject({ forIdentification: false, returnTo: 'processing' });
    expect(types(r)).toEqual(['sendInfoRequest', 'notifyWebhook']);
    const back = send(r, { type: 'INFO_RECEIVED' });
    expect(back.state).toBe('inHouse.processing');
    expect(back.actions).toEqual([]);
    expect(back.snapshot.context.pauses).toEqual([]);
  });

  it.each(['verifying', 'processing', 'answering'] as const)(
    'returns to %s, where it was asked from, also after a round trip through JSON',
    (step) => {
      const here = reach[`inHouse.${step}`]();
      const waiting = send(here, { type: 'REQUEST_INFO', reason: 'Graag aanvullen', forIdentification: false });
      const restored = restoreRequestSnapshot(viaJson(waiting.persisted));
      expect(statePath(restored)).toBe('inHouse.awaitingRequester');
      expect(send(waiting, { type: 'INFO_RECEIVED' }).state).toBe(`inHouse.${step}`);
    },
  );

  it('keeps every pause: the runner adds them all to the deadline', () => {
    const r = run(
      reach['inHouse.verifying'](),
      { type: 'REQUEST_INFO', reason: 'Eerste vraag', forIdentification: true, at: day(4) },
      { type: 'INFO_RECEIVED', at: day(6) },
      { type: 'REQUEST_INFO', reason: 'Tweede vraag', forIdentification: true, at: day(7) },
      { type: 'INFO_RECEIVED', at: day(8) },
      { type: 'REQUEST_INFO', reason: 'Alleen verduidelijking', forIdentification: false, at: day(9) },
      { type: 'INFO_RECEIVED', at: day(12) },
    );
    expect(r.snapshot.context.pauses).toEqual([
      { from: day(4), to: day(6), reason: 'Eerste vraag' },
      { from: day(7), to: day(8), reason: 'Tweede vraag' },
    ]);
    expect(r.snapshot.context.infoRequest).toMatchObject({ reason: 'Alleen verduidelijking', forIdentification: false });
  });

  it('waits in triage too, and returns to triage', () => {
    const r = send(start(), { type: 'REQUEST_INFO', reason: 'Bij welk bedrijf bent u klant?', forIdentification: false });
    expect(r.state).toBe('triage.awaitingRequester');
    expect(r.snapshot.context.flags.awaitingRequester).toBe(true);
    expect(r.snapshot.context.infoRequest).not.toHaveProperty('returnTo');
    const back = send(r, { type: 'INFO_RECEIVED' });
    expect(back.state).toBe('triage.open');
    expect(back.snapshot.context.flags.awaitingRequester).toBe(false);
  });

  it('closes an open pause however the wait ends (routing arrives, request withdrawn)', () => {
    const waiting = send(start(), { type: 'REQUEST_INFO', reason: 'Wie bent u?', forIdentification: true, at: day(3) });
    expect(waiting.snapshot.context.pauses).toEqual([{ from: day(3), reason: 'Wie bent u?' }]);

    const routed = send(waiting, { type: 'ROUTE_MATCHED', controllers: [A], at: day(5) });
    expect(routed.state).toBe('forwarded.awaitingControllers');
    expect(routed.snapshot.context.pauses).toEqual([{ from: day(3), to: day(5), reason: 'Wie bent u?' }]);
    expect(routed.snapshot.context.flags.awaitingRequester).toBe(false);
    expect(routed.actions[0]).toEqual({ type: 'resumeClock', params: { from: day(3), to: day(5) } });

    const withdrawn = send(waiting, { type: 'WITHDRAW', at: day(6) });
    expect(withdrawn.actions).toEqual([{ type: 'resumeClock', params: { from: day(3), to: day(6) } }, closedWebhook]);
    expect(withdrawn.snapshot.context.pauses[0]!.to).toBe(day(6));
  });

  it('keeps waiting when routing finds nothing meanwhile', () => {
    const waiting = send(start(), { type: 'REQUEST_INFO', reason: 'Wie bent u?', forIdentification: true });
    const r = send(waiting, { type: 'ROUTE_NONE' });
    expect(r.state).toBe('triage.awaitingRequester');
    expect(r.snapshot.context.flags).toMatchObject({ unmatched: true, awaitingRequester: true });
    expect(r.snapshot.context.pauses[0]!.to).toBeUndefined();
  });

  it("can't put a direct-marketing objection on hold for an ID check (art 21(3))", () => {
    const dm = start({ rights: ['objection-direct-marketing'] });
    refusal(dm, { type: 'REQUEST_INFO', reason: 'Stuur een kopie van uw ID', forIdentification: true });
    const inHouse = send(dm, { type: 'CLASSIFY', scope: 'in-house' });
    const err = refusal(inHouse, { type: 'REQUEST_INFO', reason: 'Stuur een kopie van uw ID', forIdentification: true });
    expect(err.allowedEvents).toContain('REQUEST_INFO'); // a clarification is still possible
    const clarify = send(inHouse, { type: 'REQUEST_INFO', reason: 'Om welk e-mailadres gaat het?', forIdentification: false });
    expect(clarify.state).toBe('inHouse.awaitingRequester');
    expect(clarify.snapshot.context.pauses).toEqual([]);
  });

  it('becomes impossible to pause for an ID check once triage finds a direct-marketing objection', () => {
    const r = send(start(), { type: 'CLASSIFY', scope: 'in-house', rights: ['access', 'objection-direct-marketing'] });
    refusal(r, { type: 'REQUEST_INFO', reason: 'Kopie ID', forIdentification: true });
  });

  it.each([
    ['an empty reason', { reason: '', forIdentification: false }],
    ['a blank reason', { reason: '   ', forIdentification: true }],
    ['no answer to "is this about identity?"', { reason: 'Wie bent u?' }],
  ])('refuses a question with %s', (_what, payload) => {
    refusal(reach['inHouse.verifying'](), { type: 'REQUEST_INFO', ...payload } as Step);
    refusal(start(), { type: 'REQUEST_INFO', ...payload } as Step);
  });

  it('asks one thing at a time, and only takes an answer while waiting', () => {
    refusal(reach['inHouse.awaitingRequester'](), { type: 'REQUEST_INFO', reason: 'Nog iets', forIdentification: false });
    refusal(reach['triage.awaitingRequester'](), { type: 'REQUEST_INFO', reason: 'Nog iets', forIdentification: false });
    refusal(reach['inHouse.verifying'](), { type: 'INFO_RECEIVED' });
    refusal(start(), { type: 'INFO_RECEIVED' });
  });

  it('does not let work go on while waiting', () => {
    const waiting = reach['inHouse.awaitingRequester']();
    refusal(waiting, { type: 'VERIFIED' });
    refusal(waiting, { type: 'COMPLETE' });
    refusal(waiting, { type: 'PREPARE_ANSWER' });
  });
});

// ---------------------------------------------------------------------------------------------
// Extension (art 12(3))
// ---------------------------------------------------------------------------------------------

describe('extension', () => {
  const reason = 'Veel systemen te doorzoeken';

  it.each(['triage.open', 'triage.awaitingRequester', 'inHouse.verifying', 'inHouse.processing', 'inHouse.answering', 'inHouse.awaitingRequester'] as const)(
    'is possible in %s, with a notice to the requester',
    (path) => {
      const before = reach[path]();
      const r = send(before, { type: 'EXTEND', reason: `  ${reason}  `, at: day(20) });
      expect(r.state).toBe(path);
      expect(r.snapshot.context.extended).toEqual({ reason, at: day(20) });
      expect(r.actions).toEqual([
        { type: 'markExtended', params: { reason, at: day(20) } },
        { type: 'sendExtensionNotice', params: { reason } },
        { type: 'notifyWebhook', params: { event: 'request.extended' } },
      ]);
    },
  );

  it('is possible on the last day of the first month, not the day after', () => {
    expect(send(start(), { type: 'EXTEND', reason, at: '2026-04-02T23:59:00' }).snapshot.context.extended).not.toBeNull();
    refusal(start(), { type: 'EXTEND', reason, at: '2026-04-03T00:01:00' });
  });

  it('happens once', () => {
    const r = send(start(), { type: 'EXTEND', reason });
    refusal(r, { type: 'EXTEND', reason: 'Nog meer systemen te doorzoeken' });
  });

  it('needs a reason specific to the case (at least 10 characters)', () => {
    refusal(start(), { type: 'EXTEND', reason: '  druk    ' });
    refusal(start(), { type: 'EXTEND', reason: '123456789' });
    expect(send(start(), { type: 'EXTEND', reason: '1234567890' }).snapshot.context.extended).not.toBeNull();
  });

  it('clears the deadline warnings: the deadline moved', () => {
    const near = send(start(), { type: 'DEADLINE_NEAR' });
    expect(near.snapshot.context.flags.deadlineNear).toBe(true);
    expect(send(near, { type: 'EXTEND', reason }).snapshot.context.flags.deadlineNear).toBe(false);
  });

  it('survives the way out of a wait', () => {
    const r = run(
      reach['inHouse.awaitingRequester'](),
      { type: 'EXTEND', reason },
      { type: 'INFO_RECEIVED', at: day(12) },
    );
    expect(r.state).toBe('inHouse.processing');
    expect(r.snapshot.context.extended).toEqual({ reason, at: AT });
  });
});

// ---------------------------------------------------------------------------------------------
// Refusal (art 12(4)–(5))
// ---------------------------------------------------------------------------------------------

describe('refusal', () => {
  it.each(REFUSAL_GROUNDS.map((g) => [g]))('accepts the ground %s with a reason, and labels it in Dutch', (ground) => {
    const r = send(reach['inHouse.processing'](), { type: 'REFUSE', ground, reason: LONG_REASON, at: day(15) });
    expect(r.state).toBe('closed.refused');
    expect(r.snapshot.context.refusal).toEqual({ ground, reason: LONG_REASON });
    expect(r.snapshot.context.closedAt).toBe(day(15));
    expect(r.actions).toEqual([{ type: 'sendRefusal', params: { ground, reason: LONG_REASON, partial: false } }, closedWebhook]);
    expect(REFUSAL_GROUND_LABELS[ground].name).toMatch(/\S/);
    expect(REFUSAL_GROUND_LABELS[ground].article).toMatch(/AVG$/);
  });

  it.each(['manifestly-unfounded', 'excessive'] as const)(
    'demands a real argument for %s: the organisation carries the burden of proof',
    (ground) => {
      refusal(start(), { type: 'REFUSE', ground, reason: 'Zeurpiet' });
      refusal(start(), { type: 'REFUSE', ground, reason: `   ${'x'.repeat(19)}   ` });
      expect(send(start(), { type: 'REFUSE', ground, reason: 'x'.repeat(20) }).state).toBe('closed.refused');
    },
  );

  it('needs a reason for any ground', () => {
    refusal(start(), { type: 'REFUSE', ground: 'legal-retention-duty', reason: '' });
    refusal(start(), { type: 'REFUSE', ground: 'legal-retention-duty', reason: '  ' });
    expect(send(start(), { type: 'REFUSE', ground: 'legal-retention-duty', reason: 'AWR art. 52' }).state).toBe(
      'closed.refused',
    );
  });

  it('refuses an unknown ground', () => {
    refusal(start(), { type: 'REFUSE', ground: 'we-do-not-feel-like-it' as never, reason: LONG_REASON });
  });

  it('records a partial refusal (e.g. erasure refused in part under art 17(3))', () => {
    const r = send(start({ rights: ['erasure'] }), {
      type: 'REFUSE',
      ground: 'legal-retention-duty',
      reason: 'Facturen 7 jaar bewaren (art. 52 AWR)',
      partial: true,
    });
    expect(r.snapshot.context.refusal).toEqual({
      ground: 'legal-retention-duty',
      reason: 'Facturen 7 jaar bewaren (art. 52 AWR)',
      partial: true,
    });
    expect(r.actions[0]).toEqual({
      type: 'sendRefusal',
      params: { ground: 'legal-retention-duty', reason: 'Facturen 7 jaar bewaren (art. 52 AWR)', partial: true },
    });
  });

  it('is possible from triage, forwarded and inHouse', () => {
    for (const path of ['triage.open', 'triage.awaitingRequester', 'forwarded.awaitingControllers', 'inHouse.answering'] as const) {
      expect(send(reach[path](), { type: 'REFUSE', ground: 'rights-of-others', reason: 'Gegevens van derden' }).state).toBe(
        'closed.refused',
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Withdrawal, duplicates, notes, deadline signals
// ---------------------------------------------------------------------------------------------

describe('withdrawal, duplicates, notes and deadline signals', () => {
  const open = STATE_PATHS.filter((p) => !p.startsWith('closed.'));

  it.each(open)('a request in %s can be withdrawn', (path) => {
    const r = send(reach[path](), { type: 'WITHDRAW', at: day(11) });
    expect(r.state).toBe('closed.withdrawn');
    expect(r.snapshot.context.closedAt).toBe(day(11));
    expect(r.actions[r.actions.length - 1]).toEqual(closedWebhook);
  });

  it.each(open)('a request in %s can be marked a duplicate of another', (path) => {
    const r = send(reach[path](), { type: 'MARK_DUPLICATE', of: 'AVG-2026-000123' });
    expect(r.state).toBe('closed.duplicate');
    expect(r.snapshot.context.duplicateOf).toBe('AVG-2026-000123');
  });

  it.each(['', '123', 'AVG-26-1', 'avg-2026-000123', 'AVG-2026-12345'])('refuses %j as a request reference', (of) => {
    refusal(start(), { type: 'MARK_DUPLICATE', of });
  });

  it('accepts a reference past six digits', () => {
    expect(send(start(), { type: 'MARK_DUPLICATE', of: 'AVG-2026-1000000' }).state).toBe('closed.duplicate');
  });

  it.each(open)('a note on a request in %s changes nothing else', (path) => {
    const before = reach[path]();
    const r = send(before, { type: 'NOTE', text: 'Gebeld met verzoeker' });
    expect(r.state).toBe(path);
    expect(r.snapshot.context).toEqual(before.snapshot.context);
    expect(r.actions).toEqual([{ type: 'recordNote', params: { text: 'Gebeld met verzoeker' } }]);
  });

  it.each(open)('takes the requester\'s language in %s: no state or context change, one action the runner carries out', (path) => {
    const before = reach[path]();
    const r = send(before, { type: 'SET_LANGUAGE', language: 'en' });
    expect(r.state).toBe(path);
    expect(r.snapshot.context).toEqual(before.snapshot.context);
    expect(r.actions).toEqual([{ type: 'changeRequesterLanguage', params: { language: 'en' } }]);
  });

  it.each(STATE_PATHS.filter((p) => p.startsWith('closed.')))('refuses a language change in %s', (path) => {
    refusal(reach[path](), { type: 'SET_LANGUAGE', language: 'en' });
  });

  it('takes a note without text', () => {
    expect(send(start(), { type: 'NOTE' }).actions).toEqual([{ type: 'recordNote', params: {} }]);
  });

  it.each(open)('flags a request in %s whose deadline is near, then overdue', (path) => {
    const near = send(reach[path](), { type: 'DEADLINE_NEAR' });
    expect(near.state).toBe(path);
    expect(near.snapshot.context.flags.deadlineNear).toBe(true);
    expect(near.actions).toEqual([{ type: 'notifyWebhook', params: { event: 'request.deadline_near' } }]);
    const overdue = send(near, { type: 'OVERDUE' });
    expect(overdue.state).toBe(path);
    expect(overdue.snapshot.context.flags).toMatchObject({ deadlineNear: true, overdue: true });
    expect(overdue.actions).toEqual([{ type: 'notifyWebhook', params: { event: 'request.overdue' } }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Closed
// ---------------------------------------------------------------------------------------------

describe('closed requests', () => {
  const closed = STATE_PATHS.filter((p) => p.startsWith('closed.'));

  it('has a way into every closed outcome', () => {
    expect(closed.map((p) => p.slice('closed.'.length)).sort()).toEqual([...CLOSED_OUTCOMES].sort());
  });

  // Closed on one controller's word (handed over): marking that forwarding as sent in error reopens it.
  const reopenable = (path: string) => (path === 'closed.handedOver' ? ['FORWARDING_MISDIRECTED'] : []);

  it.each(closed)('%s accepts nothing (but a reopening misdirection), and says so', (path) => {
    const r = reach[path]();
    expect(r.state).toBe(path);
    expect(isClosed(r.snapshot)).toBe(true);
    expect(r.snapshot.context.closedAt).toEqual(expect.any(String));
    expect(allowedEvents(r.snapshot, AT)).toEqual(reopenable(path));
    for (const probe of probes(r).filter((p) => !reopenable(path).includes(p.type))) {
      const err = refusal(r, probe);
      expect(err.state).toBe(path);
      expect(err.allowedEvents).toEqual(reopenable(path));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// allowedEvents per state
// ---------------------------------------------------------------------------------------------

describe('allowedEvents', () => {
  const ALWAYS: RequestEventType[] = ['REFUSE', 'WITHDRAW', 'MARK_DUPLICATE', 'NOTE', 'DEADLINE_NEAR', 'OVERDUE', 'SET_LANGUAGE'];
  const expected: Record<Exclude<StatePath, `closed.${string}`>, RequestEventType[]> = {
    'triage.open': ['ROUTE_MATCHED', 'ROUTE_NONE', 'ASSIGN_CONTROLLER', 'CLASSIFY', 'REQUEST_INFO', 'EXTEND', ...ALWAYS],
    'triage.awaitingRequester': ['ROUTE_MATCHED', 'ROUTE_NONE', 'ASSIGN_CONTROLLER', 'CLASSIFY', 'INFO_RECEIVED', 'EXTEND', ...ALWAYS],
    'forwarded.awaitingControllers': ['FORWARDING_SETTLED', 'FORWARDING_MISDIRECTED', ...ALWAYS],
    'forwarded.instructed': ['INSTRUCTION_DONE', 'FORWARDING_MISDIRECTED', ...ALWAYS],
    'inHouse.verifying': ['VERIFIED', 'REQUEST_INFO', 'EXTEND', ...ALWAYS],
    'inHouse.processing': ['PREPARE_ANSWER', 'COMPLETE', 'REQUEST_INFO', 'EXTEND', ...ALWAYS],
    'inHouse.answering': ['COMPLETE', 'REQUEST_INFO', 'EXTEND', ...ALWAYS],
    'inHouse.awaitingRequester': ['INFO_RECEIVED', 'EXTEND', ...ALWAYS],
  };

  it.each(Object.entries(expected))('in %s: %j', (path, events) => {
    const r = reach[path as StatePath]();
    expect(allowedEvents(r.snapshot, AT)).toEqual(events);
  });

  it('offers exactly the events the machine then accepts, in every state', () => {
    for (const path of STATE_PATHS) {
      const r = reach[path]();
      const accepted = new Set<string>();
      for (const probe of probes(r)) {
        try {
          send(r, probe);
          accepted.add(probe.type);
        } catch (err) {
          if (!(err instanceof InvalidTransitionError)) throw err;
        }
      }
      expect([path, allowedEvents(r.snapshot, AT)]).toEqual([path, REQUEST_EVENT_TYPES.filter((t) => accepted.has(t))]);
    }
  });

  it('stops offering an extension once extended, or once the first month is over', () => {
    const extended = send(start(), { type: 'EXTEND', reason: 'Veel systemen te doorzoeken' });
    expect(allowedEvents(extended.snapshot, AT)).not.toContain('EXTEND');
    expect(allowedEvents(start().snapshot, '2026-04-02T17:00:00')).toContain('EXTEND');
    expect(allowedEvents(start().snapshot, '2026-04-03T08:00:00')).not.toContain('EXTEND');
    // Without a time, the date is not checked.
    expect(allowedEvents(start().snapshot)).toContain('EXTEND');
  });

  it('offers decisions only while a controller is undecided', () => {
    const r = run(
      send(start(), { type: 'ROUTE_MATCHED', controllers: [A, B] }),
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'instruct', instruction: 'erase' },
    );
    expect(allowedEvents(r.snapshot, AT)).toContain('FORWARDING_SETTLED');
  });

  it('lists event types in the documented order', () => {
    const all = allowedEvents(reach['triage.open']().snapshot, AT);
    expect(all).toEqual(REQUEST_EVENT_TYPES.filter((t) => all.includes(t)));
  });
});

// ---------------------------------------------------------------------------------------------
// The runner's contract
// ---------------------------------------------------------------------------------------------

describe('the contract with the workflow runner', () => {
  it('explains a refused event: which, where, and what is allowed instead', () => {
    const err = refusal(reach['inHouse.verifying'](), { type: 'COMPLETE' });
    expect(err.eventType).toBe('COMPLETE');
    expect(err.state).toBe('inHouse.verifying');
    expect(err.allowedEvents).toEqual(allowedEvents(reach['inHouse.verifying']().snapshot, AT));
    expect(err.message).toContain('COMPLETE');
    expect(err.name).toBe('InvalidTransitionError');
  });

  it('refuses an unknown event type', () => {
    refusal(start(), { type: 'SHRED' } as unknown as Step);
  });

  it('needs `at` on every event', () => {
    expect(() => applyRequestEvent(start().persisted, { type: 'NOTE' } as RequestEvent)).toThrow(TypeError);
  });

  it('hands over only named side effects: no assigns, no xstate built-ins', () => {
    const seen = new Set<string>();
    const all: RequestTransitionResult[] = [start(), start({ hasRequesterEmail: false })];
    for (const path of STATE_PATHS) {
      const r = reach[path]();
      all.push(r);
      for (const probe of probes(r)) {
        try {
          all.push(send(r, probe));
        } catch (err) {
          if (!(err instanceof InvalidTransitionError)) throw err;
        }
      }
    }
    for (const r of all) for (const a of r.actions) seen.add(a.type);
    expect([...seen].every((t) => (SIDE_EFFECTS as string[]).includes(t))).toBe(true);
    expect([...seen].some((t) => t.startsWith('xstate.'))).toBe(false);
  });

  it('never rests in `received`', () => {
    for (const path of STATE_PATHS) expect(reach[path]().snapshot.matches('received')).toBe(false);
  });

  it('does not change the snapshot it was given', () => {
    const before = start();
    const json = JSON.stringify(before.persisted);
    send(before, { type: 'ROUTE_MATCHED', controllers: [A] });
    expect(JSON.stringify(before.persisted)).toBe(json);
  });
});

// ---------------------------------------------------------------------------------------------
// Persistence
// ---------------------------------------------------------------------------------------------

describe('persistence: JSON round trip', () => {
  // From each state, an event that must still work after a round trip, and where it leads.
  const next: Record<StatePath, [Step, StatePath]> = {
    'triage.open': [{ type: 'ROUTE_MATCHED', controllers: [A] }, 'forwarded.awaitingControllers'],
    'triage.awaitingRequester': [{ type: 'INFO_RECEIVED' }, 'triage.open'],
    'forwarded.awaitingControllers': [{ type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' }, 'forwarded.awaitingControllers'],
    'forwarded.instructed': [{ type: 'INSTRUCTION_DONE', controllerId: 'ctl-a' }, 'forwarded.instructed'],
    'inHouse.verifying': [{ type: 'VERIFIED' }, 'inHouse.processing'],
    'inHouse.processing': [{ type: 'PREPARE_ANSWER' }, 'inHouse.answering'],
    'inHouse.answering': [{ type: 'COMPLETE' }, 'closed.completed'],
    'inHouse.awaitingRequester': [{ type: 'INFO_RECEIVED' }, 'inHouse.processing'],
    'closed.completed': [{ type: 'NOTE' }, 'closed.completed'],
    'closed.handedOver': [{ type: 'NOTE' }, 'closed.handedOver'],
    'closed.refused': [{ type: 'NOTE' }, 'closed.refused'],
    'closed.notOurs': [{ type: 'NOTE' }, 'closed.notOurs'],
    'closed.withdrawn': [{ type: 'NOTE' }, 'closed.withdrawn'],
    'closed.duplicate': [{ type: 'NOTE' }, 'closed.duplicate'],
    'closed.discarded': [{ type: 'NOTE' }, 'closed.discarded'],
  };

  it.each(STATE_PATHS)('%s resolves from JSON and carries on', (path) => {
    const r = reach[path]();
    const json = JSON.stringify(r.persisted);
    const restored = restoreRequestSnapshot(JSON.parse(json));
    expect(statePath(restored)).toBe(path);
    expect(restored.context).toEqual(r.snapshot.context);
    expect(allowedEvents(restored, AT)).toEqual(allowedEvents(r.snapshot, AT));
    expect(isClosed(restored)).toBe(path.startsWith('closed.'));
    // Restoring with the plain XState API gives the same.
    expect(statePath(requestMachine.resolveState(JSON.parse(json)))).toBe(path);

    const [step, to] = next[path];
    if (path.startsWith('closed.')) {
      refusal(r, step);
    } else {
      const after = applyRequestEvent(JSON.parse(json), { at: AT, ...step } as RequestEvent);
      expect(after.state).toBe(to);
      expect(JSON.parse(JSON.stringify(after.persisted))).toEqual(after.persisted);
    }
  });

  it('the persisted snapshot is plain JSON with the state and the context', () => {
    const r = reach['inHouse.awaitingRequester']();
    expect(JSON.parse(JSON.stringify(r.persisted))).toEqual(r.persisted);
    expect(r.persisted).toMatchObject({
      status: 'active',
      value: { inHouse: 'awaitingRequester' },
      context: { infoRequest: { returnTo: 'processing' }, pauses: [{ from: day(4), reason: 'Welk klantnummer?' }] },
    });
  });

  it('a whole life survives a round trip at every step', () => {
    const r = run(
      start({ rights: ['erasure'] }),
      { type: 'ROUTE_NONE', at: day(2, '09:30:00') },
      { type: 'REQUEST_INFO', reason: 'Bij welke winkel bent u klant?', forIdentification: false, at: day(2, '10:00:00') },
      { type: 'INFO_RECEIVED', at: day(4) },
      { type: 'ASSIGN_CONTROLLER', controllerIds: ['ctl-a', 'ctl-b'], at: day(4, '11:00:00') },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'instruct', instruction: 'erase', at: day(5) },
      { type: 'DEADLINE_NEAR', at: day(25) },
      { type: 'FORWARDING_SETTLED', controllerId: 'ctl-b', decision: 'not-ours', at: day(26) },
      { type: 'INSTRUCTION_DONE', controllerId: 'ctl-a', at: day(27) },
    );
    expect(r.state).toBe('closed.completed');
    expect(r.snapshot.context).toMatchObject({
      closedAt: day(27),
      pendingInstructions: [],
      flags: { deadlineNear: true, unmatched: false, awaitingRequester: false },
      controllers: [
        { controllerId: 'ctl-a', decision: 'instruct', instruction: 'erase', instructionDoneAt: day(27) },
        { controllerId: 'ctl-b', decision: 'not-ours' },
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

describe('Dutch labels', () => {
  it('names every right with its article', () => {
    expect(RIGHT_LABELS.access).toEqual({ name: 'inzage', article: 'art. 15 AVG' });
    for (const right of RIGHTS) {
      expect(RIGHT_LABELS[right].name).toMatch(/\S/);
      expect(RIGHT_LABELS[right].article).toMatch(/^art\. \d+.* AVG$/);
    }
  });

  it('labels every state a request can be in', () => {
    for (const path of STATE_PATHS) expect(STATE_LABELS[path]).toMatch(/\S/);
    for (const path of STATE_PATHS) expect(reach[path]().state).toBe(path);
  });
});

// ---------------------------------------------------------------------------------------------
// A request from the mailbox: suggested rights to confirm, discarding a mail that is no request
// ---------------------------------------------------------------------------------------------

describe('a request taken in from the mailbox', () => {
  const fromMail = () => start({ rights: [], rightsToConfirm: true });

  it('has no rights until an agent confirms them; confirming sets them (urgent when so) and is offered no more', () => {
    const r = fromMail();
    expect(r.snapshot.context.rights).toEqual([]);
    expect(allowedEvents(r.snapshot, AT)).toEqual(expect.arrayContaining(['CONFIRM_RIGHTS', 'DISCARD']));
    const confirmed = send(r, { type: 'CONFIRM_RIGHTS', rights: ['objection-direct-marketing', 'erasure', 'erasure'] });
    expect(confirmed.state).toBe('triage.open');
    expect(confirmed.snapshot.context.rights).toEqual(['objection-direct-marketing', 'erasure']);
    expect(confirmed.snapshot.context.flags.urgent).toBe(true);
    expect(confirmed.snapshot.context.rightsToConfirm).toBe(false);
    expect(types(confirmed)).toEqual([]);
    expect(allowedEvents(confirmed.snapshot, AT)).not.toContain('CONFIRM_RIGHTS');
    refusal(confirmed, { type: 'CONFIRM_RIGHTS', rights: ['access'] });
    refusal(r, { type: 'CONFIRM_RIGHTS', rights: [] as never });
  });

  it('may have its rights confirmed after routing too (until it closes)', () => {
    const routed = send(fromMail(), { type: 'ROUTE_MATCHED', controllers: [SELF] });
    expect(routed.state).toBe('inHouse.verifying');
    expect(send(routed, { type: 'CONFIRM_RIGHTS', rights: ['access'] }).snapshot.context.rights).toEqual(['access']);
  });

  it('takes rights set while classifying as confirmed', () => {
    const r = send(fromMail(), { type: 'CLASSIFY', scope: 'in-house', rights: ['access'] });
    expect(r.snapshot.context.rightsToConfirm).toBe(false);
  });

  it('can be discarded while in triage and nothing but the acknowledgement went out: closed, its personal data purged at once', () => {
    const r = send(fromMail(), { type: 'DISCARD' });
    expect(r.state).toBe('closed.discarded');
    expect(isClosed(r.snapshot)).toBe(true);
    expect(types(r)).toEqual(['purgePersonalData', 'notifyWebhook']);
  });

  it('cannot be discarded once its rights are confirmed, it was routed, the requester was asked something or told of an extension', () => {
    const refused = (r: RequestTransitionResult) => {
      expect(allowedEvents(r.snapshot, AT)).not.toContain('DISCARD');
      refusal(r, { type: 'DISCARD' });
    };
    refused(send(fromMail(), { type: 'CONFIRM_RIGHTS', rights: ['access'] }));
    refused(send(fromMail(), { type: 'ROUTE_MATCHED', controllers: [A] }));
    refused(run(fromMail(), { type: 'REQUEST_INFO', reason: 'Wat bedoelt u?', forIdentification: false }, { type: 'INFO_RECEIVED' }));
    refused(send(fromMail(), { type: 'EXTEND', reason: 'Veel systemen te doorzoeken' }));
    refused(run(send(fromMail(), { type: 'ROUTE_MATCHED', controllers: [A] }), { type: 'FORWARDING_SETTLED', controllerId: 'ctl-a', decision: 'not-ours' }));
  });

  it('a request filed otherwise (API, workspace) has its rights and can be neither confirmed nor discarded', () => {
    refusal(start(), { type: 'CONFIRM_RIGHTS', rights: ['access'] });
    refusal(start(), { type: 'DISCARD' });
  });
});
