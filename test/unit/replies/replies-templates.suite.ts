/** Every letter of the catalogue renders in both tones, strictly, escaped, in correct Dutch forms. */
import { MAIL_CATALOGUE, sampleContext } from '../../../src/replies/catalogue.js';
import { daysLeftText, MailTemplates, TemplateRenderError, tidyText } from '../../../src/replies/renderer.js';
import { TONES } from '../../../src/vocabulary/vocabulary.js';
import { RIGHTS, REFUSAL_GROUNDS } from '../../../src/requests/request.types.js';

const templates = MailTemplates.load();
const FORBIDDEN = ['undefined', '[object', '{{', '}}', 'NaN', 'null'];

function expectClean(text: string): void {
  for (const bad of FORBIDDEN) expect(text).not.toContain(bad);
}

describe('mail catalogue', () => {
  it('has a template for every catalogue entry and no template outside it', () => {
    expect(templates.names().sort()).toEqual(MAIL_CATALOGUE.map((e) => e.id).sort());
  });

  const cases = MAIL_CATALOGUE.flatMap((e) => TONES.map((tone) => ({ id: e.id, tone })));
  it.each(cases)('$id renders in tone $tone with subject, HTML and text', ({ id, tone }) => {
    const mail = templates.render(id, sampleContext(id, tone));
    for (const part of [mail.subject, mail.html, mail.text]) expectClean(part);
    expect(mail.subject).toContain('AVG-2026-000123');
    expect(mail.text).toContain('AVG-2026-000123');
    expect(mail.html).toContain('AVG-2026-000123');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="nl">');
    expect(mail.text).not.toMatch(/<\/?(p|ul|li|strong|a)\b/);
    expect(mail.text).not.toMatch(/&(amp|lt|gt|quot|#x27);/);
    expect(mail.text).toContain('Het privacyteam van Voorbeeld Software B.V.');
    // Dates in full Dutch.
    expect(mail.text).toMatch(/(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ 20\d\d/);
    if (tone === 'je') {
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\b(u|uw|U|Uw)\b/);
    } else {
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\b(je|jij|jou|jouw|Je)\b/);
    }
  });

  it('fails on a missing variable (strict), also inside helpers and conditions', () => {
    const context = sampleContext('acknowledgement', 'u');
    delete context.respondBy;
    expect(() => templates.render('acknowledgement', context)).toThrow(TemplateRenderError);
    const noRights = sampleContext('acknowledgement', 'u');
    delete noRights.rights;
    expect(() => templates.render('acknowledgement', noRights)).toThrow(/rights|undefined/);
    const noTone = sampleContext('acknowledgement', 'u');
    delete noTone.tone;
    expect(() => templates.render('acknowledgement', noTone)).toThrow(/tone/);
    const refusal = sampleContext('refusal', 'u');
    delete refusal.partial;
    expect(() => templates.render('refusal', refusal)).toThrow(TemplateRenderError);
  });

  it('escapes a requester name in HTML and keeps it literal in the text part', () => {
    const name = '<script>alert(1)</script>';
    for (const id of ['acknowledgement', 'refusal', 'forwarding', 'draft-access']) {
      const mail = templates.render(id, sampleContext(id, 'u', { requesterName: name }));
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      if (id !== 'forwarding') expect(mail.text).toContain(name);
    }
  });

  it('greets without a name politely', () => {
    expect(templates.render('acknowledgement', sampleContext('acknowledgement', 'u', { requesterName: null })).text).toMatch(/^Geachte heer, mevrouw,/);
    expect(templates.render('acknowledgement', sampleContext('acknowledgement', 'je', { requesterName: null })).text).toMatch(/^Hallo,/);
    expect(templates.render('acknowledgement', sampleContext('acknowledgement', 'je')).text).toMatch(/^Beste Jan Jansen,/);
  });

  it('acknowledgement: reference, date of receipt, what happens next and the date by which the requester hears from us', () => {
    const { text } = templates.render('acknowledgement', sampleContext('acknowledgement', 'u'));
    expect(text).toContain('Op dinsdag 28 april 2026 hebben wij uw verzoek');
    expect(text).toContain('inzage: weten welke persoonsgegevens over u worden verwerkt, en een kopie daarvan ontvangen (art. 15 AVG)');
    expect(text).toContain('WAT ER NU GEBEURT');
    expect(text).toContain('uiterlijk op donderdag 28 mei 2026');
  });

  it('refusal names the ground, AP with address, complaint where the requester lives or works, and the NL court route', () => {
    const { text } = templates.render('refusal', sampleContext('refusal', 'u'));
    expect(text).toContain('voor een deel niet uit');
    expect(text).toContain('De reden: wij zijn wettelijk verplicht de gegevens te bewaren (art. 17 lid 3 onder b AVG)');
    expect(text).toContain('Autoriteit Persoonsgegevens');
    expect(text).toContain('Postbus 93374');
    expect(text).toContain('2509 AJ Den Haag');
    expect(text).toContain('autoriteitpersoonsgegevens.nl');
    expect(text).toContain('waar u woont of werkt');
    expect(text).toContain('binnen zes weken');
    expect(text).toContain('art. 35 Uitvoeringswet AVG');
    expect(text).not.toMatch(/kosten in rekening|vergoeding van/);
  });

  it('uses the Belgian authority and court for a Belgian organisation', () => {
    const context = { ...sampleContext('refusal', 'u'), country: 'BE' };
    const { text, html } = templates.render('refusal', context);
    expect(text).toContain('Gegevensbeschermingsautoriteit');
    expect(text).toContain('Drukpersstraat 35');
    expect(text).toContain('1000 Brussel');
    expect(html).toContain('https://gegevensbeschermingsautoriteit.be');
    expect(text).toContain('voorzitter van de rechtbank van eerste aanleg');
    expect(text).not.toContain('Autoriteit Persoonsgegevens');
    expect(text).not.toContain('Commissie voor de bescherming');
  });

  it.each(REFUSAL_GROUNDS)('refusal renders for the ground %s', (ground) => {
    const { text } = templates.render('refusal', { ...sampleContext('refusal', 'je'), ground, partial: false });
    expectClean(text);
    expect(text).toContain('niet uit.');
  });

  it('"not ours" reveals no relationship and never says we hold no data', () => {
    for (const tone of TONES) {
      const { text, html } = templates.render('not-ours', sampleContext('not-ours', tone));
      for (const part of [text, html]) {
        expect(part).not.toMatch(/geen gegevens (over|van) (u|je|jou)/i);
        expect(part).not.toMatch(/(geen|niet) (klant|cliënt)/i);
        expect(part).not.toMatch(/niet gevonden|niet bekend|komt niet voor/i);
        expect(part).toContain('in hun opdracht');
        expect(part).toContain('art. 28 en 29 AVG');
      }
    }
  });

  it.each(RIGHTS)('completion has a section for %s alone', (right) => {
    const { text } = templates.render('completion', sampleContext('completion', 'u', { rights: [right] }));
    expectClean(text);
    expect(text.match(/\(art\. [0-9]+( lid [0-9]+( en [0-9]+)?)? AVG\)\n/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it('the access section covers art 15(1)-(4)', () => {
    const { text } = templates.render('completion', sampleContext('completion', 'u', { rights: ['access'] }));
    for (const item of ['Waarvoor wij', 'Welke gegevens', 'Wie de gegevens van ons ontvangen', 'Hoe lang', 'Waar de gegevens vandaan', 'Geautomatiseerde besluiten', 'buiten de Europese Economische Ruimte', 'kosteloos', 'art. 15 lid 4', 'klacht']) {
      expect(text).toContain(item);
    }
  });

  it('the erasure section says what is kept, why and until when, backups and art 19', () => {
    const { text } = templates.render('completion', sampleContext('completion', 'u', { rights: ['erasure'] }));
    expect(text).toContain('art. 52 AWR');
    expect(text).toContain('back-ups');
    expect(text).toContain('art. 19 AVG');
  });

  it('the forwarding mail has the reference, each right with what to do, the clock, identity and the link in both parts', () => {
    const mail = templates.render('forwarding', sampleContext('forwarding', 'u'));
    expect(mail.subject).toContain('AVG-2026-000123');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('AVG-2026-000123');
      expect(part).toContain('http://localhost:3000/c/voorbeeld-token-3f9a1c');
      expect(part).toContain('inzage (art. 15 AVG)');
      expect(part).toContain('wissing (art. 17 AVG)');
      expect(part).toContain('Wat u moet doen');
      expect(part).toContain('vanaf onze ontvangst op dinsdag 28 april 2026');
      expect(part).toContain('donderdag 28 mei 2026');
      expect(part).toContain('nog 29 dagen');
      expect(part).toContain('Controleer zelf de identiteit');
      expect(part).toContain('Wij sturen nooit identiteitsbewijzen door');
      expect(part).toContain('zelf laten weten');
    }
  });

  it('the identification request gives redaction guidance for the requester\'s country', () => {
    const nl = templates.render('identification-request', sampleContext('identification-request', 'u', { requesterCountry: 'NL' })).text;
    expect(nl).toContain('burgerservicenummer');
    expect(nl).toContain('KOPIE');
    expect(nl).toContain('staat de termijn voor ons antwoord stil');
    // The guidance is data (src/replies/id-guidance.ts, shared with the agent UI), computed for the requester's own country.
    const be = templates.render('identification-request', sampleContext('identification-request', 'u', { requesterCountry: 'BE' })).text;
    expect(be).toContain('rijksregisternummer');
    expect(be).not.toContain('burgerservicenummer');
  });

  it('the extension notice gives the reason and both dates', () => {
    const { text } = templates.render('extension-notice', sampleContext('extension-notice', 'je'));
    expect(text).toContain('vier systemen');
    expect(text).toContain('uiterlijk op donderdag 28 mei 2026');
    expect(text).toContain('dinsdag 28 juli 2026');
    expect(text).toContain('art. 12 lid 3 AVG');
  });
});

describe('small text helpers', () => {
  it('days left in Dutch', () => {
    expect(daysLeftText(1)).toBe('nog 1 dag');
    expect(daysLeftText(12)).toBe('nog 12 dagen');
    expect(daysLeftText(0)).toBe('vandaag is de laatste dag');
    expect(daysLeftText(-3)).toBe('de termijn is 3 dagen verstreken');
    expect(() => daysLeftText(Number.NaN)).toThrow();
  });

  it('tidies text', () => {
    expect(tidyText('a  \n\n\n\nb\n')).toBe('a\n\nb\n');
  });
});
