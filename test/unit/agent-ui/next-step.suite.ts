/** The "Volgende stap" panel: one recommended action per state, derived from the request's facts. */
import { confirmationFor, nextStep, type NextStepFacts } from '../../../src/agent-ui/next-step.js';

const base: NextStepFacts = {
  state: 'triage.open',
  allowedEvents: ['CLASSIFY', 'ASSIGN_CONTROLLER', 'REQUEST_INFO', 'REFUSE', 'WITHDRAW', 'MARK_DUPLICATE', 'NOTE'],
  unmatched: false,
  undecidedControllers: 0,
  controllerOverdue: false,
  verification: { awaitingAgentDecision: false, awaitingRequester: false, identityEstablished: false },
  tasks: { completable: 0, concerns: 0 },
};
const facts = (over: Partial<NextStepFacts>): NextStepFacts => ({ ...base, ...over });

describe('nextStep', () => {
  it('asks to classify a new request and to choose a controller for an unmatched one', () => {
    expect(nextStep(base)?.action).toEqual({ kind: 'event', event: 'CLASSIFY' });
    const unmatched = nextStep(facts({ unmatched: true }));
    expect(unmatched?.action).toEqual({ kind: 'event', event: 'ASSIGN_CONTROLLER' });
    expect(unmatched?.title).toBe('Kies de verwerkingsverantwoordelijke');
  });

  it('records the information when the request waits for the requester', () => {
    for (const state of ['triage.awaitingRequester', 'inHouse.awaitingRequester']) {
      expect(nextStep(facts({ state, allowedEvents: ['INFO_RECEIVED', 'WITHDRAW'] }))?.action).toEqual({ kind: 'event', event: 'INFO_RECEIVED' });
    }
  });

  it("offers to record the controller's decision while one is undecided, more urgently when their term passed", () => {
    const f = facts({ state: 'forwarded.awaitingControllers', allowedEvents: ['FORWARDING_SETTLED', 'NOTE'], undecidedControllers: 1 });
    expect(nextStep(f)?.action).toEqual({ kind: 'event', event: 'FORWARDING_SETTLED' });
    expect(nextStep(f)?.title).toMatch(/^Wacht op het besluit/);
    expect(nextStep({ ...f, controllerOverdue: true })?.title).toMatch(/^Termijn verstreken/);
  });

  it('sends an instructed request to the processor tasks: an answer to a concern first, then completion', () => {
    const f = facts({ state: 'forwarded.instructed', allowedEvents: ['INSTRUCTION_DONE', 'NOTE'], tasks: { completable: 1, concerns: 0 } });
    expect(nextStep(f)?.action).toMatchObject({ kind: 'section', anchor: 'h-opdrachten' });
    expect(nextStep(f)?.title).toBe('Voer de instructie uit en rond de opdracht af');
    expect(nextStep({ ...f, tasks: { completable: 1, concerns: 1 } })?.title).toBe('Leg het antwoord op uw bezwaar vast');
  });

  it('guides the identity check: ask, wait, decide, then record it as established', () => {
    const f = facts({ state: 'inHouse.verifying', allowedEvents: ['VERIFIED', 'REQUEST_INFO', 'NOTE'] });
    expect(nextStep(f)).toMatchObject({ title: 'Stel de identiteit vast', action: { kind: 'section', anchor: 'h-identiteit' } });
    expect(nextStep({ ...f, verification: { ...f.verification, awaitingRequester: true } })?.action).toEqual({ kind: 'wait' });
    expect(nextStep({ ...f, verification: { ...f.verification, awaitingAgentDecision: true } })?.title).toBe('Beoordeel de identiteitscontrole');
    expect(nextStep({ ...f, verification: { ...f.verification, identityEstablished: true } })?.action).toEqual({ kind: 'event', event: 'VERIFIED' });
  });

  it('moves an in-house request to the answer and then to completion', () => {
    expect(nextStep(facts({ state: 'inHouse.processing', allowedEvents: ['PREPARE_ANSWER'] }))?.action).toEqual({ kind: 'event', event: 'PREPARE_ANSWER' });
    expect(nextStep(facts({ state: 'inHouse.answering', allowedEvents: ['COMPLETE'] }))?.action).toEqual({ kind: 'event', event: 'COMPLETE' });
  });

  it('recommends nothing for a closed request or a step the request does not accept', () => {
    expect(nextStep(facts({ state: 'closed.completed', allowedEvents: [] }))).toBeNull();
    expect(nextStep(facts({ state: 'inHouse.answering', allowedEvents: ['NOTE'] }))).toBeNull();
  });
});

describe('confirmationFor', () => {
  it('asks before every step that closes the request', () => {
    for (const type of ['WITHDRAW', 'COMPLETE', 'REFUSE', 'MARK_DUPLICATE']) expect(confirmationFor({ type })?.button).toMatch(/^Ja, /);
    expect(confirmationFor({ type: 'CLASSIFY', scope: 'not-ours' })?.question).toContain('niet voor ons');
    expect(confirmationFor({ type: 'MARK_DUPLICATE', of: 'AVG-2026-000123' })?.question).toContain('AVG-2026-000123');
  });

  it('does not ask for a step that keeps the request open', () => {
    for (const e of [{ type: 'NOTE' }, { type: 'CLASSIFY', scope: 'in-house' }, { type: 'VERIFIED' }, { type: 'EXTEND' }]) expect(confirmationFor(e)).toBeNull();
  });
});
