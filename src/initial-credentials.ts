import { Injectable, Inject } from '@nestjs/common';
import { closeSync, openSync, renameSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AgentsService } from './agents/agents.service.js';
import { ApiKeysService } from './api/api-keys.service.js';
import { API_SCOPES } from './common/auth.decorators.js';
import { randomToken } from './common/crypto.js';
import { APP_CONFIG, type ResolvedConfig } from './config/config.module.js';

export interface InitialCredentials {
  agent: { username: string; password: string };
  apiKey: string;
}

export const CREDENTIALS_FILE = 'initial-credentials.json';

/**
 * On an empty database: an admin agent with a random password and a bootstrap API key with all
 * scopes, written to DATA_DIR/initial-credentials.json (mode 0600). The file is written inside
 * the transaction that stores them, so a failed write stores nothing. Later starts do nothing.
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
      await this.agents.create({ username: 'admin', displayName: 'Beheerder', password, role: 'admin' }, q);
      const { key } = await this.apiKeys.create('bootstrap', API_SCOPES, q);
      const credentials: InitialCredentials = { agent: { username: 'admin', password }, apiKey: key };
      return this.writeFile(credentials);
    });
  }

  private writeFile(credentials: InitialCredentials): string {
    mkdirSync(this.config.dataDir, { recursive: true });
    const path = join(this.config.dataDir, CREDENTIALS_FILE);
    const tmp = `${path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(credentials, null, 2) + '\n');
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, path);
    } catch (err) {
      unlinkSync(tmp);
      throw err;
    }
    return path;
  }
}
