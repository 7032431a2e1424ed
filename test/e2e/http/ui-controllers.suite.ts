/** Beheer → Verwerkingsverantwoordelijken over HTTP: list and search, create and edit with Dutch errors, CSV import with the per-line report. */
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';

describe('ui-controllers', () => {
  let t: TestApp;
  let admin: UiClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = new UiClient(t.baseUrl);
    expect((await admin.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
  });

  const FORM = {
    name: 'Bakkerij De Gouden Korst B.V.',
    country: 'NL',
    contactName: 'Fenna Fictief',
    contactEmail: 'privacy@goudenkorst.example',
    contactPhone: '020 123 4567',
    tone: 'je',
    sla: '3',
    mayInform: 'ja',
    agreementTitle: 'Verwerkersovereenkomst bakkerijsoftware',
    agreementVersion: '2.1',
    agreementDate: '2026-01-15',
    promiseDays: '',
  };

  async function create(form: Record<string, string> = FORM): Promise<string> {
    const csrf = await admin.csrf('/ui/admin/controllers/new');
    const res = await admin.post('/ui/admin/controllers/new', { _csrf: csrf, ...form });
    expect(res.status).toBe(303);
    return res.headers.get('location')!;
  }

  /** What the edit form sends besides its fields: the form token, and the version and values it was read at. */
  interface EditForm {
    csrf: string;
    meta: Record<string, string>;
  }
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  function editFormOf(html: string): EditForm {
    const meta = Object.fromEntries([...html.matchAll(/<input type="hidden" name="(version|read_[a-zA-Z]+)" value="([^"]*)">/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    expect(meta.version).toMatch(/^\d+$/);
    return { csrf: UiClient.csrfOf(html), meta };
  }
  async function editForm(location: string, client = admin): Promise<EditForm> {
    return editFormOf(await (await client.get(location)).text());
  }
  async function controller(id: string): Promise<Record<string, any>> {
    return (await (await t.api(`/api/v1/controllers/${id}`)).json()) as Record<string, any>;
  }

  describe('controllers in the workspace', () => {
    it('creates a controller with every field through the API service and shows it in the API and the list', async () => {
      const location = await create();
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const page = await (await admin.get(location)).text();
      expect(page).toContain('De verwerkingsverantwoordelijke is aangemaakt.');
      const api = (await (await t.api(`/api/v1/controllers/${id}`)).json()) as Record<string, unknown>;
      expect(api).toMatchObject({
        name: FORM.name,
        tone: 'je',
        forwardingSlaWorkingDays: 3,
        mayInformRequester: true,
        privacyContact: { name: 'Fenna Fictief', email: 'privacy@goudenkorst.example', phone: '+31201234567' },
        agreement: { title: FORM.agreementTitle, version: '2.1', date: '2026-01-15' },
        responsePromiseDays: null,
      });
      const list = await (await admin.get('/ui/admin/controllers?zoek=gouden')).text();
      expect(list).toContain(FORM.name);
      expect(list).toContain(`/ui?verantwoordelijke=${id}`);
      expect(await (await admin.get('/ui/admin/controllers?zoek=bestaatniet')).text()).not.toContain(FORM.name);
    });

    it('shows Dutch messages beside the fields and keeps what was typed', async () => {
      const csrf = await admin.csrf('/ui/admin/controllers/new');
      const res = await admin.post('/ui/admin/controllers/new', { _csrf: csrf, ...FORM, contactEmail: 'geen-adres', sla: '45', agreementTitle: '' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Vul een geldig e-mailadres van de privacycontactpersoon in');
      expect(html).toContain('Vul een heel aantal werkdagen in van 0 tot en met 30.');
      // A version and date without a title is refused, not silently dropped.
      expect(html).toContain('Vul de titel van de verwerkersovereenkomst in');
      expect(html).toContain('value="geen-adres"');
      expect(html).toContain('value="2.1"');
    });

    it('edits a controller: clears the agreement, sets a promise, deactivates', async () => {
      const location = await create({ ...FORM, name: 'Fietsenmaker Spaak' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const { csrf, meta } = await editForm(location);
      const res = await admin.post(`/ui/admin/controllers/${id}`, { _csrf: csrf, ...meta, ...FORM, name: 'Fietsenmaker Spaak en Zn.', agreementTitle: '', agreementVersion: '', agreementDate: '', promiseDays: '30', tone: 'u' });
      expect(res.status).toBe(303);
      expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('De wijzigingen zijn opgeslagen.');
      const api = (await (await t.api(`/api/v1/controllers/${id}`)).json()) as Record<string, unknown>;
      expect(api).toMatchObject({ name: 'Fietsenmaker Spaak en Zn.', tone: 'u', agreement: null, responsePromiseDays: 30, active: false });
    });

    it('does not overwrite a change saved meanwhile: 409 with both changes merged and a note beside each field changed meanwhile', async () => {
      const location = await create({ ...FORM, name: 'Schoenmaker Hak' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const other = new UiClient(t.baseUrl);
      expect((await other.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const mine = await editForm(location);
      const theirs = await editForm(location, other);
      // The other admin saves a new forwarding term and contact name first.
      const first = await other.post(`/ui/admin/controllers/${id}`, { _csrf: theirs.csrf, ...theirs.meta, ...FORM, name: 'Schoenmaker Hak', sla: '5', contactName: 'Kees Kort' });
      expect(first.status).toBe(303);

      // Then this admin saves a new name and another contact name from the page read before.
      const refused = await admin.post(`/ui/admin/controllers/${id}`, { _csrf: mine.csrf, ...mine.meta, ...FORM, name: 'Schoenmaker Hak en Hiel', contactName: 'Anna Lang' });
      expect(refused.status).toBe(409);
      expect(await controller(id)).toMatchObject({ name: 'Schoenmaker Hak', forwardingSlaWorkingDays: 5, privacyContact: { name: 'Kees Kort' } });
      const html = await refused.text();
      expect(html).toContain('Niet opgeslagen: deze verwerkingsverantwoordelijke is gewijzigd nadat u het formulier opende.');
      // Their own change, unchanged elsewhere: kept, no note.
      expect(html).toContain('value="Schoenmaker Hak en Hiel"');
      expect(html).not.toContain('id="name-note"');
      // A field only the other changed: what is stored now, with what it was.
      expect(html).toMatch(/<input id="sla" name="sla"[^>]*value="5"[^>]*aria-describedby="sla-note">/);
      expect(html).toContain('Intussen gewijzigd; dit is wat nu is opgeslagen (was &quot;3&quot;).');
      // A field both changed: their input, with what is stored now; a note, not an error.
      expect(html).toContain('value="Anna Lang"');
      expect(html).toContain('Hier staat uw invoer; opgeslagen is nu &quot;Kees Kort&quot;.');
      expect(html).not.toContain('aria-invalid');

      // Saving the form as shown keeps both admins' changes.
      const shown = editFormOf(html);
      expect(Number(shown.meta.version)).toBe((await controller(id)).version);
      const saved = await admin.post(`/ui/admin/controllers/${id}`, { _csrf: shown.csrf, ...shown.meta, ...FORM, name: 'Schoenmaker Hak en Hiel', sla: '5', contactName: 'Anna Lang' });
      expect(saved.status).toBe(303);
      expect(await controller(id)).toMatchObject({ name: 'Schoenmaker Hak en Hiel', forwardingSlaWorkingDays: 5, privacyContact: { name: 'Anna Lang' } });
    });

    it('saves a form read before an identifier upload: that changes no field of the form', async () => {
      const location = await create({ ...FORM, name: 'Bloemist Roos' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const form = await editForm(location);
      expect((await t.api(`/api/v1/controllers/${id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: 'klant@roos.example' }] } })).status).toBe(200);
      expect((await controller(id)).version).toBeGreaterThan(Number(form.meta.version));
      const res = await admin.post(`/ui/admin/controllers/${id}`, { _csrf: form.csrf, ...form.meta, ...FORM, name: 'Bloemist Roos en Zn.' });
      expect(res.status).toBe(303);
      expect(await controller(id)).toMatchObject({ name: 'Bloemist Roos en Zn.', identifierTotal: 1 });
    });

    it('refuses an edit form that does not say what it was read at, instead of saving over whatever is stored', async () => {
      const location = await create({ ...FORM, name: 'Slagerij Worst' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const { csrf } = await editForm(location);
      const res = await admin.post(`/ui/admin/controllers/${id}`, { _csrf: csrf, version: '1', ...FORM, name: 'Slagerij Worst en Zn.' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Niet opgeslagen: het formulier was onvolledig');
      expect(html).toContain('value="Slagerij Worst en Zn."');
      expect(html).toContain('Hier staat uw invoer; opgeslagen is nu &quot;Slagerij Worst&quot;.');
      expect(await controller(id)).toMatchObject({ name: 'Slagerij Worst' });
      // The form as shown is complete again: saving it is a deliberate choice.
      const shown = editFormOf(html);
      expect((await admin.post(`/ui/admin/controllers/${id}`, { _csrf: shown.csrf, ...shown.meta, ...FORM, name: 'Slagerij Worst en Zn.' })).status).toBe(303);
      expect(await controller(id)).toMatchObject({ name: 'Slagerij Worst en Zn.' });
    });

    it('imports identifiers from a CSV upload and reports every invalid line like the CLI', async () => {
      const location = await create({ ...FORM, name: 'Kapsalon Krul' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const csrf = await admin.csrf(location);
      const csv = 'type,value\nemail,klant1@krul.example\nemail,klant1@krul.example\nphone,06 12345678\nfax,123\niban,NL00BANK0000000000\n';
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'kenmerken.csv');
      const res = await fetch(`${t.baseUrl}/ui/admin/controllers/${id}/identifiers`, { method: 'POST', body: form, headers: { cookie: admin.cookieHeader() } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Import van kenmerken.csv klaar');
      expect(html).toContain('5 regels gelezen');
      expect(html).toContain('Toegevoegd: 2');
      expect(html).toContain('Dubbel (stond er al of kwam meer dan eens voor in het bestand): 1');
      expect(html).toContain('Ongeldig: 2');
      expect(html).toContain('regel 5: onbekend type &quot;fax&quot;');
      expect(html).toContain('regel 6: het controlegetal van het IBAN klopt niet');
      const api = (await (await t.api(`/api/v1/controllers/${id}`)).json()) as { identifierTotal: number };
      expect(api.identifierTotal).toBe(2);
    });

    it('refuses an import without the form token', async () => {
      const location = await create({ ...FORM, name: 'Zonder Token' });
      const id = /controllers\/([0-9a-f-]{36})/.exec(location)![1];
      const form = new FormData();
      form.append('file', new Blob(['email,a@b.example\n']), 'x.csv');
      const res = await fetch(`${t.baseUrl}/ui/admin/controllers/${id}/identifiers`, { method: 'POST', body: form, headers: { cookie: admin.cookieHeader() } });
      expect(res.status).toBe(403);
    });
  });
});
