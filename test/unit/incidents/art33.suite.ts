/** The pure pieces of the art 33 notices: the 72-hour clock, the incident lifecycles, the letters in both tones. */
import { authorityClock, authorityClockText } from '../../../src/incidents/authority-clock.js';
import { breachDataCategories, breachNoticeData } from '../../../src/incidents/breach-notice.js';
import { applyAssessmentEvent, applyDeletionEvent, deletionTakes, INCIDENT_ACTIONS_CARRIED_OUT, incidentAssessmentMachine, incidentDeletionMachine } from '../../../src/incidents/incident.machine.js';
import { FlatTransitionError } from '../../../src/common/flat-machine.js';
import { MailTemplates } from '../../../src/replies/renderer.js';
import { sampleContext } from '../../../src/replies/catalogue.js';

describe('the 72-hour clock of art 33(1)', () => {
  const discovered = new Date('2026-05-04T08:30:00Z'); // Monday 10:30 in Amsterdam

  it('is due 72 hours after discovery, counts down in minutes, and is overdue after', () => {
    const c = authorityClock(discovered, new Date('2026-05-05T09:30:00Z'));
    expect(c.dueAt).toBe('2026-05-07T08:30:00.000Z');
    expect(c.minutesLeft).toBe(47 * 60);
    expect(c.overdue).toBe(false);
    expect(authorityClockText(c, 'NL')).toBe('Melden uiterlijk donderdag 7 mei 2026 om 10:30: nog 47 uur.');
    const late = authorityClock(discovered, new Date('2026-05-07T11:30:00Z'));
    expect(late.overdue).toBe(true);
    expect(late.minutesLeft).toBe(-180);
    expect(authorityClockText(late, 'NL')).toBe('Termijn verstreken: uiterlijk donderdag 7 mei 2026 om 10:30, 3 uur geleden.');
    expect(authorityClockText(authorityClock(discovered, new Date('2026-05-07T08:10:00Z')), 'NL')).toContain('nog 20 minuten');
  });

  it('stops at the notification, and says whether it was in time; weekends do not stretch it', () => {
    const inTime = authorityClock(discovered, new Date('2026-05-20T00:00:00Z'), new Date('2026-05-06T12:00:00Z'));
    expect(inTime).toMatchObject({ minutesLeft: null, overdue: false, notifiedAt: '2026-05-06T12:00:00.000Z' });
    expect(authorityClockText(inTime, 'NL')).toBe('Gemeld op woensdag 6 mei 2026 om 14:00, binnen 72 uur (uiterlijk donderdag 7 mei 2026 om 10:30).');
    const lateNotified = authorityClock(discovered, new Date('2026-05-20T00:00:00Z'), new Date('2026-05-07T09:00:00Z'));
    expect(lateNotified.overdue).toBe(true);
    expect(authorityClockText(lateNotified, 'NL')).toContain('na de termijn van 72 uur');
    // Found on a Friday afternoon: due on Monday afternoon, not after the weekend's working days.
    expect(authorityClock(new Date('2026-05-08T14:00:00Z'), new Date('2026-05-08T14:00:00Z')).dueAt).toBe('2026-05-11T14:00:00.000Z');
  });
});

describe('incident lifecycles', () => {
  it('the assessment: once, with the branch deciding what is carried out', () => {
    expect(applyAssessmentEvent('open', { type: 'ASSESS', notifiable: true, processorIsController: false }).actions.map((a) => a.type)).toEqual(['recordAssessment', 'sendBreachNotice']);
    expect(applyAssessmentEvent('open', { type: 'ASSESS', notifiable: true, processorIsController: true }).actions.map((a) => a.type)).toEqual([
      'recordAssessment',
      'recordAuthorityNotification',
    ]);
    expect(applyAssessmentEvent('open', { type: 'ASSESS', notifiable: false, processorIsController: true }).actions.map((a) => a.type)).toEqual(['recordAssessment']);
    expect(() => applyAssessmentEvent('assessed', { type: 'ASSESS', notifiable: false, processorIsController: false })).toThrow(FlatTransitionError);
  });

  it('the deletion request: asked, then confirmed once; never confirmed without being asked', () => {
    expect(applyDeletionEvent('none', { type: 'REQUEST_DELETION' })).toMatchObject({ state: 'requested', actions: [{ type: 'sendDeletionRequest' }] });
    expect(applyDeletionEvent('requested', { type: 'CONFIRM_DELETION' })).toMatchObject({ state: 'confirmed', actions: [{ type: 'recordDeletionConfirmed' }] });
    expect(deletionTakes('confirmed', 'CONFIRM_DELETION')).toBe(false);
    expect(deletionTakes('none', 'CONFIRM_DELETION')).toBe(false);
    expect(deletionTakes('requested', 'REQUEST_DELETION')).toBe(false);
  });

  it('every named action is carried out by some statement', () => {
    const carried = new Set<string>(Object.values(INCIDENT_ACTIONS_CARRIED_OUT).flat());
    const declared = [incidentAssessmentMachine, incidentDeletionMachine].flatMap((m) => Object.keys(m.implementations.actions));
    expect(declared.sort()).toEqual([...carried].sort());
  });
});

describe('the breach notice (art 33(3))', () => {
  const templates = MailTemplates.load();
  const facts = {
    wrongRecipientName: 'Kapsalon Knip B.V.',
    forwardedAt: new Date('2026-04-29T07:12:00Z'),
    reportedAt: new Date('2026-04-30T12:05:00Z'),
    linkRevokedAt: new Date('2026-04-30T12:05:00Z'),
    exposure: { linkOpened: true, detailsViewed: true, documentsDownloaded: false },
    disclosed: { name: true, email: true, phone: false, address: false, customerRef: true, message: true },
    deletionRequestedAt: new Date('2026-04-30T12:05:00Z'),
    deletionConfirmedAt: new Date('2026-05-01T08:00:00Z'),
  };

  it('names the categories, never the content', () => {
    expect(breachDataCategories({ name: false, email: true, phone: true, address: false, customerRef: false, message: false })).toEqual([
      'e-mailadres',
      'telefoonnummer',
      'welke rechten de betrokkene inroept',
    ]);
  });

  it('holds what happened, when (local date and time), which data, to whom, the measures and a contact, in the controller\'s tone', () => {
    for (const tone of ['u', 'je'] as const) {
      const data = breachNoticeData('i1', facts, { name: 'Bakkerij De Korenbloem B.V.', country: 'BE', contactName: null, tone });
      expect(data).toMatchObject({ forwardedOn: '2026-04-29', forwardedTime: '09:12', reportedTime: '14:05', deletionConfirmedOn: '2026-05-01', tone });
      const { sampleProcessor } = { sampleProcessor: sampleContext('breach-notice', tone).processor };
      const mail = templates.render('breach-notice', { ...sampleContext('breach-notice', tone), ...data, processor: sampleProcessor });
      expect(mail.text).toContain('per vergissing doorgestuurd naar Kapsalon Knip B.V., een andere organisatie');
      expect(mail.text).toContain('Doorgestuurd: woensdag 29 april 2026 om 09:12');
      expect(mail.text).toContain('Ontdekt: donderdag 30 april 2026 om 14:05');
      expect(mail.text).toContain('naam, e-mailadres, klantnummer, de tekst van het verzoek en welke rechten de betrokkene inroept');
      expect(mail.text).toContain('De gegevens van de betrokkene achter de link zijn bekeken.');
      expect(mail.text).toContain('heeft op vrijdag 1 mei 2026 bevestigd dat de gegevens zijn verwijderd');
      expect(mail.text).not.toContain('nog niet ontvangen');
      // A Belgian controller is pointed to its own authority.
      expect(mail.text).toContain('Gegevensbeschermingsautoriteit');
      expect(mail.text).toContain('privacy@voorbeeld-software.example');
      expect(mail.text).not.toMatch(/\.\./);
      if (tone === 'je') {
        expect(mail.text).toContain('Je beslist dus zelf of je dit datalek meldt');
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\b(u|uw|U|Uw)\b/);
      } else {
        expect(mail.text).toContain('U beslist dus zelf of u dit datalek meldt');
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\b(je|jij|jou|jouw|Je)\b/);
      }
    }
  });

  it('the deletion request asks to delete and confirm, with the link and its last day, in both tones', () => {
    const u = templates.render('deletion-request', sampleContext('deletion-request', 'u'));
    expect(u.subject).toBe('Per vergissing aan u gestuurd: wilt u ons bericht AVG-2026-000123 verwijderen?');
    expect(u.text).toContain('Verwijder onze e-mail van woensdag 29 april 2026');
    expect(u.text).toContain('Bevestig via de link hieronder dat u dit heeft gedaan.');
    expect(u.text).toContain('http://localhost:3000/d/voorbeeld-token-5b8d2e');
    expect(u.text).toContain('Hij werkt tot en met zaterdag 30 mei 2026.');
    const je = templates.render('deletion-request', sampleContext('deletion-request', 'je'));
    expect(je.subject).toBe('Per vergissing aan jou gestuurd: wil je ons bericht AVG-2026-000123 verwijderen?');
    expect(je.text).toContain('Bevestig via de link hieronder dat je dit hebt gedaan.');
    expect(`${je.subject}\n${je.text}`).not.toMatch(/\b(u|uw|U|Uw)\b/);
  });
});
