import { sha256Hex } from '../../../src/common/crypto.js';
import { parseDecision } from '../../../src/forwarding/controller-page.js';
import {
  controllerClock,
  csrfFor,
  csrfMatches,
  firstReminderOn,
  isWellFormedToken,
  mayTellRequester,
  newLink,
  redact,
  reminderDue,
  tokenOfLink,
  type ReminderCandidate,
} from '../../../src/forwarding/forwarding-plan.js';
import { LinkRateLimiter } from '../../../src/common/link-rate-limiter.js';
import { loggablePath } from '../../../src/common/logger.js';

describe('controller link', () => {
  const now = new Date('2026-03-02T09:00:00Z');

  it('is 32 random bytes base64url, stored only as SHA-256, valid 60 days', () => {
    const a = newLink('https://vr.example/', now);
    const b = newLink('https://vr.example', now);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.digest).toBe(sha256Hex(a.token));
    expect(a.url).toBe(`https://vr.example/c/${a.token}`);
    expect(a.expiresAt.toISOString()).toBe('2026-05-01T09:00:00.000Z');
    expect(isWellFormedToken(a.token)).toBe(true);
    expect(isWellFormedToken('abc')).toBe(false);
    expect(tokenOfLink(a.url)).toBe(a.token);
    expect(loggablePath(`/c/${a.token}/decision`)).toBe('/c/<token>/decision');
    expect(loggablePath(`/C/${a.token}`)).toBe('/C/<token>');
    expect(loggablePath(`/v/${a.token}?x=1`)).toBe('/v/<token>');
  });

  it('form token: tied to the link, compared in constant time', () => {
    const key = Buffer.alloc(32, 7);
    const csrf = csrfFor(key, 'digest-a');
    expect(csrfMatches(key, 'digest-a', csrf)).toBe(true);
    expect(csrfMatches(key, 'digest-b', csrf)).toBe(false);
    expect(csrfMatches(Buffer.alloc(32, 8), 'digest-a', csrf)).toBe(false);
    expect(csrfMatches(key, 'digest-a', undefined)).toBe(false);
    expect(csrfMatches(key, 'digest-a', 'short')).toBe(false);
  });

  it('redacts a token from stored text', () => {
    expect(redact('zie https://x/c/TOKEN en https://x/c/TOKEN', 'TOKEN')).toBe('zie https://x/c/[verwijderd] en https://x/c/[verwijderd]');
    expect(redact(null, 'T')).toBeNull();
  });
});

describe('controller clock', () => {
  it('runs from the processor receipt in the controller calendar; the first reminder the working day after forwardBy', () => {
    // Friday 6 March 2026, NL: forward by Monday 9 March (1 working day), respond by Monday 6 April? 6 April 2026 is Easter Monday → 7 April.
    const clock = controllerClock(new Date('2026-03-06T10:00:00Z'), { country: 'NL', forwardingSlaWorkingDays: 1 }, []);
    expect(clock).toEqual({ receivedDate: '2026-03-06', forwardBy: '2026-03-09', respondBy: '2026-04-07' });
    expect(firstReminderOn(clock.forwardBy, 'NL', [])).toBe('2026-03-10');
  });
});

describe('telling the requester where the request went', () => {
  it('only when their own e-mail matched and the agreement allows it', () => {
    expect(mayTellRequester(['email'], { mayInformRequester: true }, 'a@b.nl')).toBe(true);
    expect(mayTellRequester(['email', 'phone'], { mayInformRequester: true }, 'a@b.nl')).toBe(true);
    expect(mayTellRequester(['phone'], { mayInformRequester: true }, 'a@b.nl')).toBe(false);
    expect(mayTellRequester(['agent'], { mayInformRequester: true }, 'a@b.nl')).toBe(false);
    expect(mayTellRequester(['email'], { mayInformRequester: false }, 'a@b.nl')).toBe(false);
    expect(mayTellRequester(['email'], { mayInformRequester: true }, null)).toBe(false);
  });
});

describe('reminderDue', () => {
  const base: ReminderCandidate = {
    state: 'sent',
    reminderCount: 0,
    nextReminderOn: '2026-03-10',
    escalated: false,
    decisionReminded: false,
    respondBy: '2026-04-07',
    country: 'NL',
  };
  it('nothing before the reminder day', () => {
    expect(reminderDue(base, '2026-03-09', [])).toBeUndefined();
  });
  it('a reminder, next one 3 working days on', () => {
    expect(reminderDue(base, '2026-03-10', [])).toEqual({ kind: 'acknowledge', nextReminderOn: '2026-03-13' });
  });
  it('after 3 reminders: escalation, once', () => {
    expect(reminderDue({ ...base, reminderCount: 3 }, '2026-03-20', [])).toEqual({ kind: 'escalate' });
    expect(reminderDue({ ...base, reminderCount: 3, escalated: true, nextReminderOn: null }, '2026-03-20', [])).toBeUndefined();
  });
  it('no acknowledge reminders once acknowledged; the decision reminder 7 days before respondBy, once', () => {
    const ack = { ...base, state: 'acknowledged' };
    expect(reminderDue(ack, '2026-03-10', [])).toBeUndefined();
    expect(reminderDue(ack, '2026-03-30', [])).toBeUndefined();
    expect(reminderDue(ack, '2026-03-31', [])).toEqual({ kind: 'decision' });
    expect(reminderDue({ ...ack, decisionReminded: true }, '2026-04-01', [])).toBeUndefined();
    expect(reminderDue({ ...ack, state: 'done' }, '2026-04-01', [])).toBeUndefined();
  });
});

describe('parseDecision (the form)', () => {
  it('takes-over and not-ours with an optional note', () => {
    expect(parseDecision({ decision: 'takes-over', note: '  ok  ' })).toEqual({ ok: true, input: { decision: 'takes-over', note: 'ok' }, needsConfirmation: false });
    expect(parseDecision({ decision: 'not-ours' })).toEqual({ ok: true, input: { decision: 'not-ours' }, needsConfirmation: false });
  });
  it('instruct needs an instruction and details; erase and export need a second confirmation', () => {
    expect(parseDecision({ decision: 'instruct' }).ok).toBe(false);
    expect(parseDecision({ decision: 'instruct', instruction: 'rectify' }).ok).toBe(false);
    expect(parseDecision({ decision: 'instruct', instruction: 'rectify', details: 'Adres wijzigen' })).toMatchObject({ ok: true, needsConfirmation: false });
    expect(parseDecision({ decision: 'instruct', instruction: 'erase', details: 'Alles' })).toMatchObject({ ok: true, needsConfirmation: true });
    expect(parseDecision({ decision: 'instruct', instruction: 'export', details: 'Alles', confirm: 'ja' })).toMatchObject({ ok: true, needsConfirmation: false });
  });
  it('refuses unknown decisions and overlong text', () => {
    expect(parseDecision({ decision: 'misschien' }).ok).toBe(false);
    expect(parseDecision({}).ok).toBe(false);
    expect(parseDecision({ decision: 'takes-over', note: 'x'.repeat(4001) }).ok).toBe(false);
  });
});

describe('LinkRateLimiter', () => {
  it('30 attempts a minute per address', () => {
    const l = new LinkRateLimiter();
    for (let i = 0; i < 30; i++) expect(l.allow('1.2.3.4', 1000)).toBe(true);
    expect(l.allow('1.2.3.4', 2000)).toBe(false);
    expect(l.allow('5.6.7.8', 2000)).toBe(true);
    expect(l.allow('1.2.3.4', 61_000)).toBe(true);
  });
});
