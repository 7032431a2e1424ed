/** The controller's page view model and its decision form: the box at the top, one form, typed text never dropped, the controller's tone. */
import { controllerPageModel, decisionValuesOf, parseDecision } from '../../../src/forwarding/controller-page.js';
import type { ForwardingRow } from '../../../src/forwarding/forwarding-row.js';
import { pageOptions, pageRequest } from '../../factories/controller-page.js';

const receivedAt = new Date('2026-04-20T10:00:00Z');
const row = (over: Record<string, unknown> = {}) =>
  ({
    country: 'NL',
    state: 'sent',
    contactEmail: 'privacy@korenbloem.example',
    sentAt: receivedAt,
    acknowledgedAt: null,
    decidedAt: null,
    decision: null,
    instruction: null,
    instructionDetails: null,
    note: null,
    decidedBy: null,
    reminderCount: 0,
    escalated: false,
    respondBy: '2026-05-20',
    cancelledAt: null,
    ...over,
  }) as unknown as ForwardingRow;
const request = pageRequest(receivedAt, ['erasure']);

describe('controllerPageModel', () => {
  it('says by when the decision is due, and offers one decision form while undecided', () => {
    const m = controllerPageModel(row(), request, pageOptions());
    expect(m).toMatchObject({ canDecide: true, canAcknowledge: true, respondByShort: '20 mei 2026', daysLeft: 'nog 19 dagen', acknowledgedAt: '', instructFieldsOpen: false });
  });

  it('confirms the acknowledgement at the top and still offers the decision', () => {
    const m = controllerPageModel(row({ state: 'acknowledged', acknowledgedAt: new Date('2026-04-21T08:00:00Z') }), request, pageOptions());
    expect(m).toMatchObject({ canDecide: true, canAcknowledge: false, acknowledgedAt: '21 april 2026 om 10:00' });
  });

  it('shows the refused form again as typed, with the instruction fields open', () => {
    const values = decisionValuesOf({ decision: 'takes-over', instruction: 'erase', details: 'Alles wissen', note: 'n' });
    const m = controllerPageModel(row(), request, pageOptions({ values, error: 'x' })) as { values: unknown; instructFieldsOpen: boolean; decisionOptions: { value: string; checked: boolean }[]; instructionOptions: { value: string; selected: boolean }[] };
    expect(m.values).toEqual({ decision: 'takes-over', instruction: 'erase', details: 'Alles wissen', note: 'n' });
    expect(m.instructFieldsOpen).toBe(true);
    expect(m.decisionOptions.find((o) => o.checked)?.value).toBe('takes-over');
    expect(m.instructionOptions.find((o) => o.selected)?.value).toBe('erase');
  });

  it("speaks the controller's tone: the options and what the page holds back", () => {
    const decided = row({ state: 'decided', decision: 'instruct', instruction: 'export', instructionDetails: 'Alles', decidedAt: receivedAt, decidedBy: 'x' });
    const je = controllerPageModel(decided, request, pageOptions({ tone: 'je' })) as { decision: { hiddenText: string; instruction: string } };
    const u = controllerPageModel(decided, request, pageOptions({ tone: 'u' })) as { decision: { hiddenText: string; instruction: string } };
    expect(je.decision.hiddenText).toBe('Je instructie');
    expect(u.decision.hiddenText).toBe('Uw instructie');
    expect(je.decision.instruction).not.toBe(u.decision.instruction);
  });
});

describe('parseDecision: text in the instruction fields is never dropped', () => {
  it('refuses another decision while an instruction was typed, in Dutch', () => {
    const r = parseDecision({ decision: 'takes-over', details: 'Alles wissen' });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('U koos geen instructie, maar vulde wel een instructie in.') });
    expect(parseDecision({ decision: 'not-ours', instruction: 'erase' }).ok).toBe(false);
    expect(parseDecision({ decision: 'takes-over', details: '   ' }).ok).toBe(true);
    expect(parseDecision({ decision: 'takes-over', details: 'x' }, 'je')).toEqual({ ok: false, error: expect.stringContaining('Je koos geen instructie') });
  });
});

describe('the controller page in the controller\'s language (issue 24)', () => {
  it('French: dates, days left, the rights, the options and the history in French', () => {
    const m = controllerPageModel(row({ state: 'acknowledged', acknowledgedAt: new Date('2026-04-21T08:00:00Z') }), request, pageOptions({ lang: 'fr' })) as Record<string, any>;
    expect(m).toMatchObject({ lang: 'fr', respondByShort: '20 mai 2026', daysLeft: 'encore 19 jours', acknowledgedAt: '21 avril 2026 à 10:00' });
    expect(m.rights[0]).toMatchObject({ name: 'effacement', article: 'art. 17 du RGPD' });
    expect(m.rights[0].todo).toContain("motif d'effacement");
    expect(m.decisionOptions.map((o: { label: string }) => o.label)).toEqual(['Nous traitons nous-mêmes la demande', 'Nous donnons une instruction au sous-traitant', 'Cette personne ne nous est pas connue']);
    expect(m.instructionOptions[0].label).toBe('Effacer les données');
    expect(m.history.map((h: { text: string }) => h.text)).toEqual(['Demande reçue par Voorbeeld Software B.V.', 'Transmise à privacy@korenbloem.example', 'Réception confirmée']);
  });

  it('English: the same in English, and an error of the form in English', () => {
    const m = controllerPageModel(row(), request, pageOptions({ lang: 'en' })) as Record<string, any>;
    expect(m).toMatchObject({ lang: 'en', respondBy: 'Wednesday, 20 May 2026', daysLeft: '19 days left' });
    expect(m.rights[0]).toMatchObject({ name: 'erasure', article: 'Art. 17 GDPR' });
    expect(parseDecision({}, 'u', 'en')).toEqual({ ok: false, error: 'Choose a decision.' });
    expect(parseDecision({ decision: 'instruct', instruction: 'erase' }, 'je', 'fr')).toEqual({ ok: false, error: "Décrivez l'instruction\u00a0: quelles données, et ce qui doit être fait exactement." });
  });
});
