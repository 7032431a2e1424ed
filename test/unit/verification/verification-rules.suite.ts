/** The pure verification rules: method order, the reasonable-doubt gate, art 21(3), the destroyed copy, the late warning, the record. */
import {
  askedLate,
  checkDecision,
  checkStart,
  identityEstablished,
  intrusiveness,
  noteProblem,
  recordText,
  VERIFICATION_METHODS,
} from '../../../src/verification/verification.rules.js';

describe('verification rules', () => {
  it('offers the methods least intrusive first, the ID copy last', () => {
    expect(VERIFICATION_METHODS[0]).toBe('known-contact-match');
    expect(VERIFICATION_METHODS[VERIFICATION_METHODS.length - 1]).toBe('id-document');
    expect(intrusiveness('email-confirmation')).toBeLessThan(intrusiveness('callback'));
    expect(intrusiveness('representative-authority')).toBeLessThan(intrusiveness('id-document'));
  });

  it('refuses an ID copy without a reason for reasonable doubt', () => {
    expect(checkStart({ method: 'id-document' }, ['access'])).toMatchObject({ ok: false, code: 'reasonable-doubt-required' });
    expect(checkStart({ method: 'id-document', reason: '   kort  ' }, ['access'])).toMatchObject({ ok: false, code: 'reasonable-doubt-required' });
    const tried = [{ method: 'known-contact-match' as const, status: 'failed' as const }];
    expect(checkStart({ method: 'id-document', reason: 'Onbekend afzenderadres en een verzoek om alle gegevens.' }, ['access'], tried)).toEqual({ ok: true });
  });

  it('asks for an ID copy only after a less intrusive method failed or expired, or with a recorded reason why none suits', () => {
    const reason = 'Onbekend afzenderadres en een verzoek om alle gegevens.';
    expect(checkStart({ method: 'id-document', reason }, ['access'])).toMatchObject({ ok: false, code: 'less-intrusive-first' });
    // Still running, or passed, or only a representative's proof: not a failed lighter attempt.
    for (const earlier of [
      [{ method: 'email-confirmation' as const, status: 'requested' as const }],
      [{ method: 'representative-authority' as const, status: 'failed' as const }],
    ]) {
      expect(checkStart({ method: 'id-document', reason }, ['access'], earlier)).toMatchObject({ ok: false, code: 'less-intrusive-first' });
    }
    expect(checkStart({ method: 'id-document', reason }, ['access'], [{ method: 'email-confirmation', status: 'expired' }])).toEqual({ ok: true });
    expect(checkStart({ method: 'id-document', reason }, ['access'], [{ method: 'callback', status: 'failed' }])).toEqual({ ok: true });
    expect(checkStart({ method: 'id-document', reason, lessIntrusiveUnsuitable: 'kort' }, ['access'])).toMatchObject({ ok: false, code: 'less-intrusive-first' });
    expect(checkStart({ method: 'id-document', reason, lessIntrusiveUnsuitable: 'Geen account en geen bekend telefoonnummer.' }, ['access'])).toEqual({ ok: true });
    expect(checkStart({ method: 'id-document', reason, lessIntrusiveUnsuitable: 'Paspoort NW1234567890 gezien' }, ['access'])).toMatchObject({
      ok: false,
      code: 'note-holds-document-data',
    });
    expect(checkStart({ method: 'callback', lessIntrusiveUnsuitable: 'Geen account en geen bekend nummer.' }, ['access'])).toMatchObject({
      ok: false,
      code: 'less-intrusive-not-applicable',
    });
  });

  it('refuses an ID copy and proof of authority for an objection to direct marketing (art 21(3))', () => {
    const reason = 'Onbekend afzenderadres en een verzoek om alle gegevens.';
    expect(checkStart({ method: 'id-document', reason }, ['access', 'objection-direct-marketing'])).toMatchObject({ ok: false, code: 'direct-marketing-no-check' });
    expect(checkStart({ method: 'representative-authority', reason }, ['objection-direct-marketing'])).toMatchObject({ ok: false, code: 'direct-marketing-no-check' });
    expect(checkStart({ method: 'known-contact-match' }, ['objection-direct-marketing'])).toEqual({ ok: true });
  });

  it('needs a reason for a representative and allows a document type only for an ID copy', () => {
    expect(checkStart({ method: 'representative-authority' }, ['access'])).toMatchObject({ ok: false, code: 'reason-required' });
    expect(checkStart({ method: 'callback', documentType: 'passport' }, ['access'])).toMatchObject({ ok: false, code: 'document-type-not-applicable' });
  });

  it('closes an ID copy or proof of authority only with the checked-and-destroyed tick', () => {
    for (const method of ['id-document', 'representative-authority'] as const) {
      expect(checkDecision({ method, status: 'requested' }, { status: 'passed' })).toMatchObject({ ok: false, code: 'copy-not-destroyed' });
      expect(checkDecision({ method, status: 'requested' }, { status: 'failed', checkedAndDestroyed: false })).toMatchObject({ ok: false, code: 'copy-not-destroyed' });
      expect(checkDecision({ method, status: 'requested' }, { status: 'passed', checkedAndDestroyed: true })).toEqual({ ok: true });
    }
    expect(checkDecision({ method: 'callback', status: 'requested' }, { status: 'passed' })).toEqual({ ok: true });
    expect(checkDecision({ method: 'callback', status: 'passed' }, { status: 'failed' })).toMatchObject({ ok: false, code: 'step-closed' });
    expect(checkDecision({ method: 'email-confirmation', status: 'requested' }, { status: 'passed' })).toMatchObject({ ok: false, code: 'automatic-method' });
  });

  it('warns when identification is asked later than 5 working days after receipt', () => {
    // Received Monday 20 April 2026; 5 working days later is Monday 27 April 2026 (Koningsdag is the 27th: Tuesday 28th).
    expect(askedLate('2026-04-20', '2026-04-24', 'NL')).toBe(false);
    expect(askedLate('2026-04-20', '2026-04-28', 'NL')).toBe(false);
    expect(askedLate('2026-04-20', '2026-04-29', 'NL')).toBe(true);
    // Belgium has no Koningsdag: the fifth working day is Monday 27 April.
    expect(askedLate('2026-04-20', '2026-04-28', 'BE')).toBe(true);
  });

  it('establishes identity with one passed step, and for a representative also the authority', () => {
    expect(identityEstablished([])).toBe(false);
    expect(identityEstablished([{ method: 'callback', status: 'passed' }])).toBe(true);
    expect(identityEstablished([{ method: 'callback', status: 'failed' }])).toBe(false);
    const rep = { method: 'representative-authority' as const, status: 'requested' as const };
    expect(identityEstablished([{ method: 'callback', status: 'passed' }, rep])).toBe(false);
    expect(identityEstablished([{ method: 'callback', status: 'passed' }, { ...rep, status: 'passed' }])).toBe(true);
    expect(identityEstablished([{ ...rep, status: 'passed' }])).toBe(false);
  });

  it('writes the Dutch record line', () => {
    expect(recordText({ method: 'id-document', checkedDate: '2026-04-28', agent: 'jdevries' })).toBe('identiteit gecontroleerd op 28 april 2026 door jdevries, kopie vernietigd');
    expect(recordText({ method: 'representative-authority', checkedDate: '2026-05-01', agent: 'a' })).toBe(
      'bevoegdheid van de vertegenwoordiger gecontroleerd op 1 mei 2026 door a, kopie vernietigd',
    );
  });

  it('refuses a note that looks like document data', () => {
    expect(noteProblem('Teruggebeld, stem en gegevens klopten.')).toBeUndefined();
    expect(noteProblem('BSN 1234 56 782')).toBeDefined();
    expect(noteProblem('NLD<<JANSEN<<JAN')).toBeDefined();
    expect(noteProblem('x'.repeat(501))).toBeDefined();
  });
});
