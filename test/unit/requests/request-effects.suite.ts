/** SET_LANGUAGE's action: the language column written by the transition, one REQUESTER_LANGUAGE_CHANGED audit event instead of the event's own. */
import { AUDITED_BY_THEIR_ACTION, planEffects } from '../../../src/requests/request-effects.js';
import { CLIENT_EVENT_TYPES } from '../../../src/requests/request.schemas.js';

describe('changeRequesterLanguage', () => {
  const now = new Date('2026-05-04T10:00:00Z');
  const ctx = { requestId: 'r1', requesterEmail: 'jan@example.nl', requesterLanguage: 'nl', now, actor: 'agent:jan', event: { type: 'SET_LANGUAGE', language: 'fr' } };

  it('plans the language column and the audit event with the languages before and after (codes only)', () => {
    const plan = planEffects([{ type: 'changeRequesterLanguage', params: { language: 'fr' } }], ctx);
    expect(plan.requesterLanguage).toBe('fr');
    expect(plan.audit).toEqual([{ requestId: 'r1', actor: 'agent:jan', type: 'REQUESTER_LANGUAGE_CHANGED', at: now, data: { from: 'nl', to: 'fr' } }]);
    expect(plan.messages).toEqual([]);
  });

  it('is audited by its action only, and is an event an agent and an API client may send', () => {
    expect(AUDITED_BY_THEIR_ACTION.has('SET_LANGUAGE')).toBe(true);
    expect(CLIENT_EVENT_TYPES).toContain('SET_LANGUAGE');
  });
});
