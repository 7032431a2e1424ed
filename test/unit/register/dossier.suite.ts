/**
 * The dossier model (data → Dutch sections) for a request taken through several states, and the
 * PDF renderer: valid PDF, page numbers, the text a reader sees, characters the fonts cannot show.
 */
import { buildDossier, dossierFileName, withoutLinkTokens, type Dossier, type DossierBlock, type DossierInput } from '../../../src/register/dossier.js';
import { renderDossierPdf, softHyphens, toWinAnsi } from '../../../src/register/dossier-pdf.js';
import { requestDeadlines } from '../../../src/requests/request-row.js';
import { looksLikePdf, pdfPageCount, pdfText } from '../../support/pdf.js';

const TOKEN = 'Qk3x9L0pZrT7uVw2yA5bC8dE1fG4hJ6kM9nP2qR5sT8';

/**
 * An in-house erasure-and-access request received by e-mail on Friday 21 March 2025: identification
 * asked on 24 March and received on 31 March (7 days paused), extended on 2 April, completed on
 * 10 June. Also routed to a controller first, which instructed an erasure.
 */
function fixture(overrides: { purged?: boolean; tasks?: Record<string, unknown>[] } = {}): DossierInput {
  const receivedAt = new Date('2025-03-21T09:15:00Z');
  const purgedAt = overrides.purged ? new Date('2026-06-11T01:15:00Z') : null;
  return {
    generatedAt: new Date('2025-07-01T08:00:00Z'),
    generatedBy: 'Mila Medewerker',
    processorName: 'Voorbeeld Software B.V.',
    request: {
      reference: 'AVG-2025-000042',
      externalRef: 'ZD-1001',
      channel: 'email',
      receivedAt,
      country: 'NL',
      rights: ['erasure', 'access'],
      scope: 'in-house',
      state: 'closed.completed',
      closedAt: new Date('2025-06-10T12:00:00Z'),
      purgedAt,
      legalHold: overrides.purged ? null : { reason: 'Klacht bij de AP, zaak 2025-77.', at: new Date('2025-06-20T10:00:00Z') },
      requester: overrides.purged
        ? { name: null, email: null, phone: null, customerRef: null, address: null }
        : { name: 'Jan Jansen', email: 'jan.jansen@example.nl', phone: null, customerRef: 'K-10442', address: null },
      message: overrides.purged ? null : 'Verwijder al mijn gegevens en stuur mij eerst een kopie.',
      context: {
        pauses: [{ from: '2025-03-24', to: '2025-03-31', reason: overrides.purged ? '[verwijderd]' : 'Ander e-mailadres dan bij ons bekend.' }],
        extended: { at: '2025-04-02T10:00:00', reason: overrides.purged ? '[verwijderd]' : 'Gegevens staan in vijf systemen.' },
        refusal: null,
      },
    },
    deadlines: requestDeadlines({ receivedAt, country: 'NL', pausedDays: 7, extended: true, closed: true, extraNonWorkingDays: [] }),
    today: '2025-07-01',
    timeline: [
      { at: '2025-03-24T10:00:00.000Z', actor: 'agent:mila', description: 'Informatie gevraagd om de identiteit vast te stellen; de termijn is opgeschort.' },
      { at: '2025-03-21T09:15:00.000Z', actor: 'api:zendesk', description: 'Verzoek ontvangen via e-mail (wissing, inzage).' },
      { at: '2025-06-10T12:00:00.000Z', actor: 'agent:mila', description: 'Verzoek afgehandeld. Status: Afgehandeld.' },
    ],
    agentNames: new Map([['mila', 'Mila Medewerker']]),
    forwardings: [
      {
        controllerName: 'Bakkerij De Korenbloem B.V.',
        state: 'done',
        matchedBy: ['email'],
        contactEmail: 'privacy@korenbloem.example',
        sentAt: new Date('2025-03-21T09:16:00Z'),
        acknowledgedAt: new Date('2025-03-24T08:00:00Z'),
        decidedAt: new Date('2025-03-25T14:30:00Z'),
        decision: 'instruct',
        instruction: 'erase',
        instructionDetails: overrides.purged ? null : 'Wis het klantaccount K-10442, maar bewaar de facturen van 2023 (fiscale bewaarplicht).',
        note: null,
        decidedBy: 'privacy@korenbloem.example',
        reminderCount: 1,
        escalated: false,
        respondBy: '2025-04-22',
        forwardBy: '2025-03-24',
        cancelledAt: null,
      },
    ],
    tasks: overrides.tasks ?? [],
    verification: [
      {
        method: 'id-document',
        status: 'passed',
        reason: 'Verzoek kwam van een onbekend adres.',
        performedBy: 'agent:mila',
        requestedAt: '2025-03-24T10:00:00.000Z',
        decidedAt: '2025-03-31T09:00:00.000Z',
        decidedBy: 'agent:mila',
        documentType: 'passport',
        note: null,
        warnings: [],
        record: 'identiteit gecontroleerd op 31 maart 2025 door mila, kopie vernietigd',
      },
    ],
    messages: [
      {
        template: 'acknowledgement',
        controllerName: null,
        status: 'sent',
        createdAt: new Date('2025-03-21T09:15:00Z'),
        sentAt: new Date('2025-03-21T09:15:30Z'),
        subject: overrides.purged ? null : 'Ontvangstbevestiging AVG-2025-000042',
        text: overrides.purged ? null : 'Beste Jan Jansen,\n\nWij hebben uw verzoek ontvangen.',
      },
      {
        template: 'forwarding',
        controllerName: 'Bakkerij De Korenbloem B.V.',
        status: 'sent',
        createdAt: new Date('2025-03-21T09:16:00Z'),
        sentAt: new Date('2025-03-21T09:16:10Z'),
        subject: overrides.purged ? null : 'AVG-verzoek AVG-2025-000042 doorgestuurd',
        text: overrides.purged ? null : `Open het verzoek: https://vr.example/c/${TOKEN}`,
      },
    ],
    notes: overrides.purged ? [] : [{ author: 'agent:mila', text: 'Klant belde na; zie ticket.', at: new Date('2025-03-26T13:00:00Z') }],
  };
}

const section = (d: Dossier, heading: string) => {
  const s = d.sections.find((x) => x.heading === heading);
  if (!s) throw new Error(`no section ${heading}: ${d.sections.map((x) => x.heading).join(', ')}`);
  return s;
};
const facts = (blocks: DossierBlock[]) => Object.fromEntries(blocks.flatMap((b) => (b.kind === 'facts' ? b.facts.map((f) => [f.label, f.value]) : [])));
const verbatims = (blocks: DossierBlock[]) => blocks.flatMap((b) => (b.kind === 'verbatim' ? [b] : []));
const all = (d: Dossier) => JSON.stringify(d);

describe('dossier model', () => {
  it('lists the sections a complaint file needs, in order', () => {
    const d = buildDossier(fixture());
    expect(d.title).toBe('Dossier AVG-2025-000042');
    expect(d.sections.map((s) => s.heading)).toEqual([
      'Het verzoek',
      'Verzoeker',
      'Termijnen',
      'Doorgestuurd aan verwerkingsverantwoordelijken',
      'Identiteitscontrole',
      'Tijdlijn',
      'Notities',
      'Brieven en berichten',
    ]);
    expect(d.intro.join(' ')).toContain('door Mila Medewerker');
  });

  it('states the request in Dutch: rights with article, channel, receipt, scope, state and legal hold', () => {
    const f = facts(section(buildDossier(fixture()), 'Het verzoek').blocks);
    expect(f['Rechten']).toBe('wissing (art. 17 AVG); inzage (art. 15 AVG)');
    expect(f['Ontvangen']).toBe('21 maart 2025 om 10:15 via e-mail');
    expect(f['Afhandeling']).toMatch(/zelf verwerkingsverantwoordelijke/);
    expect(f['Status']).toBe('Afgehandeld');
    expect(f['Afgesloten']).toBe('10 juni 2025 om 14:00');
    expect(f['Bewaarplicht (legal hold)']).toContain('Klacht bij de AP, zaak 2025-77.');
  });

  it('explains the deadlines: the pause, the Easter shift, the extension and whether the date was met', () => {
    const input = fixture();
    const s = section(buildDossier(input), 'Termijnen');
    const table = s.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    const byLabel = Object.fromEntries(table.rows.map((r) => [r[0], r]));
    // 21 March + 1 month = Monday 21 April 2025, Easter Monday: moved to the 22nd; + 7 paused days.
    expect(byLabel['Zonder opschorting'][1]).toBe('22 april 2025');
    expect(byLabel['Zonder opschorting'][2].toLowerCase()).toContain('paasdag');
    expect(byLabel['Oorspronkelijke uiterste datum'][1]).toBe('28 april 2025');
    expect(byLabel['Oorspronkelijke uiterste datum'][2]).toBe(input.deadlines.explanations.respondBy.text);
    // 21 June + 7 = Saturday 28 June: moved to Monday 30 June.
    expect(byLabel['Uiterste datum na verlenging'][1]).toBe('30 juni 2025');
    const f = facts(s.blocks);
    expect(f['Opgeschort']).toBe('van 24 maart 2025 tot 31 maart 2025, wachten op informatie om de identiteit vast te stellen');
    expect(f['Verlengd']).toBe('op 2 april 2025 met twee maanden (art. 12 lid 3 AVG)');
    // Closed 10 June, due 30 June (extended): 20 days early.
    expect(f['Termijn']).toBe('gehaald (20 dagen voor de uiterste datum afgesloten)');
    expect(verbatims(s.blocks).map((v) => v.text)).toEqual(['Ander e-mailadres dan bij ons bekend.', 'Gegevens staan in vijf systemen.']);
  });

  it('records the controller\'s instruction verbatim as a documented instruction (art 28(3)(a))', () => {
    const s = section(buildDossier(fixture()), 'Doorgestuurd aan verwerkingsverantwoordelijken');
    const block = s.blocks[0];
    expect(block.kind === 'facts' && block.title).toBe('Bakkerij De Korenbloem B.V.');
    const f = facts(s.blocks);
    expect(f['Besluit']).toBe('Geeft een instructie (gegevens wissen)');
    expect(f['Doorgestuurd']).toBe('21 maart 2025 om 10:16');
    expect(f['Besluit ontvangen']).toBe('25 maart 2025 om 15:30 van privacy@korenbloem.example');
    expect(f['Gekoppeld via']).toBe('e-mailadres');
    const [instruction] = verbatims(s.blocks);
    expect(instruction.label).toContain('art. 28 lid 3 onder a AVG');
    expect(instruction.text).toContain('Wis het klantaccount K-10442, maar bewaar de facturen van 2023 (fiscale bewaarplicht).');
  });

  it('shows processor tasks with whatever columns the table has', () => {
    expect(buildDossier(fixture()).sections.some((s) => s.heading === 'Taken van de verwerker')).toBe(false);
    const done = buildDossier(
      fixture({
        tasks: [
          {
            instruction: 'erase',
            state: 'done',
            created_at: '2025-03-25T14:30:00Z',
            done_at: '2025-03-27T09:00:00Z',
            done_by: 'agent:mila',
            controller_name: 'Bakkerij De Korenbloem B.V.',
            outcome: 'Account gewist; facturen bewaard.',
            recipients_notified: [{ name: 'Boekhouder B.V.', notifiedAt: '2025-03-27T09:30:00Z' }],
            concern_reason: 'Wissen van facturen botst met de fiscale bewaarplicht.',
            concern_raised_at: '2025-03-26T08:00:00Z',
            concern_raised_by: 'agent:mila',
            concern_resolution: 'confirmed',
            concern_resolved_at: '2025-03-26T15:00:00Z',
            future_column: 'wordt genegeerd',
          },
        ],
      }),
    );
    const s = section(done, 'Taken van de verwerker');
    const f = facts(s.blocks);
    expect(f['Instructie']).toBe('gegevens wissen');
    expect(f['Van']).toBe('Bakkerij De Korenbloem B.V.');
    expect(f['Status']).toBe('Uitgevoerd');
    expect(f['Uitgevoerd']).toBe('27 maart 2025 om 10:00 door Mila Medewerker');
    expect(f['Ontvangers ingelicht (art. 19 AVG)']).toBe('Boekhouder B.V. (27 maart 2025 om 10:30)');
    expect(f['Bedenking gemeld']).toBe('26 maart 2025 om 09:00 door Mila Medewerker');
    expect(f['Antwoord op bedenking']).toBe('de verwerkingsverantwoordelijke heeft de instructie bevestigd op 26 maart 2025 om 16:00');
    expect(verbatims(s.blocks).map((v) => v.text)).toEqual(['Account gewist; facturen bewaard.', 'Wissen van facturen botst met de fiscale bewaarplicht.']);
    // A row from before the outcome and concern columns existed.
    const older = buildDossier(fixture({ tasks: [{ instruction: 'restrict', state: 'open', created_at: '2025-03-25T14:30:00Z' }] }));
    expect(section(older, 'Taken van de verwerker').blocks).toEqual([
      { kind: 'facts', facts: [{ label: 'Instructie', value: 'verwerking beperken' }, { label: 'Status', value: 'Uit te voeren' }, { label: 'Aangemaakt', value: '25 maart 2025 om 15:30' }] },
    ]);
  });

  it('summarises the verification in Dutch without document data', () => {
    const s = section(buildDossier(fixture()), 'Identiteitscontrole');
    const f = facts(s.blocks);
    expect(f['Status']).toBe('geslaagd');
    expect(f['Soort document']).toBe('paspoort');
    expect(f['Vastlegging']).toBe('identiteit gecontroleerd op 31 maart 2025 door mila, kopie vernietigd');
  });

  it('puts the timeline in time order with the actors\' names', () => {
    const table = section(buildDossier(fixture()), 'Tijdlijn').blocks[0];
    if (table.kind !== 'table') throw new Error('no table');
    expect(table.rows.map((r) => r[1])).toEqual(['Koppeling zendesk', 'Mila Medewerker', 'Mila Medewerker']);
    expect(table.rows[0][0]).toBe('21 maart 2025 om 10:15');
  });

  it('gives every letter with recipient role, date, subject and text, without link tokens', () => {
    const s = section(buildDossier(fixture()), 'Brieven en berichten');
    const titled = s.blocks.flatMap((b) => (b.kind === 'facts' ? [b] : []));
    expect(titled.map((b) => b.title)).toEqual(['1. Ontvangstbevestiging', '2. Doorsturen aan de verwerkingsverantwoordelijke']);
    expect(facts([titled[0]])).toMatchObject({ Ontvanger: 'Verzoeker', Verstuurd: '21 maart 2025 om 10:15', Onderwerp: 'Ontvangstbevestiging AVG-2025-000042' });
    expect(facts([titled[1]]).Ontvanger).toBe('Verwerkingsverantwoordelijke (Bakkerij De Korenbloem B.V.)');
    const texts = verbatims(s.blocks).map((v) => v.text);
    expect(texts[0]).toBe('Beste Jan Jansen,\n\nWij hebben uw verzoek ontvangen.');
    expect(texts[1]).toBe('Open het verzoek: https://vr.example/c/[verwijderd]');
    expect(all(buildDossier(fixture()))).not.toContain(TOKEN);
    expect(withoutLinkTokens(`/v/${TOKEN} en /c/kort`)).toBe('/v/[verwijderd] en /c/kort');
  });

  it('says in Dutch what the retention purge removed, and holds none of it', () => {
    const d = buildDossier(fixture({ purged: true }));
    expect(section(d, 'Verzoeker').blocks).toEqual([{ kind: 'paragraph', text: expect.stringContaining('verwijderd na afloop van de bewaartermijn') }]);
    const letters = section(d, 'Brieven en berichten').blocks.filter((b) => b.kind === 'paragraph');
    expect(letters).toHaveLength(2);
    for (const p of letters) expect(p.kind === 'paragraph' && p.text).toMatch(/^De tekst van dit bericht is verwijderd na afloop van de bewaartermijn/);
    expect(facts(section(d, 'Het verzoek').blocks)['Persoonsgegevens']).toMatch(/^verwijderd na afloop van de bewaartermijn op 11 juni 2026/);
    expect(all(d)).not.toMatch(/Jan Jansen|jan\.jansen|Wis het klantaccount/);
    expect(d.sections.some((s) => s.heading === 'Notities')).toBe(false);
  });

  it('names the file after the reference', () => {
    expect(dossierFileName('AVG-2025-000042')).toBe('dossier-AVG-2025-000042.pdf');
  });
});

describe('dossier PDF', () => {
  it('keeps what WinAnsi fonts show and replaces the rest', () => {
    expect(toWinAnsi('Zoë “citaat” – € 5 … café')).toBe('Zoë “citaat” – € 5 … café');
    expect(toWinAnsi('Łódź → Kraków ≥ 3 ő ș')).toBe('Lódz -> Kraków >= 3 o s');
    expect(toWinAnsi('a\tb\r\nc\u0007d 😀 中')).toBe('a    b\ncd ? ?');
  });

  it('breaks long Dutch words only at compound joints, with a hyphen, never mid-word', async () => {
    expect(softHyphens('Verwerkingsverantwoordelijke')).toBe('Verwerkings\u00adverantwoordelijke');
    expect(softHyphens('Identiteitscontrole gestart')).toBe('Identiteits\u00adcontrole gestart');
    expect(softHyphens('kort woord')).toBe('kort woord');
    const input = fixture();
    input.timeline = [{ at: '2025-03-21T09:00:00Z', actor: 'controller:c1', description: 'Besluit van de verwerkingsverantwoordelijke vastgelegd.' }];
    const text = pdfText(await renderDossierPdf(buildDossier(input), { compress: false }));
    // The "Door" column is narrower than the word: it breaks after "Verwerkings", with a hyphen.
    expect(text).toMatch(/^Verwerkings-?\u00ad?-?$/m);
    expect(text).not.toMatch(/Verwerkingsverantwo$/m);
    expect(text).not.toMatch(/^ordelijke/m);
  });

  it('renders a valid A4 PDF with the reference, Dutch headings and page numbers', async () => {
    const pdf = await renderDossierPdf(buildDossier(fixture()), { compress: false, createdAt: new Date('2025-07-01T08:00:00Z') });
    expect(looksLikePdf(pdf)).toBe(true);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const text = pdfText(pdf);
    for (const heading of ['Dossier AVG-2025-000042', 'Termijnen', 'Tijdlijn', 'Identiteitscontrole', 'Brieven en berichten', 'Gedocumenteerde instructie']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(`Pagina ${pages} van ${pages}`);
  });

  it('breaks a long dossier over numbered pages, each with the reference in its header', async () => {
    const input = fixture();
    input.timeline = Array.from({ length: 150 }, (_, i) => ({ at: new Date(Date.UTC(2025, 2, 21, 9, i)).toISOString(), actor: 'system', description: `Gebeurtenis nummer ${i + 1} met een wat langere beschrijving die over de regel heen loopt in de kolom.` }));
    const pdf = await renderDossierPdf(buildDossier(input), { compress: false });
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(3);
    const text = pdfText(pdf);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Pagina ${p} van ${pages}`);
    // The page header on every page, plus the title on the first.
    expect(text.match(/^Dossier AVG-2025-000042$/gm)?.length).toBe(pages + 1);
    expect(text).toContain('Gebeurtenis nummer 150');
    const compressed = await renderDossierPdf(buildDossier(input));
    expect(looksLikePdf(compressed)).toBe(true);
    expect(pdfPageCount(compressed)).toBe(pages);
    expect(compressed.length).toBeLessThan(pdf.length);
  });
});
