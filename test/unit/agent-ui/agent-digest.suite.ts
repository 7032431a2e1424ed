/** The daily digest, pure: who gets which lines under which heading, what the mail says, and what it never says. */
import { digestMailData, selectDigests, type DigestRow } from '../../../src/agent-ui/agent-digest.js';
import { parseAgentEmail } from '../../../src/agent-ui/agent-email.js';
import { MailTemplates } from '../../../src/replies/renderer.js';

const today = '2026-11-27'; // Friday
const row = (over: Partial<DigestRow>): DigestRow => ({
  id: '00000000-0000-4000-8000-000000000000',
  reference: 'AVG-2026-000001',
  rights: ['access'],
  country: 'NL',
  dueAt: '2026-12-31',
  assigneeId: 'anna',
  escalated: false,
  undeliverable: false,
  ...over,
});

describe('selectDigests', () => {
  it('groups an agent\'s requests under overdue, due within 7 days, escalated and undeliverable; the rest is left out', () => {
    const rows = [
      row({ id: 'r-far', reference: 'AVG-2026-000010', dueAt: '2026-12-20' }),
      row({ id: 'r-over', reference: 'AVG-2026-000011', dueAt: '2026-11-24' }),
      row({ id: 'r-soon', reference: 'AVG-2026-000012', dueAt: '2026-12-04' }),
      row({ id: 'r-today', reference: 'AVG-2026-000013', dueAt: '2026-11-27' }),
      row({ id: 'r-8', reference: 'AVG-2026-000014', dueAt: '2026-12-05' }),
      row({ id: 'r-esc', reference: 'AVG-2026-000015', dueAt: '2026-12-20', escalated: true }),
      row({ id: 'r-bounce', reference: 'AVG-2026-000016', dueAt: '2026-11-20', undeliverable: true }),
      row({ id: 'r-bert', reference: 'AVG-2026-000017', dueAt: '2026-11-20', assigneeId: 'bert' }),
      row({ id: 'r-carl', reference: 'AVG-2026-000018', dueAt: '2027-01-20', assigneeId: 'carl' }),
    ];
    const digests = selectDigests(rows, () => today);
    const anna = digests.get('anna')!;
    expect(anna.sections.map((s) => [s.heading, s.lines.map((l) => [l.reference, l.daysLeft])])).toEqual([
      ['overdue', [['AVG-2026-000016', -7], ['AVG-2026-000011', -3]]],
      ['dueSoon', [['AVG-2026-000013', 0], ['AVG-2026-000012', 7]]],
      ['escalated', [['AVG-2026-000015', 23]]],
      ['undeliverable', [['AVG-2026-000016', -7]]],
    ]);
    expect(anna.requests).toBe(5);
    expect(digests.get('bert')!.sections.map((s) => s.heading)).toEqual(['overdue']);
    // Nothing to report: no digest at all.
    expect(digests.has('carl')).toBe(false);
    expect(selectDigests([], () => today).size).toBe(0);
  });

  it('counts days in each request\'s own calendar', () => {
    const digests = selectDigests([row({ country: 'BE', dueAt: '2026-11-26' })], (c) => (c === 'BE' ? '2026-11-26' : '2026-11-27'));
    expect(digests.get('anna')!.sections).toEqual([{ heading: 'dueSoon', lines: [expect.objectContaining({ daysLeft: 0 })] }]);
  });
});

describe('the digest mail', () => {
  const templates = MailTemplates.load();
  const digest = selectDigests(
    [
      row({ id: '6f1c2a9e-3b1d-4c5e-9a7f-0d2e4b6c8a10', reference: 'AVG-2026-000011', dueAt: '2026-11-24', rights: ['access', 'erasure'] }),
      row({ id: '6f1c2a9e-3b1d-4c5e-9a7f-0d2e4b6c8a11', reference: 'AVG-2026-000012', dueAt: '2026-12-01', escalated: true }),
    ],
    () => today,
  ).get('anna')!;
  const data = digestMailData(digest, { publicBaseUrl: 'https://avg.voorbeeld.nl/', date: today, agentName: 'Anna Bakker' });
  const mail = templates.render('agent-digest', {
    ...data,
    tone: 'u',
    reference: `Dagoverzicht ${today}`,
    processor: { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country: 'NL' },
  });

  it('has a Dutch subject, the headings, and per line the reference, rights, days left and a link into the workspace', () => {
    expect(mail.subject).toBe('Dagoverzicht vrijdag 27 november 2026: 2 verzoeken vragen aandacht, als eerste AVG-2026-000011');
    expect(mail.text).toContain('Termijn verstreken\n- AVG-2026-000011 · inzage (art. 15 AVG), wissing (art. 17 AVG) · de termijn is 3 dagen verstreken\n  https://avg.voorbeeld.nl/ui/requests/6f1c2a9e-3b1d-4c5e-9a7f-0d2e4b6c8a10');
    expect(mail.text).toContain('Termijn verstrijkt binnen 7 dagen\n- AVG-2026-000012');
    expect(mail.text).toContain('Geëscaleerd: de verwerkingsverantwoordelijke reageert niet\n- AVG-2026-000012 · inzage (art. 15 AVG) · nog 4 dagen');
    expect(mail.html).toContain('<a href="https://avg.voorbeeld.nl/ui/requests/6f1c2a9e-3b1d-4c5e-9a7f-0d2e4b6c8a11">AVG-2026-000012</a>');
    expect(mail.html).toContain('lang="nl"');
  });

  it('carries no requester data: the selection never sees names or addresses', () => {
    expect(Object.keys(digest.sections[0]!.lines[0]!).sort()).toEqual(['daysLeft', 'reference', 'requestId', 'rights']);
    expect(mail.text).toContain('Namen en contactgegevens van verzoekers staan bewust niet in deze e-mail');
  });
});

describe('parseAgentEmail', () => {
  it('accepts an address (trimmed), treats empty as none, refuses the rest in Dutch', () => {
    expect(parseAgentEmail('  anna@voorbeeld.nl ')).toEqual({ ok: true, email: 'anna@voorbeeld.nl' });
    expect(parseAgentEmail('')).toEqual({ ok: true, email: null });
    expect(parseAgentEmail(undefined)).toEqual({ ok: true, email: null });
    expect(parseAgentEmail('anna@voorbeeld')).toMatchObject({ ok: false, message: expect.stringContaining('geen geldig e-mailadres') });
    expect(parseAgentEmail('anna bakker@voorbeeld.nl')).toMatchObject({ ok: false });
    expect(parseAgentEmail(`${'a'.repeat(250)}@v.nl`)).toMatchObject({ ok: false, message: expect.stringContaining('254') });
  });
});
