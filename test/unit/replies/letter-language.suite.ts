/** Which language a letter is written in (issue 24): the requester's, the controller's, the team's. */
import { letterLanguage } from '../../../src/replies/letter-context.js';

describe('the language of a letter', () => {
  it('a letter to the requester follows the requester\'s language', () => {
    expect(letterLanguage('acknowledgement', { requesterLanguage: 'fr' }, {})).toBe('fr');
    expect(letterLanguage('refusal', { requesterLanguage: 'en' }, {}, 'nl')).toBe('en');
  });

  it('a letter to a controller follows the language its module put in the data, else the default', () => {
    expect(letterLanguage('forwarding', { requesterLanguage: 'nl' }, { lang: 'fr' })).toBe('fr');
    expect(letterLanguage('forwarding', { requesterLanguage: 'fr' }, {}, 'en')).toBe('en');
  });

  it('the processor\'s own team always reads Dutch, whatever the data or the requester says', () => {
    expect(letterLanguage('processor-escalation', { requesterLanguage: 'fr' }, { lang: 'fr' }, 'en')).toBe('nl');
    expect(letterLanguage('agent-digest', {}, { lang: 'en' })).toBe('nl');
  });
});
