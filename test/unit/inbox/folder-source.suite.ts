import { isMailFile, permanentReason, unreadableNote } from '../../../src/inbox/folder-source.js';
import { imapSettings, unreadableImapNote } from '../../../src/inbox/imap-source.js';
import { simpleParser } from 'mailparser';
import { UnreadableMail } from '../../../src/inbox/mail-reader.js';
import { requestMessage, requesterName } from '../../../src/inbox/inbox.service.js';
import { ValidationProblem } from '../../../src/common/problem.js';

describe('folder source rules', () => {
  it('reads *.eml files only, never hidden ones (a file being written under a temporary name)', () => {
    expect(isMailFile('verzoek.eml')).toBe(true);
    expect(isMailFile('VERZOEK.EML')).toBe(true);
    expect(isMailFile('.verzoek.eml')).toBe(false);
    expect(isMailFile('verzoek.eml.tmp')).toBe(false);
    expect(isMailFile('notitie.txt')).toBe(false);
  });

  it('sends a mail that cannot be read, or cannot become a request, to onleesbaar; a passing failure is retried', () => {
    expect(permanentReason(new UnreadableMail('Het bestand is leeg.'))).toBe('Het bestand is leeg.');
    expect(permanentReason(new ValidationProblem([{ pointer: '/requester/email', detail: 'Invalid email address' }]))).toMatch(
      /^Er kon geen verzoek van worden gemaakt \(\/requester\/email: Invalid email address\)/,
    );
    expect(permanentReason(new Error('connection terminated'))).toBeUndefined();
  });

  it('writes a Dutch note saying why and what to do', () => {
    const note = unreadableNote('mail-1.eml', 'De e-mail is te groot.', new Date('2026-03-02T10:00:00Z'));
    expect(note).toContain('Deze e-mail (mail-1.eml) is niet verwerkt.');
    expect(note).toContain('Reden: De e-mail is te groot.');
    expect(note).toContain('Nieuw verzoek');
  });
});

describe('the note beside an unreadable IMAP message', () => {
  it('is a Dutch mail naming the original (subject, Message-ID) and the reason, threaded to it, never taken in itself', async () => {
    const raw = await unreadableImapNote({ subject: 'Verzoek tot inzage', messageId: '<abc@example.nl>', from: 'jan@example.nl' }, 'De e-mail is te groot.', new Date('2026-03-02T10:00:00Z'));
    const note = await simpleParser(raw);
    expect(note.subject).toBe('Niet verwerkt: Verzoek tot inzage');
    expect(note.inReplyTo).toBe('<abc@example.nl>');
    expect(note.headers.get('auto-submitted')).toBe('auto-generated');
    expect(note.text).toContain('De e-mail "Verzoek tot inzage" van jan@example.nl (Message-ID <abc@example.nl>) is niet verwerkt.');
    expect(note.text).toContain('Reden: De e-mail is te groot.');
    expect(note.text).toContain('Nieuw verzoek');
  });

  it('says so when the original has no subject or Message-ID', async () => {
    const note = await simpleParser(await unreadableImapNote({}, 'De e-mail heeft geen kopregels.', new Date('2026-03-02T10:00:00Z')));
    expect(note.subject).toBe('Niet verwerkt: (zonder onderwerp)');
    expect(note.inReplyTo).toBeUndefined();
    expect(note.text).toContain('De e-mail "(zonder onderwerp)" (zonder Message-ID) is niet verwerkt.');
  });
});

describe('a mail as a request', () => {
  it('takes the name from From, else the address', () => {
    expect(requesterName('"Jan Jansen"', 'jan@example.nl')).toBe('Jan Jansen');
    expect(requesterName('', 'jan.jansen@example.nl')).toBe('jan.jansen');
  });

  it('puts subject and text in the message, cut to 20,000 characters with a note', () => {
    expect(requestMessage('Inzage', 'Graag inzage.')).toBe('Onderwerp: Inzage\n\nGraag inzage.');
    expect(requestMessage('', '')).toBe('(De e-mail bevat geen tekst.)');
    const long = requestMessage('X', 'a'.repeat(30_000));
    expect(long.length).toBe(20_000);
    expect(long).toMatch(/ingekort; de volledige tekst staat bij de e-mail/);
  });
});

describe('IMAP_URL', () => {
  it('gives host, port, TLS, user, password and mailbox (URL-decoded)', () => {
    expect(imapSettings('imaps://privacy%40verwerker.nl:ge%3Aheim@imap.example.nl:993/INBOX')).toEqual({
      host: 'imap.example.nl',
      port: 993,
      secure: true,
      user: 'privacy@verwerker.nl',
      password: 'ge:heim',
      mailbox: 'INBOX',
    });
    expect(imapSettings('imap://u:p@localhost/Privacy%20Verzoeken')).toMatchObject({ port: 143, secure: false, mailbox: 'Privacy Verzoeken' });
    expect(imapSettings('imaps://u:p@host').mailbox).toBe('INBOX');
  });
});
