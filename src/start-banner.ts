/**
 * What `npm start` prints once the service is ready: a few lines that tell a newcomer where to go
 * (workspace, API docs, admin login), where mail goes and comes from, and which database is in
 * use; and a start error as one line naming the setting. No passwords: URLs show host, port and
 * database only.
 */
import { join } from 'node:path';
import { OPENAPI_DOCS_PATH } from './api/openapi/openapi.js';
import { describeError } from './common/error-text.js';
import { CREDENTIALS_FILE } from './initial-credentials.js';

export interface BannerFacts {
  /** Where a browser reaches the service, e.g. http://localhost:3000 */
  baseUrl: string;
  dataDir: string;
  /** Unset: the embedded database in DATA_DIR/pgdata. */
  databaseUrl?: string;
  smtpUrl?: string;
  /** Unset: mail is read from the folder DATA_DIR/inbox. */
  imapUrl?: string;
  outboxWorker: boolean;
  /** Set on the first start of an empty database: the file that holds the admin login and API key. */
  credentialsFile?: string;
  /** Whether DATA_DIR still has the credentials file of the first start (later starts). */
  credentialsFileExists: boolean;
  /** Fictional requests the demo data loaded at this start (0 or unset: none, no line). */
  demoRequests?: number;
}

/** host[:port] of a URL without user or password; the text itself when it is no URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return '(invalid URL)';
  }
}

/** host:port/database of a PostgreSQL URL, without user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    return `${socket ?? u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** At most 10 lines. */
export function startBanner(f: BannerFacts): string {
  const credentials = join(f.dataDir, CREDENTIALS_FILE);
  const login = f.credentialsFile
    ? `user "admin", password in ${f.credentialsFile} (temporary: the first login asks for a new one)`
    : `unchanged${f.credentialsFileExists ? ` (the first start's login and API key: ${credentials})` : ''}`;
  const mail = !f.outboxWorker
    ? 'sent by another node (OUTBOX_WORKER=false)'
    : f.smtpUrl
      ? `SMTP ${hostOf(f.smtpUrl)}`
      : `not sent: each letter is an .eml file in ${join(f.dataDir, 'outbox')} (set SMTP_URL to send)`;
  const inbox = f.imapUrl ? `IMAP ${hostOf(f.imapUrl)}` : `.eml files dropped in ${join(f.dataDir, 'inbox')}`;
  const database = f.databaseUrl ? `PostgreSQL ${describeDatabaseUrl(f.databaseUrl)}` : `embedded, in ${join(f.dataDir, 'pgdata')} (set DATABASE_URL for a PostgreSQL server)`;
  return [
    `Verzoekrouter is ready.`,
    `  Workspace:   ${f.baseUrl}/ui`,
    `  Admin login: ${login}`,
    `  API docs:    ${f.baseUrl}${OPENAPI_DOCS_PATH}`,
    `  Mail out:    ${mail}`,
    `  Mail in:     ${inbox}`,
    `  Database:    ${database}`,
    ...(f.demoRequests ? [`  Demo data:   ${f.demoRequests} fictional requests loaded (DEMO_DATA=false starts empty)`] : []),
    `  Stop with Ctrl+C. Details: LOG_LEVEL=debug; settings: docs/configuration.md`,
    '',
  ].join('\n');
}

/**
 * A failed start as one line that names the setting to look at: the database (DATABASE_URL or
 * DATA_DIR), the port (PORT/HOST), DATA_DIR's permissions; anything else with its code and message.
 */
export function describeStartError(err: unknown, f: { port: number; host: string; dataDir: string; databaseUrl?: string }): string {
  const e = err as { code?: string; syscall?: string; path?: string } | null;
  const code = e?.code;
  const text = describeError(err).replace(/\s+/g, ' ');
  if (code === 'EADDRINUSE') return `Start failed: PORT ${f.port} on HOST ${f.host} is in use by another program; set PORT to a free port (0: any).`;
  if (code === 'EADDRNOTAVAIL') return `Start failed: HOST ${f.host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0).`;
  if ((code === 'EACCES' || code === 'EPERM' || code === 'EROFS') && e?.path?.startsWith(f.dataDir)) {
    return `Start failed: DATA_DIR ${f.dataDir} is not writable (${code} on ${e.path}); set DATA_DIR to a folder this user may write.`;
  }
  if (code === 'EACCES' && e?.syscall === 'listen') return `Start failed: PORT ${f.port} needs privileges; set PORT to 1024 or above.`;
  if (f.databaseUrl) {
    const where = describeDatabaseUrl(f.databaseUrl);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
      return `Start failed: no PostgreSQL answers at DATABASE_URL (${where}): ${text}. Start it, or unset DATABASE_URL for the embedded database.`;
    }
    if (code === '28P01' || code === '28000') return `Start failed: DATABASE_URL (${where}) was refused: ${text}. Check its user and password.`;
    if (code === '3D000') return `Start failed: the database in DATABASE_URL (${where}) does not exist: create it (createdb) or name another.`;
  }
  return `Start failed: ${text} (LOG_LEVEL=debug shows the stack)`;
}
