/**
 * Issue 24, "Done when": a Belgian requester who writes in French gets French letters
 * (acknowledgement, identification question, refusal) naming the Autorité de protection des
 * données and the Belgian court route in French; a French-speaking controller gets a French
 * forwarding mail and a French page; the processor's own team keeps Dutch. Against a real
 * database, mail in through the intake folder and out through a real SMTP server.
 */
import { existsSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { requestBody } from '../factories/requests.js';
import type { TestApp } from '../support/app.js';
import { plainMail } from '../support/mails.js';
import { controllerTokenIn, firstMailTo, useAppWithSmtp, waitUntil, type TestSmtp } from '../support/replies-smtp.js';
import { UiClient } from '../support/ui-client.js';
import { COUNTRY_LAW, countryLaw } from '../../src/vocabulary/country-law.js';

describe('languages', () => {
  type Json = Record<string, any>;
  let smtp: TestSmtp;
  let t: TestApp;

  // A Belgian processor (with Belgian privacy facts); its own language stays Dutch (PROCESSOR_LANGUAGE unset).
  const factsFile = join(mkdtempSync(join(tmpdir(), 'vr-lang-facts-')), 'privacy-facts.yaml');
  writeFileSync(
    factsFile,
    [
      'country: BE',
      'purposes:',
      '  - purpose: het leveren van onze software',
      '    legalBasis: contract',
      'categories:',
      '  - name: accountgegevens',
      '    retention:',
      '      period: tot zes maanden na het einde van het abonnement',
      '      reason: voor vragen over de afgesloten dienst',
      '      legalObligation: false',
      'source: van de betrokkene zelf',
      'recipients: []',
      'transfers: []',
      'backupDays: 30',
      'automatedDecisions: none',
      '',
    ].join('\n'),
  );
  useAppWithSmtp({ OUTBOX_POLL_MS: '200', INBOX_POLL_MS: '200', PROCESSOR_COUNTRY: 'BE', PRIVACY_FACTS_FILE: factsFile }, (app, server) => {
    t = app;
    smtp = server;
  });

  const db = () => t.service.app.get(DataSource);
  const BE_FR = countryLaw('BE', 'fr');

  async function resource(id: string): Promise<Json> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  }

  async function send(id: string, event: Json): Promise<Json> {
    const r = await resource(id);
    const res = await t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${r.version}"` }, json: event });
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  /** Puts a mail in the intake folder as a mail server would, and waits for its request. */
  async function mailIn(raw: string, from: string): Promise<Json> {
    const inbox = join(t.service.config.dataDir, 'inbox');
    const name = `fr-${Date.now()}.eml`;
    writeFileSync(join(inbox, `.${name}.tmp`), raw);
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
    await waitUntil(() => existsSync(join(inbox, 'verwerkt', name)), 10_000);
    const [row]: { id: string }[] = await db().query(`SELECT id FROM requests WHERE requester_email = $1 ORDER BY created_at DESC LIMIT 1`, [from]);
    return resource(row!.id);
  }

  /** Words only a Dutch letter has (a sentence left untranslated). */
  const DUTCH = /\b(het|een|niet|wij|uw|verzoek|gegevens|wordt|zijn|voor|naar|kunt|deze|omdat|Geachte|Beste|groet)\b/;

  describe('a Belgian requester who writes in French', () => {
    it('gets the acknowledgement, the identification question and the refusal in French, with the APD and the art. 209 route in French', async () => {
      const from = 'claire.dubois@example.be';
      const request = await mailIn(
        plainMail({
          from: `Claire Dubois <${from}>`,
          subject: "Demande d'accès à mes données personnelles",
          text:
            "Bonjour,\n\nConformément à l'article 15 du RGPD, je souhaite savoir quelles données personnelles vous traitez à mon sujet et en recevoir une copie.\n\n" +
            'Je vous remercie par avance de votre réponse.\n\nCordialement,\nClaire Dubois',
        }),
        from,
      );
      expect(request.requester.language).toBe('fr');

      // The acknowledgement: French, dated in French, no Dutch left.
      const ack = await firstMailTo(smtp, from, request.reference);
      expect(ack.parsed.subject).toContain('Nous avons bien reçu votre demande RGPD');
      expect(ack.parsed.text).not.toMatch(DUTCH);
      expect(ack.parsed.html).toContain('<html lang="fr"');

      // The identification question.
      await send(request.id, { type: 'CLASSIFY', scope: 'in-house', rights: ['access'] });
      await send(request.id, { type: 'REQUEST_INFO', forIdentification: true, reason: "Votre demande provient d'une adresse que nous ne connaissons pas. Merci de répondre depuis l'adresse de votre compte." });
      const identification = await firstMailTo(smtp, from, 'vérifier');
      expect(identification.parsed.text).toContain('numéro de registre national');
      expect(identification.parsed.text).not.toMatch(DUTCH);

      // The refusal: the Belgian authority and court route, in French.
      await send(request.id, { type: 'INFO_RECEIVED' });
      await send(request.id, { type: 'REFUSE', ground: 'identity-not-established', reason: "Vous n'avez pas répondu depuis l'adresse de votre compte et nous ne pouvons pas établir votre identité." });
      const refusal = await firstMailTo(smtp, from, 'Notre décision');
      const text = refusal.parsed.text ?? '';
      expect(text).toContain('Autorité de protection des données');
      expect(text).toContain('Rue de la Presse 35');
      expect(text).toContain('1000 Bruxelles');
      expect(text).toContain(BE_FR.courtRoute);
      expect(text).toContain('art. 209 de la loi du 30 juillet 2018');
      expect(text).toContain("Motif\u00a0: nous ne sommes pas en mesure d'établir que vous êtes la personne concernée");
      expect(text).not.toMatch(DUTCH);
      for (const marker of COUNTRY_LAW.NL.markers) expect(text).not.toContain(marker);
    });

    it('a Dutch mail keeps Dutch letters, and an agent can switch a requester to English on the request page (on the timeline)', async () => {
      const from = 'jan.peeters@example.be';
      const request = await mailIn(plainMail({ from: `Jan Peeters <${from}>`, subject: 'Inzage', text: 'Beste, graag wil ik weten welke persoonsgegevens u van mij verwerkt en daar een kopie van krijgen. Met vriendelijke groet, Jan' }), from);
      expect(request.requester.language).toBe('nl');
      expect((await firstMailTo(smtp, from, request.reference)).parsed.text).toMatch(/Geachte|Beste/);

      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const page = await (await ui.get(`/ui/requests/${request.id}`)).text();
      expect(page).toContain('Brieven aan de verzoeker in het');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const res = await ui.post(`/ui/requests/${request.id}/language`, { _csrf: csrf, language: 'en' });
      expect(res.status).toBe(303);
      expect((await resource(request.id)).requester.language).toBe('en');
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: { type: string; description: string; data: Json }[] };
      const change = timeline.items.find((e) => e.type === 'REQUESTER_LANGUAGE_CHANGED');
      expect(change?.data).toEqual({ from: 'nl', to: 'en' });
      expect(change?.description).toContain('Engels');

      await send(request.id, { type: 'CLASSIFY', scope: 'in-house', rights: ['access'] });
      await send(request.id, { type: 'EXTEND', reason: 'The request concerns data in several systems over many years.' });
      const extension = await firstMailTo(smtp, from, 'more time');
      expect(extension.parsed.text).toContain('Belgian Data Protection Authority');
      expect(extension.parsed.text).not.toMatch(DUTCH);
    });
  });

  describe('a French-speaking controller', () => {
    it('gets the forwarding mail and its page in French', async () => {
      const created = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Boulangerie Lefèvre SRL', country: 'BE', language: 'fr', privacyContact: { name: 'Sophie Lefèvre', email: 'vieprivee@lefevre.example' }, tone: 'u' },
      });
      expect(created.status).toBe(201);
      const c = (await created.json()) as Json;
      expect(c.language).toBe('fr');
      const email = 'client.lefevre@example.be';
      expect((await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } })).status).toBe(200);
      const filed = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Luc Martin', email, language: 'fr' }, rights: ['access', 'erasure'], message: 'Je voudrais une copie de mes données.' }) });
      expect(filed.status).toBe(201);
      const request = (await filed.json()) as Json;

      const mail = await firstMailTo(smtp, 'vieprivee@lefevre.example');
      expect(mail.parsed.subject).toContain(`Demande ${request.reference} pour Boulangerie Lefèvre SRL`);
      const text = mail.parsed.text ?? '';
      expect(text).toContain('responsable du traitement');
      expect(text).toContain('sous-traitant');
      expect(text).toContain('effacer les données');
      expect(text).not.toMatch(DUTCH);

      const page = await fetch(`${t.baseUrl}/c/${controllerTokenIn(mail)}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('Ce que nous vous demandons');
      expect(html).toContain('Vous êtes le responsable du traitement');
      expect(html).toContain('accès (art. 15 du RGPD)');
      expect(html).toContain('Nous traitons nous-mêmes la demande');
      expect(html).not.toMatch(/Wat wij u vragen|verwerkingsverantwoordelijke/);
    });
  });
});
