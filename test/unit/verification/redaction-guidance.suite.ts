/** Redaction guidance per document type and country: one source for the mail and the agent UI. */
import { sampleContext } from '../../../src/replies/catalogue.js';
import { DOCUMENT_TYPES, redactionGuidance } from '../../../src/replies/id-guidance.js';
import { letterContext } from '../../../src/replies/letter-context.js';
import { confirmationPageTexts } from '../../../src/verification/verification-view.js';
import { MailTemplates } from '../../../src/replies/renderer.js';

const templates = MailTemplates.load();
const g = (country: 'NL' | 'BE' | null, documentType?: (typeof DOCUMENT_TYPES)[number]) =>
  redactionGuidance({ country, documentType, reference: 'AVG-2026-000123', tone: 'u', recipient: 'Voorbeeld Software B.V.' });

describe('redaction guidance', () => {
  it.each(DOCUMENT_TYPES)('%s: photo, document number and signature out; name, date of birth and validity visible', (type) => {
    const guidance = g('NL', type);
    const all = guidance.blackOut.join(' | ');
    expect(all).toContain('pasfoto');
    expect(all).toMatch(/documentnummer/);
    expect(all).toContain('handtekening');
    expect(guidance.keepVisible.join(' ')).toMatch(/naam.*geboortedatum.*geldigheid/);
    // The marking names the recipient, the purpose and the date.
    expect(guidance.marking).toBe('KOPIE voor Voorbeeld Software B.V., identiteitscontrole verzoek AVG-2026-000123, <datum>');
  });

  it('NL passport and identity card: the BSN, also in the machine-readable zone, and the zone itself; KopieID', () => {
    for (const type of ['passport', 'dutch-identity-card'] as const) {
      const guidance = g('NL', type);
      expect(guidance.blackOut).toContain('het burgerservicenummer (BSN), ook in de strook met tekens onderaan');
      expect(guidance.blackOut.join(' ')).toContain('machineleesbare zone');
      expect(guidance.kopieIdApp).toBe(true);
      expect(guidance.markingAdvice).toContain('KopieID');
      expect(guidance.belgianEidAdvice).toBeNull();
    }
  });

  it('NL driving licence: the BSN, no machine-readable zone', () => {
    const guidance = g('NL', 'driving-licence');
    expect(guidance.blackOut).toContain('het burgerservicenummer (BSN)');
    expect(guidance.blackOut.join(' ')).not.toContain('machineleesbare zone');
  });

  it('Belgian eID: the national register number and the card number; advised not to send a copy unless asked with a reason; no KopieID', () => {
    const guidance = g('BE', 'belgian-eid');
    const all = guidance.blackOut.join(' ');
    expect(all).toContain('rijksregisternummer');
    expect(all).toContain('kaartnummer');
    expect(all).not.toContain('BSN');
    expect(guidance.kopieIdApp).toBe(false);
    expect(guidance.markingAdvice).not.toContain('KopieID');
    expect(guidance.belgianEidAdvice).toMatch(/Stuur geen kopie van uw eID, tenzij wij daar uitdrukkelijk en met een reden om vragen/);
    // A Belgian eID sent to a Dutch processor is still a Belgian card.
    expect(g('NL', 'belgian-eid').blackOut.join(' ')).toContain('rijksregisternummer');
  });

  it('without a document type: the requester\'s country decides (BSN in NL, national register number in BE), both when unknown', () => {
    expect(g('NL').blackOut.join(' ')).toContain('BSN');
    expect(g('NL').blackOut.join(' ')).not.toContain('rijksregisternummer');
    expect(g('BE').blackOut.join(' ')).toContain('rijksregisternummer');
    expect(g('BE').blackOut.join(' ')).not.toContain('BSN');
    expect(g('BE').belgianEidAdvice).not.toBeNull();
    const both = g(null);
    expect(both.blackOut).toContain('op een Nederlands document het burgerservicenummer (BSN), ook in de strook met tekens onderaan');
    expect(both.blackOut).toContain('op een Belgisch document het rijksregisternummer, ook in de strook met tekens onderaan');
    expect(both.belgianEidAdvice).not.toBeNull();
    expect(both.markingAdvice).toContain('Voor een Nederlands document doet de app KopieID');
    expect(both.lawNotes.join(' ')).toMatch(/art\. 46 Uitvoeringswet AVG.*wet van 8 augustus 1983/);
  });

  it('identity cards: the front only (the machine-readable zone, and the Dutch BSN, are on the back)', () => {
    expect(g('NL', 'dutch-identity-card').frontOnly).toBe('Stuur van een identiteitskaart alleen de voorkant: op de achterkant staan het BSN en de strook met tekens.');
    expect(g('NL', 'belgian-eid').frontOnly).toBe('Stuur van een identiteitskaart alleen de voorkant: op de achterkant staat de strook met tekens.');
    expect(g(null).frontOnly).toContain('op een Nederlandse kaart, het BSN');
    expect(g('NL', 'passport').frontOnly).toBeNull();
    expect(g('NL', 'driving-licence').frontOnly).toBeNull();
  });

  it('the law note of the document\'s country: the BSN (art 46 UAVG), the rijksregisternummer (law of 8 August 1983)', () => {
    expect(g('NL', 'passport').lawNotes).toEqual([expect.stringContaining('art. 46 Uitvoeringswet AVG')]);
    expect(g('NL', 'belgian-eid').lawNotes).toEqual([expect.stringContaining('wet van 8 augustus 1983')]);
  });

  it('a Belgian requester at a Dutch processor is told about the rijksregisternummer, not the BSN (issue 20, point 9)', () => {
    const base = { reference: 'AVG-2026-000777', requesterName: 'Jan', requesterEmail: 'jan@example.be', requesterCustomerRef: null, rights: ['access' as const], snapshot: { context: { infoRequest: { reason: 'Onbekend adres.', forIdentification: true, at: '2026-04-20T10:00:00' } } } };
    const deadlines = { receivedDate: '2026-04-20', respondBy: '2026-05-20', extendedRespondBy: '2026-07-20', effectiveRespondBy: '2026-05-20', dueDate: '2026-05-20' };
    const settings = { tone: 'u' as const, processor: { name: 'Voorbeeld Software B.V.', email: 'privacy@example.nl', country: 'NL' as const } };
    const be = templates.render('identification-request', letterContext('identification-request', { ...base, requesterCountry: 'BE' }, deadlines, {}, settings)).text;
    expect(be).toContain('rijksregisternummer');
    expect(be).not.toContain('burgerservicenummer');
    const unknown = templates.render('identification-request', letterContext('identification-request', { ...base, requesterCountry: null }, deadlines, {}, settings)).text;
    expect(unknown).toContain('burgerservicenummer');
    expect(unknown).toContain('rijksregisternummer');
    // Another country than NL or BE: both, like unknown.
    const de = templates.render('identification-request', letterContext('identification-request', { ...base, requesterCountry: 'DE' }, deadlines, {}, settings)).text;
    expect(de).toContain('rijksregisternummer');
    expect(de).toContain('burgerservicenummer');
  });

  it('the identification letter tells a representative how to show authority', () => {
    const { text } = templates.render('identification-request', sampleContext('identification-request', 'je'));
    expect(text).toContain('advocaat, ouder, voogd, bewindvoerder of curator');
    expect(text).toContain('Als je dit verzoek voor iemand anders doet');
    expect(text).toContain('stuur dan ook een bewijs dat je dat mag');
  });

  it('the identification mail carries the guidance of the document asked for', () => {
    const context = letterContext(
      'identification-request',
      { reference: 'AVG-2026-000777', requesterName: 'Jan', requesterEmail: 'jan@example.nl', requesterCustomerRef: null, requesterCountry: 'NL', rights: ['access'], snapshot: { context: { infoRequest: { reason: 'Onbekend adres.', forIdentification: true, at: '2026-04-20T10:00:00' } } } },
      { receivedDate: '2026-04-20', respondBy: '2026-05-20', extendedRespondBy: '2026-07-20', effectiveRespondBy: '2026-05-20', dueDate: '2026-05-20' },
      { documentType: 'passport' },
      { tone: 'je', processor: { name: 'Voorbeeld', email: 'privacy@example.nl', country: 'NL' } },
    );
    const mail = templates.render('identification-request', context);
    expect(mail.text).toContain('Maak op de kopie van je paspoort onleesbaar:');
    expect(mail.text).toContain('- het burgerservicenummer (BSN), ook in de strook met tekens onderaan;');
    expect(mail.text).toContain('KOPIE voor Voorbeeld, identiteitscontrole verzoek AVG-2026-000777, <datum>');
    expect(mail.html).toContain('KOPIE voor Voorbeeld, identiteitscontrole verzoek AVG-2026-000777, &lt;datum&gt;');
    expect(mail.text).toContain('De app KopieID van de Rijksoverheid doet dit voor jou.');
    expect(mail.text).toContain('je handtekening');
  });

  it('the forwarding mail says the controller verifies for itself and that ID copies are never forwarded', () => {
    const mail = templates.render('forwarding', sampleContext('forwarding', 'u'));
    expect(mail.text).toContain('Controleer zelf de identiteit van de verzoeker');
    expect(mail.text).toContain('Wij sturen nooit identiteitsbewijzen door.');
  });

  it('the e-mail confirmation letter carries the link and says opening alone confirms nothing', () => {
    const mail = templates.render('email-confirmation', sampleContext('email-confirmation', 'u'));
    expect(mail.text).toContain('/v/voorbeeld-token-7c2e9b');
    expect(mail.text).toContain('Alleen openen bevestigt nog niets');
    expect(mail.text).toContain('dinsdag 5 mei 2026');
  });
});

describe('the requester\'s confirmation page (/v/:token)', () => {
  it('speaks in the tone of the letters: u, or je without a single u/uw', () => {
    const u = confirmationPageTexts('u', 'Voorbeeld Software B.V.', 'AVG-2026-000123');
    expect(u.confirmed).toBe('Dank u wel. U hebt bevestigd dat dit verzoek van u komt. Wij behandelen het verder en laten van ons horen.');
    expect(u.ask).toMatch(/^Hebt u dit verzoek zelf gedaan\?/);
    const je = confirmationPageTexts('je', 'Voorbeeld Software B.V.', 'AVG-2026-000123');
    expect(je.confirmed).toBe('Dank je wel. Je hebt bevestigd dat dit verzoek van jou komt. Wij behandelen het verder en laten van ons horen.');
    expect(je.heading).toBe('Bevestig je AVG-verzoek (AVG-2026-000123)');
    for (const text of Object.values(je)) expect(text).not.toMatch(/\b(u|uw|U|Uw)\b/);
    for (const text of Object.values(u)) expect(text).not.toMatch(/\b(je|jou|jouw|Je)\b/);
  });
});
