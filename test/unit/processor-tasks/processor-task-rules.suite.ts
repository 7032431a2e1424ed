/** The pure rules of processor tasks: configuration of the art 19 list, the completion check, file names, the confirmation letter. */
import { ConfigError, loadConfig, parseRecipientList } from '../../../src/config/config.js';
import { attachmentDisposition, checkCompletion, completionRefusalText, safeFilename, type CompletionInput } from '../../../src/processor-tasks/processor-task.rules.js';
import { confirmationMailData } from '../../../src/processor-tasks/task-completion.js';
import { sampleContext } from '../../../src/replies/catalogue.js';
import { MailTemplates } from '../../../src/replies/renderer.js';

const RECIPIENTS = ['Hosting Noord B.V.', 'Mailservice Zuid B.V.'];

describe('ART19_RECIPIENTS, EXPORT_MAX_MB, EXPORT_LINK_DAYS', () => {
  it('defaults to no recipients, 25 MB and 14 days', () => {
    expect(loadConfig({}).processorTasks).toEqual({ art19Recipients: [], exportMaxMb: 25, exportLinkDays: 14 });
  });

  it('reads a ;-separated list, trimmed, without empty entries', () => {
    const config = loadConfig({ ART19_RECIPIENTS: ' Hosting Noord B.V. ;;Mailservice   Zuid B.V.; ', EXPORT_MAX_MB: '5', EXPORT_LINK_DAYS: '30' });
    expect(config.processorTasks).toEqual({ art19Recipients: RECIPIENTS, exportMaxMb: 5, exportLinkDays: 30 });
  });

  it('refuses a name given twice or too long, and sizes out of range, naming the variable', () => {
    expect(parseRecipientList('Hosting B.V.; hosting b.v.')).toBeNull();
    expect(parseRecipientList('x'.repeat(201))).toBeNull();
    expect(() => loadConfig({ ART19_RECIPIENTS: 'A; a' })).toThrow(/ART19_RECIPIENTS/);
    expect(() => loadConfig({ EXPORT_MAX_MB: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ EXPORT_LINK_DAYS: 'veertien' })).toThrow(/EXPORT_LINK_DAYS/);
  });
});

describe('checkCompletion', () => {
  const base = (over: Partial<CompletionInput> = {}): CompletionInput => ({
    task: { state: 'open', instruction: 'erase' },
    withdrawn: false,
    outcome: 'Gewist.',
    recipientsNotified: RECIPIENTS,
    configured: RECIPIENTS,
    hasExport: false,
    ...over,
  });

  it('accepts an erasure with every recipient marked, in their configured spelling', () => {
    expect(checkCompletion(base({ recipientsNotified: ['mailservice zuid b.v.', ' Hosting  Noord B.V.'] }))).toEqual({ ok: true, recipients: RECIPIENTS });
  });

  it.each(['erase', 'rectify', 'restrict'] as const)('refuses %s while a recipient is not marked, naming it', (instruction) => {
    expect(checkCompletion(base({ task: { state: 'open', instruction }, recipientsNotified: [RECIPIENTS[0]] }))).toEqual({
      ok: false,
      block: 'recipients-missing',
      missingRecipients: [RECIPIENTS[1]],
    });
  });

  it('does not ask for recipients for export and stop-processing, but an export needs its file', () => {
    expect(checkCompletion(base({ task: { state: 'open', instruction: 'stop-processing' }, recipientsNotified: [] }))).toEqual({ ok: true, recipients: [] });
    expect(checkCompletion(base({ task: { state: 'open', instruction: 'export' }, recipientsNotified: [] }))).toMatchObject({ ok: false, block: 'export-missing' });
    expect(checkCompletion(base({ task: { state: 'open', instruction: 'export' }, recipientsNotified: [], hasExport: true }))).toMatchObject({ ok: true });
  });

  it('refuses a name that is not a configured recipient (a typo is no notification)', () => {
    expect(checkCompletion(base({ recipientsNotified: [...RECIPIENTS, 'Hostnig Noord'] }))).toEqual({ ok: false, block: 'recipients-unknown', unknownRecipients: ['Hostnig Noord'] });
  });

  it('refuses while a concern is open, without an outcome, and on a finished task', () => {
    expect(checkCompletion(base({ task: { state: 'concern', instruction: 'erase' } }))).toMatchObject({ block: 'concern-open' });
    expect(checkCompletion(base({ outcome: '  ' }))).toMatchObject({ block: 'no-outcome' });
    expect(checkCompletion(base({ task: { state: 'done', instruction: 'erase' } }))).toMatchObject({ block: 'task-closed' });
    expect(checkCompletion(base({ task: undefined }))).toMatchObject({ block: 'no-task' });
  });

  it('lets a withdrawal through only while the concern is open, and asks no recipients for it', () => {
    expect(checkCompletion(base({ withdrawn: true, task: { state: 'concern', instruction: 'erase' }, recipientsNotified: [] }))).toEqual({ ok: true, recipients: [] });
    expect(checkCompletion(base({ withdrawn: true }))).toMatchObject({ ok: false, block: 'no-concern' });
  });

  it('explains a refusal in Dutch with the names', () => {
    expect(completionRefusalText('recipients-missing', RECIPIENTS)).toBe(
      'Nog niet alle ontvangers zijn geïnformeerd (art. 19 AVG). Informeer eerst: Hosting Noord B.V., Mailservice Zuid B.V.',
    );
    expect(completionRefusalText('concern-open')).toContain('bezwaar');
  });
});

describe('export file names', () => {
  it('keeps only the base name, without control characters or quotes', () => {
    expect(safeFilename('C:\\Users\\jan\\export "jan".csv')).toBe('export jan.csv');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('')).toBe('export');
    expect(safeFilename('..')).toBe('export');
  });

  it('sends an attachment with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('gegevens-café.csv')).toBe(`attachment; filename="gegevens-caf_.csv"; filename*=UTF-8''gegevens-caf%C3%A9.csv`);
  });
});

describe('the controller\'s confirmation', () => {
  const templates = MailTemplates.load();
  const controller = { name: 'Fietsenwinkel Spaak B.V.', country: 'NL' as const, contactName: 'Sanne de Vries', tone: 'je' as const };

  it('lists what was instructed, when, what was done and each recipient with the date, in the controller\'s tone', () => {
    const data = confirmationMailData({
      controller,
      task: { instruction: 'rectify', createdAt: new Date('2026-04-29T08:00:00Z') },
      forwarding: { decidedAt: new Date('2026-04-28T22:30:00Z'), instructionDetails: 'Adres aanpassen naar het nieuwe adres.', respondBy: '2026-05-28' },
      outcome: 'Adres aangepast in het klantsysteem.',
      withdrawn: false,
      recipients: RECIPIENTS.map((name) => ({ name, notifiedAt: '2026-05-04T09:00:00.000Z' })),
      exportExpiresAt: null,
      now: new Date('2026-05-04T09:00:00Z'),
    });
    // The instruction was given on 29 April in Dutch time (00:30), not 28 April (UTC).
    expect(data).toMatchObject({ instructedOn: '2026-04-29', doneOn: '2026-05-04', art19: true, tone: 'je' });
    const { subject, text } = templates.render('instruction-completed', { ...sampleContext('instruction-completed', 'je'), ...data });
    expect(subject).toBe('Instructie uitgevoerd: verzoek AVG-2026-000123 (gegevens rectificeren)');
    expect(text).toMatch(/^Beste Sanne de Vries,/);
    expect(text).toContain('Op woensdag 29 april 2026 gaf Fietsenwinkel Spaak B.V. ons bij verzoek AVG-2026-000123 de instructie: gegevens rectificeren.');
    expect(text).toContain('Adres aangepast in het klantsysteem.');
    expect(text).toContain('- Hosting Noord B.V., op maandag 4 mei 2026');
    expect(text).toContain('- Mailservice Zuid B.V., op maandag 4 mei 2026');
    expect(text).not.toMatch(/\b(u|uw)\b/);
  });
});
