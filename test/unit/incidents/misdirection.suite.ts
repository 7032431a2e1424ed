/**
 * A forwarding sent in error (pure parts): where the request goes, what the transition asks the
 * planner to write, and what the forwarding and the privacy mail get.
 */
import { applyRequestEvent, initialRequestSnapshot, type RequestTransitionResult } from '../../../src/requests/request.machine.js';
import { initialForwardingSnapshot, applyForwardingEvent } from '../../../src/forwarding/forwarding.machine.js';
import type { ForwardingRow } from '../../../src/forwarding/forwarding-row.js';
import { planMisdirection } from '../../../src/incidents/misdirection-plan.js';
import { sha256Hex } from '../../../src/common/crypto.js';
import { isForwardingOverdue } from '../../../src/forwarding/overdue.js';
import { draftDocument, draftFilename, draftLettersFor } from '../../../src/forwarding/draft-letters.js';
import type { RequestEvent } from '../../../src/requests/request.types.js';

const AT = '2026-04-20T10:00:00';

function forwardedTo(...controllerIds: string[]): RequestTransitionResult {
  const start = initialRequestSnapshot({ rights: ['access'], hasRequesterEmail: true, respondBy: '2026-05-20', receivedAt: '2026-04-20T08:00:00Z' });
  return applyRequestEvent(start.persisted, { type: 'ASSIGN_CONTROLLER', at: AT, controllerIds });
}

const misdirected = (controllerId: string, reason = 'Verkeerde klant gekozen'): RequestEvent => ({
  type: 'FORWARDING_MISDIRECTED',
  at: AT,
  controllerId,
  forwardingId: `fwd-${controllerId}`,
  reason,
});

describe('FORWARDING_MISDIRECTED in the request machine', () => {
  it('the only open forwarding: back to triage, flagged misdirected; the planner revokes and records', () => {
    const r = applyRequestEvent(forwardedTo('a').persisted, misdirected('a', '  Verkeerde klant gekozen  '));
    expect(r.state).toBe('triage.open');
    expect(r.persisted.context.flags.misdirected).toBe(true);
    expect(r.persisted.context.controllers[0]).toMatchObject({ controllerId: 'a', misdirected: true });
    expect(r.actions).toEqual(
      expect.arrayContaining([
        { type: 'reportMisdirection', params: { controllerId: 'a', forwardingId: 'fwd-a', description: 'Verkeerde klant gekozen' } },
        { type: 'notifyWebhook', params: { event: 'forwarding.sent_in_error' } },
      ]),
    );
    // Nothing else is called off.
    expect(r.actions.some((a) => a.type === 'cancelForwardings')).toBe(false);
  });

  it('one of two open forwardings: only that one, the request stays forwarded and no longer waits for it', () => {
    const r = applyRequestEvent(forwardedTo('a', 'b').persisted, misdirected('b'));
    expect(r.state).toBe('forwarded.awaitingControllers');
    expect(r.persisted.context.flags.misdirected ?? false).toBe(false);
    // The right controller's decision settles the request; the wrong one cannot decide any more.
    expect(() => applyRequestEvent(r.persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'b', decision: 'takes-over' })).toThrow();
    const settled = applyRequestEvent(r.persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'takes-over' });
    expect(settled.state).toBe('closed.handedOver');
  });

  it('the last undecided one while another controller decided: back to triage (no open forwarding left)', () => {
    const decided = applyRequestEvent(forwardedTo('a', 'b').persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'not-ours' });
    expect(applyRequestEvent(decided.persisted, misdirected('b')).state).toBe('triage.open');
  });

  it('the last undecided one while the others decided: their decisions settle it (handed over, or their instruction)', () => {
    const tookOver = applyRequestEvent(forwardedTo('a', 'b').persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'takes-over' });
    expect(applyRequestEvent(tookOver.persisted, misdirected('b')).state).toBe('closed.handedOver');
    const instructs = applyRequestEvent(forwardedTo('a', 'b').persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'instruct', instruction: 'erase' });
    const r = applyRequestEvent(instructs.persisted, misdirected('b'));
    expect(r.state).toBe('forwarded.instructed');
    expect(r.actions).toEqual(expect.arrayContaining([{ type: 'createProcessorTask', params: { controllerId: 'a', instruction: 'erase' } }]));
  });

  it('carrying out instructions: the wrong controller\'s instruction is dropped; the others\' settle the request', () => {
    const settle = (r: RequestTransitionResult, controllerId: string, instruction: 'erase' | 'export') =>
      applyRequestEvent(r.persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId, decision: 'instruct', instruction });
    const both = settle(settle(forwardedTo('a', 'b'), 'a', 'export'), 'b', 'erase');
    expect(both.state).toBe('forwarded.instructed');
    // b's instruction goes; a's is still to do.
    const dropped = applyRequestEvent(both.persisted, misdirected('b'));
    expect(dropped.state).toBe('forwarded.instructed');
    expect(dropped.persisted.context.pendingInstructions).toEqual([{ controllerId: 'a', instruction: 'export' }]);
    expect(() => applyRequestEvent(dropped.persisted, { type: 'INSTRUCTION_DONE', at: AT, controllerId: 'b', outcome: 'Gewist.' })).toThrow();
    // a's instruction was done already: nothing is left, the request is completed.
    const aDone = applyRequestEvent(both.persisted, { type: 'INSTRUCTION_DONE', at: AT, controllerId: 'a', outcome: 'Export gemaakt.' });
    expect(applyRequestEvent(aDone.persisted, misdirected('b')).state).toBe('closed.completed');
    // The only instruction, from the wrong controller: back to triage.
    const only = settle(forwardedTo('b'), 'b', 'erase');
    expect(applyRequestEvent(only.persisted, misdirected('b')).state).toBe('triage.open');
  });

  it('closed on the wrong controller\'s word alone: reopened in triage, no longer dated closed, and the helpdesk is told', () => {
    const closed = applyRequestEvent(forwardedTo('a').persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'takes-over' });
    expect(closed.state).toBe('closed.handedOver');
    expect(closed.persisted.context.closedAt).toEqual(expect.any(String));
    const reopened = applyRequestEvent(closed.persisted, misdirected('a'));
    expect(reopened.state).toBe('triage.open');
    expect(reopened.persisted.context.closedAt).toBeUndefined();
    expect(reopened.actions).toEqual(expect.arrayContaining([{ type: 'notifyWebhook', params: { event: 'request.reopened' } }]));
    // Another controller took it over too: it stays closed (the incident is recorded outside the machine).
    const both = applyRequestEvent(
      applyRequestEvent(forwardedTo('a', 'b').persisted, { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'a', decision: 'takes-over' }).persisted,
      { type: 'FORWARDING_SETTLED', at: AT, controllerId: 'b', decision: 'takes-over' },
    );
    expect(() => applyRequestEvent(both.persisted, misdirected('b'))).toThrow();
  });

  it('is refused without a description, for an unknown controller, twice, and the flag clears when routed again', () => {
    const r = forwardedTo('a', 'b');
    expect(() => applyRequestEvent(r.persisted, misdirected('a', '  '))).toThrow();
    expect(() => applyRequestEvent(r.persisted, misdirected('x'))).toThrow();
    const once = applyRequestEvent(r.persisted, misdirected('a'));
    expect(() => applyRequestEvent(once.persisted, misdirected('a'))).toThrow();
    const back = applyRequestEvent(once.persisted, misdirected('b'));
    const routed = applyRequestEvent(back.persisted, { type: 'ASSIGN_CONTROLLER', at: AT, controllerIds: ['c'] });
    expect(routed.state).toBe('forwarded.awaitingControllers');
    expect(routed.persisted.context.flags.misdirected).toBe(false);
  });
});

function row(overrides: Partial<ForwardingRow> = {}): ForwardingRow {
  const sent = applyForwardingEvent(initialForwardingSnapshot().persisted, { type: 'SENT', at: AT });
  return {
    id: 'f1', requestId: 'r1', controllerId: 'c1', controllerName: 'Bakkerij Korenbloem', state: 'sent', snapshot: sent.persisted, version: 3,
    matchedBy: ['email'], country: 'NL', contactEmail: 'privacy@korenbloem.example', tokenDigest: 'x', tokenExpiresAt: null, tokenRevokedAt: null,
    sentAt: new Date('2026-04-20T09:00:00Z'), firstViewedAt: null, acknowledgedAt: null, decidedAt: null, decision: null, instruction: null,
    instructionDetails: null, note: null, decidedBy: null, settledAt: null, settlement: null, reminderCount: 0, nextReminderOn: null, decisionRemindedAt: null,
    escalated: false, respondBy: '2026-05-20', forwardBy: '2026-04-21', cancelledAt: null, createdAt: new Date('2026-04-20T08:00:00Z'),
    misdirectedAt: null, overdueAt: null, ...overrides,
  } as ForwardingRow;
}

describe('planMisdirection', () => {
  const settings = { privacyEmail: 'privacy@verwerker.example', processorTone: 'u' as const, publicBaseUrl: 'https://vr.example/' };

  const wrong = { tone: 'je' as const, contactName: 'Fatima El Amrani' };

  it('an open forwarding is called off; the mail names the controller only; the description stays out of mail and audit', () => {
    const p = planMisdirection(row(), 'Jan de Vries is geen klant van hen', { id: 'r1', now: new Date('2026-04-22T10:00:00Z') }, settings, wrong, 'i1');
    expect(p.misdirection).toMatchObject({ incidentId: 'i1', forwardingId: 'f1', controllerId: 'c1', version: 3, state: 'done', description: 'Jan de Vries is geen klant van hen' });
    const [privacy] = p.messages;
    expect(privacy.recipient).toBe('privacy@verwerker.example');
    expect(privacy.template).toBe('processor-incident');
    expect(privacy.data).toMatchObject({ controller: { name: 'Bakkerij Korenbloem' }, incidentsUrl: 'https://vr.example/ui/incidents', forwardedOn: '2026-04-20', reportedOn: '2026-04-22' });
    expect(privacy.data.forwardingId).toBeUndefined();
    expect(privacy.data.deletionRequested).toBe(true);
    expect(JSON.stringify([p.messages, p.audit])).not.toContain('Jan de Vries');
    expect(p.audit.map((a) => a.type)).toEqual(['CONTROLLER_LINK_REVOKED', 'FORWARDING_CANCELLED', 'INCIDENT_RECORDED', 'INCIDENT_DELETION_REQUESTED']);
  });

  it('a forwarding whose mail had left: the wrong recipient is asked to delete and confirm, in its own tone, with a link whose digest the incident keeps', () => {
    const now = new Date('2026-04-22T10:00:00Z');
    const p = planMisdirection(row(), 'Verkeerde bakkerij', { id: 'r1', now }, settings, wrong, 'i1');
    const deletion = p.messages.find((m) => m.template === 'deletion-request')!;
    expect(deletion.recipient).toBe('privacy@korenbloem.example');
    expect(deletion.data).toMatchObject({ tone: 'je', incidentId: 'i1', controller: { name: 'Bakkerij Korenbloem', contactName: 'Fatima El Amrani' }, forwardedOn: '2026-04-20', expiresOn: '2026-05-22' });
    // Not a forwarding's mail: the outbox scrubs its link itself once sent.
    expect(deletion.data.forwardingId).toBeUndefined();
    const link = String(deletion.data.link);
    expect(link).toMatch(/^https:\/\/vr\.example\/d\/[A-Za-z0-9_-]{43}$/);
    expect(p.misdirection.deletion).toEqual({ tokenDigest: sha256Hex(link.split('/').pop()!), expiresAt: '2026-05-22T10:00:00.000Z' });
  });

  it('a forwarding whose mail never left (withheld in the same statement): no deletion request', () => {
    const p = planMisdirection(row({ sentAt: null, state: 'queued' }), 'Verkeerde bakkerij', { id: 'r1', now: new Date() }, settings, wrong);
    expect(p.messages.map((m) => m.template)).toEqual(['processor-incident']);
    expect(p.messages[0].data.deletionRequested).toBe(false);
    expect(p.misdirection.deletion).toBeNull();
    expect(p.audit.map((a) => a.type)).not.toContain('INCIDENT_DELETION_REQUESTED');
  });

  it('a forwarding that is done already keeps its state (only the link is revoked)', () => {
    const done = applyForwardingEvent(row().snapshot, { type: 'DECIDE', decision: 'not-ours', at: AT });
    const p = planMisdirection(row({ state: 'done', snapshot: done.persisted, decidedAt: new Date() }), 'x'.repeat(10), { id: 'r1', now: new Date() }, settings, { tone: 'u', contactName: null });
    expect(p.misdirection.state).toBeNull();
    expect(p.audit.map((a) => a.type)).toEqual(['CONTROLLER_LINK_REVOKED', 'INCIDENT_RECORDED', 'INCIDENT_DELETION_REQUESTED']);
  });
});

describe('overdue per forwarding', () => {
  it('only after respondBy, only without a decision, not when called off or sent in error, and once', () => {
    const f = row();
    expect(isForwardingOverdue(f, '2026-05-20')).toBe(false);
    expect(isForwardingOverdue(f, '2026-05-21')).toBe(true);
    expect(isForwardingOverdue(row({ decidedAt: new Date() }), '2026-05-21')).toBe(false);
    expect(isForwardingOverdue(row({ cancelledAt: new Date() }), '2026-05-21')).toBe(false);
    expect(isForwardingOverdue(row({ misdirectedAt: new Date() }), '2026-05-21')).toBe(false);
    expect(isForwardingOverdue(row({ overdueAt: new Date() }), '2026-05-21')).toBe(false);
  });

  it('the forwarding machine takes OVERDUE once, as a flag', () => {
    const once = applyForwardingEvent(row().snapshot, { type: 'OVERDUE', at: AT });
    expect(once.state).toBe('sent');
    expect(once.context.overdue).toBe(true);
    expect(() => applyForwardingEvent(once.persisted, { type: 'OVERDUE', at: AT })).toThrow();
  });
});

describe('draft letters for the controller', () => {
  it('fit the rights asked', () => {
    expect(draftLettersFor(['access', 'erasure']).map((d) => d.id)).toEqual(['draft-access', 'draft-refusal']);
    expect(draftLettersFor(['erasure']).map((d) => d.id)).toEqual(['draft-refusal']);
    expect(draftFilename(draftLettersFor(['access'])[0], 'AVG-2026-000123')).toBe('concept-inzage-AVG-2026-000123.txt');
  });

  it('head the downloaded draft with the subject in the controller\'s language and typography', () => {
    const mail = { subject: 'Projet', html: '', text: 'Texte\n' };
    expect(draftDocument(mail, 'fr')).toBe('Objet\u00a0: Projet\n\nTexte\n');
    expect(draftDocument(mail, 'en')).toBe('Subject: Projet\n\nTexte\n');
    expect(draftDocument(mail)).toBe('Onderwerp: Projet\n\nTexte\n');
  });
});
