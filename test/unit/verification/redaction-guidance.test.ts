/** Redaction guidance per document type and country: one source for the mail and the agent UI. */
import { sampleContext } from '../../../src/replies/catalogue.js';
import { DOCUMENT_TYPES, redactionGuidance } from '../../../src/replies/id-guidance.js';
import { letterContext } from '../../../src/replies/letter-context.js';
import { MailTemplates } from '../../../src/replies/renderer.js';

const templates = MailTemplates.load();
const g = (country: 'NL' | 'BE', documentType?: (typeof DOCUMENT_TYPES)[number]) =>
  redactionGuidance({ country, documentType, reference: 'AVG-2026-000123', tone: 'u' });

describe('redaction guidance', () => {
  it.each(DOCUMENT_TYPES)('%s: photo, document number and signature out; name, date of birth and validity visible', (type) => {
    const guidance = g('NL', type);
    const all = guidance.blackOut.join(' | ');
    expect(all).toContain('pasfoto');
    expect(all).toMatch(/documentnummer/);
    expect(all).toContain('handtekening');
    expect(guidance.keepVisible.join(' ')).toMatch(/naam.*geboortedatum.*geldigheid/);
    expect(guidance.marking).toBe('KOPIE — AVG-verzoek AVG-2026-000123 — <datum>');
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

  it('without a document type: the country decides (BSN in NL, national register number in BE)', () => {
    expect(g('NL').blackOut.join(' ')).toContain('BSN');
    expect(g('BE').blackOut.join(' ')).toContain('rijksregisternummer');
    expect(g('BE').belgianEidAdvice).not.toBeNull();
  });

  it('the identification mail carries the guidance of the document asked for', () => {
    const context = letterContext(
      'identification-request',
      { reference: 'AVG-2026-000777', requesterName: 'Jan', requesterEmail: 'jan@example.nl', requesterCustomerRef: null, rights: ['access'], snapshot: { context: { infoRequest: { reason: 'Onbekend adres.', forIdentification: true, at: '2026-04-20T10:00:00' } } } },
      { receivedDate: '2026-04-20', respondBy: '2026-05-20', extendedRespondBy: '2026-07-20', effectiveRespondBy: '2026-05-20', dueDate: '2026-05-20' },
      { documentType: 'passport' },
      { tone: 'je', processor: { name: 'Voorbeeld', email: 'privacy@example.nl', country: 'NL' } },
    );
    const mail = templates.render('identification-request', context);
    expect(mail.text).toContain('Maak op de kopie van je paspoort onleesbaar:');
    expect(mail.text).toContain('- het burgerservicenummer (BSN), ook in de strook met tekens onderaan;');
    expect(mail.text).toContain('KOPIE — AVG-verzoek AVG-2026-000777 — <datum>');
    expect(mail.html).toContain('KOPIE — AVG-verzoek AVG-2026-000777 — &lt;datum&gt;');
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
