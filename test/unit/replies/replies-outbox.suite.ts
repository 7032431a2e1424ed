/** Pure parts of delivery: backoff, give-up decisions, error texts, file names, letter data, effects. */
import { loadConfig } from '../../../src/config/config.js';
import { letterContext, LetterDataError } from '../../../src/replies/letter-context.js';
import { describeError } from '../../../src/common/error-text.js';
import { afterFailure, backoffMs, BACKOFF_MAX_MS, isPermanentSmtpError } from '../../../src/replies/outbox.js';
import { MailTemplates } from '../../../src/replies/renderer.js';
import { emlFileName, mailOptions } from '../../../src/replies/transport.js';
import { completionRecordOf, planEffects } from '../../../src/requests/request-effects.js';
import { SAMPLE_PRIVACY_FACTS, samplePrivacyFacts } from '../../../src/replies/catalogue.js';

const now = new Date('2026-04-28T10:00:00Z');

describe('retries', () => {
  it('backs off exponentially from 30 s, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(40)).toBe(BACKOFF_MAX_MS);
  });

  it('retries until the last attempt, then fails; a permanent error fails at once', () => {
    expect(afterFailure(1, 8, now, false)).toEqual({ status: 'queued', nextAttemptAt: new Date(now.getTime() + 30_000) });
    expect(afterFailure(7, 8, now, false).status).toBe('queued');
    expect(afterFailure(8, 8, now, false)).toEqual({ status: 'failed' });
    expect(afterFailure(1, 8, now, true)).toEqual({ status: 'failed' });
  });

  it('treats 5xx SMTP answers as permanent, connection errors as temporary', () => {
    expect(isPermanentSmtpError({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpError({ code: 'ECONNREFUSED' })).toBe(false);
  });

  it('keeps e-mail addresses out of stored errors', () => {
    const text = describeError({ code: 'EENVELOPE', responseCode: 550, message: '550 5.1.1 <jan.jansen@example.nl>: Recipient address rejected' });
    expect(text).not.toContain('jan.jansen');
    expect(text).toContain('550');
  });
});

describe('transport details', () => {
  it('names .eml files after the Message-ID', () => {
    expect(emlFileName('<0f3a-9b@avg.example.nl>')).toBe('0f3a-9b@avg.example.nl.eml');
    expect(emlFileName('<a/../b@x>')).toBe('a_.._b@x.eml');
  });

  it('sends both parts with the stable Message-ID and Content-Language: nl', () => {
    const options = mailOptions({
      from: { name: 'Voorbeeld Software B.V.', address: 'privacy@voorbeeld-software.example' },
      to: 'jan@example.nl',
      subject: 's',
      html: '<p>h</p>',
      text: 't',
      messageId: '<id@x>',
      date: now,
    });
    expect(options).toMatchObject({ messageId: '<id@x>', date: now, text: 't', html: '<p>h</p>', headers: { 'Content-Language': 'nl' } });
  });
});

describe('letter data from the request', () => {
  const settings = {
    tone: 'u' as const,
    processor: { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country: 'NL' as const },
    privacyFacts: { facts: { nl: SAMPLE_PRIVACY_FACTS.NL }, allowFictional: true },
  };
  const deadlines = { receivedDate: '2026-04-28', respondBy: '2026-05-28', extendedRespondBy: '2026-07-28', effectiveRespondBy: '2026-05-28', dueDate: '2026-05-28' };
  const request = (context: Record<string, unknown>) => ({
    reference: 'AVG-2026-000001',
    requesterName: 'Jan Jansen',
    requesterEmail: 'jan@example.nl',
    requesterCustomerRef: null,
    rights: ['access' as const],
    snapshot: { context },
  });
  const templates = MailTemplates.load();

  it('takes the question, the extension reason and the refusal from the snapshot', () => {
    const q = letterContext('identification-request', request({ infoRequest: { reason: 'Graag antwoorden vanaf uw bekende adres.' } }), deadlines, { reference: 'AVG-2026-000001', forIdentification: true }, settings);
    expect(templates.render('identification-request', q).text).toContain('Graag antwoorden vanaf uw bekende adres.');
    const e = letterContext('extension-notice', request({ extended: { reason: 'Veel systemen.', at: '2026-05-01T10:00:00' } }), deadlines, {}, settings);
    expect(e).toMatchObject({ reason: 'Veel systemen.', originalRespondBy: '2026-05-28', newRespondBy: '2026-07-28' });
    const r = letterContext('refusal', request({ refusal: { ground: 'excessive', reason: 'Dit is uw twaalfde verzoek deze maand.' } }), deadlines, {}, settings);
    expect(templates.render('refusal', r).text).toContain('De reden: het verzoek is buitensporig');
    expect(templates.render('completion', letterContext('completion', request({}), deadlines, {}, settings)).text).toContain('INZAGE');
  });

  it('refuses to build a letter the request has no data for', () => {
    expect(() => letterContext('refusal', request({ refusal: null }), deadlines, {}, settings)).toThrow(LetterDataError);
  });

  it('builds the completion from the facts and what COMPLETE recorded; no letter from missing facts or without a review outcome', () => {
    const data = { recipientsNotified: ['Voorbeeld Hosting B.V.'], notifiedOn: '2026-05-04' };
    const c = letterContext('completion', { ...request({}), rights: ['erasure'] }, deadlines, data, settings);
    expect(templates.render('completion', c).text).toContain('- Voorbeeld Hosting B.V., op maandag 4 mei 2026');
    expect(c).not.toHaveProperty('recipientsNotified');
    expect(() => letterContext('completion', request({}), deadlines, {}, { ...settings, privacyFacts: { facts: { nl: {} }, allowFictional: false } })).toThrow(/privacy facts file lacks: country/);
    expect(() => letterContext('completion', request({}), deadlines, {}, { ...settings, privacyFacts: { facts: { nl: SAMPLE_PRIVACY_FACTS.NL }, allowFictional: false } })).toThrow(/fictional/);
    // A French requester's letter quotes the French facts, and is not written without them.
    const french = { ...request({}), requesterLanguage: 'fr' as const };
    expect(() => letterContext('completion', french, deadlines, {}, settings)).toThrow(/no privacy facts in fr/);
    const withFrench = { ...settings, privacyFacts: { facts: { nl: SAMPLE_PRIVACY_FACTS.NL, fr: samplePrivacyFacts('NL', 'fr') }, allowFictional: true } };
    const frText = templates.render('completion', letterContext('completion', french, deadlines, {}, withFrench)).text;
    expect(frText).toContain('la facturation et la tenue de notre comptabilité');
    expect(frText).not.toContain('facturering');
    const art22 = { ...request({}), rights: ['automated-decision' as const] };
    expect(() => letterContext('completion', art22 as never, deadlines, {}, settings)).toThrow(/outcome of the review/);
    expect(templates.render('completion', letterContext('completion', art22 as never, deadlines, { decisionReviewOutcome: 'Het besluit blijft staan.' }, settings)).text).toContain('De uitkomst: Het besluit blijft staan.');
  });
});

describe('workflow letters', () => {
  const ctx = { requestId: 'r1', requesterEmail: 'jan@example.nl', actor: 'agent', event: { type: 'X' } };
  it('chooses the identification or the clarification letter', () => {
    const plan = planEffects(
      [
        { type: 'sendInfoRequest', params: { reason: 'x', forIdentification: true } },
        { type: 'sendInfoRequest', params: { reason: 'x', forIdentification: false } },
        { type: 'sendCompletion', params: { recipient: 'requester' } },
        { type: 'sendCompletion', params: { recipient: 'controllers', controllerIds: ['c'] } },
      ],
      ctx,
    );
    expect(plan.messages.map((m) => m.template)).toEqual(['identification-request', 'clarification-request', 'completion']);
    // Free text stays out of the outbox row.
    expect(JSON.stringify(plan.messages)).not.toContain('"reason"');
  });

  it('puts the recipients of COMPLETE with its day, and the review outcome, in the completion letter only', () => {
    const event = { type: 'COMPLETE', at: '2026-05-04T23:30:00', recipientsNotified: ['Hosting B.V.'], decisionReviewOutcome: '  Opgeheven. ' };
    expect(completionRecordOf(event)).toEqual({ recipientsNotified: ['Hosting B.V.'], notifiedOn: '2026-05-04', decisionReviewOutcome: 'Opgeheven.' });
    expect(completionRecordOf({ type: 'COMPLETE', at: '2026-05-04T10:00:00' })).toEqual({});
    const plan = planEffects([{ type: 'sendCompletion', params: { recipient: 'requester' } }], { ...ctx, event });
    expect(plan.messages[0].data).toEqual({ recipientsNotified: ['Hosting B.V.'], notifiedOn: '2026-05-04', decisionReviewOutcome: 'Opgeheven.' });
  });

  it('every letter the workflow writes has a template', () => {
    const templatesNames = MailTemplates.load().names();
    const plan = planEffects(
      ['sendAcknowledgement', 'sendExtensionNotice', 'sendNotOursLetter'].map((type) => ({ type })).concat([
        { type: 'sendRefusal', params: { ground: 'excessive', reason: 'r', partial: false } } as never,
      ]),
      ctx,
    );
    for (const m of plan.messages) expect(templatesNames).toContain(m.template);
  });
});

describe('configuration', () => {
  it('has defaults for tone and outbox and validates them', () => {
    expect(loadConfig({})).toMatchObject({ processorTone: 'u', outbox: { worker: true, pollMs: 1000, maxAttempts: 8 } });
    expect(loadConfig({ PROCESSOR_TONE: 'je', OUTBOX_WORKER: 'false', OUTBOX_POLL_MS: '250', OUTBOX_MAX_ATTEMPTS: '3' })).toMatchObject({
      processorTone: 'je',
      outbox: { worker: false, pollMs: 250, maxAttempts: 3 },
    });
    expect(() => loadConfig({ PROCESSOR_TONE: 'jij' })).toThrow(/PROCESSOR_TONE/);
    expect(() => loadConfig({ OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(/OUTBOX_MAX_ATTEMPTS/);
  });
});
