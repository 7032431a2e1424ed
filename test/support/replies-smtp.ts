/** A real SMTP server on a loopback port (smtp-server) that keeps what it receives, parsed by mailparser. */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from './app.js';
import { freePort } from './process.js';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** While set, every MAIL FROM is answered with this code (e.g. 421: service not available, try later). */
  refuseWith?: number;
  /** How many MAIL FROM commands were refused. */
  refused: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Waits until at least n mails arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

export async function createTestSmtp(port?: number): Promise<TestSmtp> {
  const chosen = port ?? (await freePort());
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  const smtp: TestSmtp = {
    port: chosen,
    url: `smtp://127.0.0.1:${chosen}`,
    received,
    refused: 0,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onMailFrom(_address, _session, callback) {
          if (smtp.refuseWith === undefined) return callback();
          smtp.refused++;
          callback(Object.assign(new Error('Service not available, try again later'), { responseCode: smtp.refuseWith }));
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            simpleParser(raw)
              .then((parsed) => {
                received.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
                callback();
              })
              .catch(callback);
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(chosen, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async waitFor(n, timeoutMs = 8000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mail(s) within ${timeoutMs} ms, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
  };
  return smtp;
}

export interface MessageRow {
  id: string;
  template: string;
  status: string;
  attempts: number;
  message_id: string;
  subject: string | null;
  last_error: string | null;
}

export async function messagesOf(t: TestApp, requestId?: string): Promise<MessageRow[]> {
  return t.service.app
    .get(DataSource)
    .query(
      `SELECT id, template, status, attempts, message_id, subject, last_error FROM messages ${requestId ? 'WHERE request_id = $1' : ''} ORDER BY created_at`,
      requestId ? [requestId] : [],
    );
}

export async function file(t: TestApp, body = requestBody()): Promise<{ id: string; reference: string }> {
  const res = await t.api('/api/v1/requests', { method: 'POST', json: body });
  if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
  return (await res.json()) as { id: string; reference: string };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}


/** The first mail to `address` (with `subjectPart` in its subject, when given), once it has arrived. */
export async function firstMailTo(smtp: TestSmtp, address: string, subjectPart?: string): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await waitUntil(() => {
    found = smtp.received.find((m) => m.envelopeTo.includes(address) && (!subjectPart || (m.parsed.subject ?? '').includes(subjectPart)));
    return Boolean(found);
  }, 10_000);
  return found!;
}

/** The token of the controller's personal link (`/c/<token>`) in a mail. */
export function controllerTokenIn(mail: ReceivedMail): string {
  const m = /\/c\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
  if (!m) throw new Error('no link in the mail');
  return m[1];
}

/**
 * A test file's service with its own SMTP server: both started before the file's tests (the
 * service sending to that server, with `env` besides) and stopped after them.
 */
export function useAppWithSmtp(env: Record<string, string>, ready: (app: TestApp, smtp: TestSmtp) => void): void {
  let app: TestApp | undefined;
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    const server = await createTestSmtp();
    smtp = server;
    await server.start();
    app = await startTestApp({ env: { SMTP_URL: server.url, ...env } });
    ready(app, server);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });
}
