/** The Brieven page says in plain Dutch when each letter goes out: no event codes, no internal state words. */
import { hasInternalCode, letterMoment } from '../../../src/agent-ui/letter-moments.js';
import { MAIL_CATALOGUE } from '../../../src/replies/catalogue.js';

describe('letter moments', () => {
  it.each(MAIL_CATALOGUE.map((e) => [e.id, e] as const))('%s: a plain Dutch sentence', (_id, entry) => {
    const text = letterMoment(entry);
    expect(hasInternalCode(text)).toBe(false);
    expect(text).toMatch(/^[A-Z].+\.$/);
  });

  it('recognises the codes the page used to show', () => {
    expect(hasInternalCode('REQUEST_INFO (niet voor identificatie)')).toBe(true);
    expect(hasInternalCode('CLASSIFY als not-ours')).toBe(true);
    expect(hasInternalCode('Als een medewerker de termijn verlengt.')).toBe(false);
  });
});
