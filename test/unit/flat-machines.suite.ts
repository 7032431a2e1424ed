import { assertCarriedOut, FlatTransitionError } from '../../src/common/flat-machine.js';
import { applyTaskEvent, processorTaskMachine, TASK_ACTIONS_CARRIED_OUT, taskTakes } from '../../src/processor-tasks/processor-task.machine.js';
import { TASK_STATES } from '../../src/processor-tasks/processor-task.rules.js';
import { applyStepEvent, STEP_ACTIONS_CARRIED_OUT, stepTakes, verificationStepMachine } from '../../src/verification/verification-step.machine.js';
import { VERIFICATION_STATUSES } from '../../src/verification/verification.rules.js';

describe('processor task machine', () => {
  it('a concern moves an open task to concern and sends the controller a letter', () => {
    const t = applyTaskEvent('open', { type: 'RAISE_CONCERN' });
    expect(t.state).toBe('concern');
    expect(t.actions.map((a) => a.type)).toEqual(['recordConcern', 'sendConcernLetter']);
  });

  it('the controller confirms (open again) or withdraws (cancelled, its export deleted)', () => {
    expect(applyTaskEvent('concern', { type: 'CONFIRM' }).state).toBe('open');
    const w = applyTaskEvent('concern', { type: 'WITHDRAW' });
    expect(w.state).toBe('cancelled');
    expect(w.actions.map((a) => a.type)).toContain('deleteExports');
  });

  it('a second concern, or a concern on a finished task, is refused', () => {
    expect(() => applyTaskEvent('concern', { type: 'RAISE_CONCERN' })).toThrow(FlatTransitionError);
    expect(() => applyTaskEvent('done', { type: 'RAISE_CONCERN' })).toThrow(/not allowed in state done/);
    expect(() => applyTaskEvent('cancelled', { type: 'CONFIRM' })).toThrow(FlatTransitionError);
  });

  it('a task under concern cannot be completed until the controller answers', () => {
    expect(taskTakes('concern', 'COMPLETE')).toBe(false);
    expect(applyTaskEvent('open', { type: 'COMPLETE' }).state).toBe('done');
  });

  it('exports are taken only while the task is open or under concern, and lapse with the task', () => {
    expect(TASK_STATES.filter((s) => taskTakes(s, 'UPLOAD_EXPORT'))).toEqual(['open', 'concern']);
    expect(applyTaskEvent('open', { type: 'UPLOAD_EXPORT' }).state).toBe('open');
    for (const s of ['open', 'concern'] as const) expect(applyTaskEvent(s, { type: 'LAPSE' }).actions.map((a) => a.type)).toContain('deleteExports');
    expect(taskTakes('done', 'LAPSE')).toBe(false);
  });
});

describe('verification step machine', () => {
  it('a requested step passes, fails or expires, and only once', () => {
    expect(applyStepEvent('requested', { type: 'PASS' }).state).toBe('passed');
    expect(applyStepEvent('requested', { type: 'FAIL' }).state).toBe('failed');
    expect(applyStepEvent('requested', { type: 'EXPIRE' }).state).toBe('expired');
    for (const s of VERIFICATION_STATUSES.filter((x) => x !== 'requested')) {
      expect(stepTakes(s, 'PASS')).toBe(false);
      expect(() => applyStepEvent(s, { type: 'FAIL' })).toThrow(FlatTransitionError);
    }
  });

  it('a checked ID copy is recorded as destroyed; a pass moves the request on', () => {
    expect(applyStepEvent('requested', { type: 'PASS', copyChecked: true }).actions.map((a) => a.type)).toEqual([
      'recordDecision',
      'recordCopyDestroyed',
      'moveRequestOn',
    ]);
    expect(applyStepEvent('requested', { type: 'EXPIRE' }).actions.map((a) => a.type)).toEqual(['recordDecision']);
  });
});

describe('named actions', () => {
  it('every action a machine names is carried out by some statement', () => {
    const uncarried = (declared: string[], carried: readonly (readonly string[])[]) => declared.filter((a) => !carried.flat().includes(a));
    expect(uncarried(Object.keys(processorTaskMachine.implementations.actions), Object.values(TASK_ACTIONS_CARRIED_OUT))).toEqual([]);
    expect(uncarried(Object.keys(verificationStepMachine.implementations.actions), Object.values(STEP_ACTIONS_CARRIED_OUT))).toEqual([]);
  });

  it('a transition whose action no statement carries out is refused before anything is written', () => {
    expect(() => assertCarriedOut(applyTaskEvent('open', { type: 'RAISE_CONCERN' }), ['recordConcern'])).toThrow(/sendConcernLetter/);
  });
});
