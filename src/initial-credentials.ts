import { Injectable, Inject } from '@nestjs/common';
import { closeSync, existsSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { AgentsService } from './agents/agents.service.js';
import { ApiKeysService } from './api/api-keys.service.js';
import { API_SCOPES } from './common/auth.decorators.js';
import { randomToken } from './common/crypto.js';
import { APP_CONFIG, type ResolvedConfig } from './config/config.module.js';

export interface InitialCredentials {
  /**
   * `password` is temporary (`mustChangePassword`): the first login asks for a new one, after which
   * the file is rewritten with `password: null` (markInitialPasswordUsed).
   */
  agent: { username: string; password: string; mustChangePassword?: boolean; note?: string };
  apiKey: string;
}

export const CREDENTIALS_FILE = 'initial-credentials.json';

/** The credentials file as the login page names it: relative to the working folder when inside it (`data/…`), else absolute. */
export function credentialsFileShown(dataDir: string, cwd = process.cwd()): string {
  const path = join(dataDir, CREDENTIALS_FILE);
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const NOTE_NEW = 'Tijdelijk wachtwoord: bij de eerste keer inloggen kiest u een nieuw wachtwoord; daarna geldt dit wachtwoord niet meer.';
const NOTE_USED = 'Het tijdelijke wachtwoord is bij de eerste keer inloggen gewijzigd en geldt niet meer.';

/**
 * After the initial admin chose their own password: the credentials file no longer holds the
 * temporary one, and says so. Does nothing when the file is absent or is about another name.
 */
export function markInitialPasswordUsed(dataDir: string, username: string, at: Date): void {
  const path = join(dataDir, CREDENTIALS_FILE);
  if (!existsSync(path)) return;
  const current = JSON.parse(readFileSync(path, 'utf8')) as { agent?: { username?: string; password?: string | null } };
  if (current.agent?.username !== username || current.agent.password === null) return;
  const used = { ...current, agent: { username, password: null, passwordChangedAt: at.toISOString(), note: NOTE_USED } };
  writeAtomically(path, used);
}

function writeAtomically(path: string, content: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(content, null, 2) + '\n');
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

/**
 * On an empty database: an admin agent with a random password and a bootstrap API key with all
 * scopes, written to DATA_DIR/initial-credentials.json (mode 0600). The file is written inside
 * the transaction that stores them, so a failed write stores nothing. Later starts do nothing.
 * The admin password is temporary: the first login asks for a new one.
 */
@Injectable()
export class InitialCredentialsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly db: DataSource,
    private readonly agents: AgentsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async ensure(): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      const q = { query: (sql: string, params?: unknown[]) => tx.query(sql, params) };
      await tx.query(`LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE`);
      if ((await this.agents.count(q)) > 0) return undefined;
      const password = randomToken(18);
      await this.agents.create({ username: 'admin', displayName: 'Beheerder', password, role: 'admin', temporary: true }, q);
      const { key } = await this.apiKeys.create('bootstrap', API_SCOPES, q);
      const credentials: InitialCredentials = { agent: { username: 'admin', password, mustChangePassword: true, note: NOTE_NEW }, apiKey: key };
      return this.writeFile(credentials);
    });
  }

  private writeFile(credentials: InitialCredentials): string {
    mkdirSync(this.config.dataDir, { recursive: true });
    const path = join(this.config.dataDir, CREDENTIALS_FILE);
    writeAtomically(path, credentials);
    return path;
  }
}
