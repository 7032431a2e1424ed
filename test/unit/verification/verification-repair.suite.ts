/** The repair sweep's pure decisions: which stuck steps close how, and which request missed which event. */
import { requestRepair, stepRepair } from '../../../src/verification/verification-repair.js';

const now = new Date('2026-04-28T10:00:00Z');
const open = { status: 'requested' as const, tokenExpiresAt: null, mailFailed: false, requestClosed: false };

describe('stepRepair', () => {
  it('expires an e-mail confirmation whose link ran out and fails one whose mail was given up', () => {
    expect(stepRepair({ ...open, method: 'email-confirmation', tokenExpiresAt: new Date('2026-04-28T09:59:59Z') }, now)).toMatchObject({ status: 'expired', cause: 'link-expired' });
    expect(stepRepair({ ...open, method: 'email-confirmation', tokenExpiresAt: new Date('2026-04-29T00:00:00Z') }, now)).toBeUndefined();
    expect(stepRepair({ ...open, method: 'email-confirmation', tokenExpiresAt: new Date('2026-04-29T00:00:00Z'), mailFailed: true }, now)).toMatchObject({ status: 'failed', cause: 'mail-failed' });
  });

  it('expires any open step of a closed request, and leaves decided steps and open agent steps alone', () => {
    expect(stepRepair({ ...open, method: 'id-document', requestClosed: true }, now)).toMatchObject({ status: 'expired', cause: 'request-closed' });
    expect(stepRepair({ ...open, method: 'callback' }, now)).toBeUndefined();
    expect(stepRepair({ ...open, method: 'email-confirmation', status: 'passed', requestClosed: true }, now)).toBeUndefined();
  });
});

describe('requestRepair', () => {
  const pausedSince = new Date('2026-04-21T10:00:00Z');
  const waiting = { state: 'inHouse.awaitingRequester', waitingForIdentification: true, pausedSince };

  it('sends INFO_RECEIVED when the awaited copy step was decided during the wait and nothing else is open', () => {
    expect(requestRepair({ ...waiting, steps: [{ method: 'id-document', status: 'passed', decidedAt: new Date('2026-04-23T10:00:00Z') }] })).toBe('INFO_RECEIVED');
    // Decided before this wait began: the agent asked again; keep waiting.
    expect(requestRepair({ ...waiting, steps: [{ method: 'id-document', status: 'failed', decidedAt: new Date('2026-04-20T10:00:00Z') }] })).toBeUndefined();
    // Another copy step still open.
    expect(
      requestRepair({
        ...waiting,
        steps: [
          { method: 'id-document', status: 'failed', decidedAt: new Date('2026-04-23T10:00:00Z') },
          { method: 'representative-authority', status: 'requested', decidedAt: null },
        ],
      }),
    ).toBeUndefined();
    // Waiting for a clarification, not for identification.
    expect(requestRepair({ ...waiting, waitingForIdentification: false, steps: [{ method: 'id-document', status: 'passed', decidedAt: new Date('2026-04-23T10:00:00Z') }] })).toBeUndefined();
  });

  it('sends VERIFIED when identity is established while the request still verifies', () => {
    expect(requestRepair({ state: 'inHouse.verifying', waitingForIdentification: false, pausedSince: null, steps: [{ method: 'email-confirmation', status: 'passed', decidedAt: now }] })).toBe('VERIFIED');
    // A representative without proven authority: not established.
    expect(
      requestRepair({
        state: 'inHouse.verifying',
        waitingForIdentification: false,
        pausedSince: null,
        steps: [
          { method: 'email-confirmation', status: 'passed', decidedAt: now },
          { method: 'representative-authority', status: 'failed', decidedAt: now },
        ],
      }),
    ).toBeUndefined();
    expect(requestRepair({ state: 'inHouse.processing', waitingForIdentification: false, pausedSince: null, steps: [{ method: 'callback', status: 'passed', decidedAt: now }] })).toBeUndefined();
  });
});
