/** The queue's search box, sort and views as pure functions (src/agent-ui/queue-search.ts). */
import { containsPattern, parseSort, searchCondition, searchPlan, workingDaysBefore } from '../../src/agent-ui/queue-search.js';
import { bulkSummary } from '../../src/agent-ui/queue-ui.controller.js';
import { canonicalQuery } from '../../src/agent-ui/saved-views.service.js';

describe('searchPlan', () => {
  it('reads a full reference, in any case, as that reference', () => {
    expect(searchPlan(' avg-2026-000123 ')).toEqual({ kind: 'reference', reference: 'AVG-2026-000123' });
  });

  it('reads anything with @ as (part of) an e-mail address, lower case', () => {
    expect(searchPlan('Jan.Jansen@Example')).toEqual({ kind: 'email', fragment: 'jan.jansen@example' });
  });

  it('reads a phone number in any notation as its national number (NL first, BE too)', () => {
    for (const q of ['06-12345678', '+31 6 1234 5678', '0031612345678', '(06) 12 34 56 78']) {
      expect(searchPlan(q)).toMatchObject({ kind: 'phone', nationalNumbers: expect.arrayContaining(['612345678']) });
    }
    expect(searchPlan('+32 470 12 34 56')).toMatchObject({ kind: 'phone', nationalNumbers: ['470123456'] });
  });

  it('reads digits that are no phone number as part of a reference', () => {
    expect(searchPlan('000123')).toEqual({ kind: 'text', text: '000123' });
    expect(searchPlan('12345678901234')).toEqual({ kind: 'text', text: '12345678901234' });
  });

  it('matches one or two characters exactly (too short for a trigram search) and ignores blanks', () => {
    expect(searchPlan('ab')).toEqual({ kind: 'exact', text: 'ab' });
    expect(searchPlan('   ')).toBeUndefined();
    expect(searchPlan('renée   de  vries')).toEqual({ kind: 'text', text: 'renée de vries' });
  });
});

describe('searchCondition', () => {
  it('passes what was typed only as parameters, with LIKE wildcards taken literally', () => {
    const params: unknown[] = [];
    const sql = searchCondition(searchPlan("50%_o'Brien")!, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    expect(sql).not.toContain("o'Brien");
    expect(params).toEqual(["%50\\%\\_o'Brien%", "%50\\%\\_O'BRIEN%", "%50\\%\\_o'brien%"]);
    expect(containsPattern('a\\b')).toBe('%a\\\\b%');
  });
});

describe('parseSort', () => {
  it('knows the five columns, newest first for the date received, and falls back to the deadline', () => {
    expect(parseSort('ontvangen', '')).toEqual({ key: 'ontvangen', direction: 'af' });
    expect(parseSort('medewerker', 'af')).toEqual({ key: 'medewerker', direction: 'af' });
    expect(parseSort('DROP TABLE', 'sideways')).toEqual({ key: 'termijn', direction: 'op' });
  });
});

describe('workingDaysBefore', () => {
  it('counts back over weekends and holidays', () => {
    // Monday 7 December 2026: five working days back is Monday 30 November.
    expect(workingDaysBefore('2026-12-07', 5, 'NL')).toBe('2026-11-30');
    // Tuesday 29 December 2026: 28, (27, 26 weekend and Boxing Day, 25 Christmas), 24, 23, 22, 21.
    expect(workingDaysBefore('2026-12-29', 5, 'NL')).toBe('2026-12-21');
  });
});

describe('bulkSummary', () => {
  it('says in Dutch how many were done and which were skipped, and why', () => {
    expect(bulkSummary(12, 'toegewezen aan Anna', [{ reference: 'AVG-2026-000003', reason: 'al afgesloten' }]).text).toBe(
      '12 verzoeken toegewezen aan Anna; 1 overgeslagen: AVG-2026-000003 (al afgesloten).',
    );
    expect(bulkSummary(1, 'kregen de notitie', [])).toEqual({ kind: 'success', text: '1 verzoek kregen de notitie.' });
    expect(bulkSummary(0, 'toegewezen aan u', [{ reference: 'AVG-2026-000001', reason: 'was al toegewezen aan u' }]).kind).toBe('error');
  });
});

describe('canonicalQuery', () => {
  it('keeps only the queue filters, in a fixed order, without the page or empty values', () => {
    expect(canonicalQuery(new URLSearchParams('pagina=3&zoek=jan&status=&evil=1&sorteer=ontvangen&weergave=te-laat'))).toBe('weergave=te-laat&zoek=jan&sorteer=ontvangen');
  });
});
