import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { randomToken, sha256Hex } from '../common/crypto.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';
import type { ApiClient } from '../http/api-request.js';

export type { ApiClient };

export interface ApiKeyRow {
  id: string;
  clientName: string;
  keyPrefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Queryable = Pick<DataSource, 'query'>;

const LAST_USED_GRANULARITY_MS = 60_000;
/** How long a known key is trusted without asking the database again. */
export const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;

/** API keys of named helpdesk clients: stored as SHA-256 only, shown once at creation. */
@Injectable()
export class ApiKeysService {
  private readonly known = new Map<string, { client: ApiClient; checkedAt: number; lastUsedAt: number | null }>();

  constructor(
    private readonly db: DataSource,
    @Optional() private readonly clock: Clock = new Clock(),
  ) {}

  async create(clientName: string, scopes: readonly ApiScope[], db: Queryable = this.db): Promise<{ id: string; key: string }> {
    const unknown = scopes.filter((s) => !API_SCOPES.includes(s));
    if (unknown.length) throw new Error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${API_SCOPES.join(', ')}`);
    const key = `vr_${randomToken(32)}`;
    const rows: { id: string }[] = await db.query(
      `INSERT INTO api_keys (client_name, key_hash, key_prefix, scopes) VALUES ($1, $2, $3, $4) RETURNING id`,
      [clientName, sha256Hex(key), key.slice(0, 10), [...new Set(scopes)]],
    );
    return { id: rows[0].id, key };
  }

  async list(): Promise<ApiKeyRow[]> {
    return this.db.query(
      `SELECT id, client_name AS "clientName", key_prefix AS "keyPrefix", scopes, created_at AS "createdAt",
              revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"
         FROM api_keys ORDER BY created_at`,
    );
  }

  async revoke(id: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const [, count]: [unknown[], number] = await this.db.query(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
    for (const [hash, entry] of this.known) if (entry.client.keyId === id) this.known.delete(hash);
    return count > 0;
  }

  /**
   * The client of a presented key, or undefined for an unknown or revoked key. A known key is
   * remembered for KEY_CACHE_MS, which saves a database round trip on every API call; a
   * revocation therefore takes effect at once on the node that made it and within
   * KEY_CACHE_MS on every other node (and for the CLI, which is another process).
   */
  async authenticate(key: string): Promise<ApiClient | undefined> {
    const hash = sha256Hex(key);
    const now = this.clock.now().getTime();
    const cached = this.known.get(hash);
    if (cached && now - cached.checkedAt < KEY_CACHE_MS && !this.lastUsedIsStale(cached.lastUsedAt, now)) return cached.client;
    const rows: { id: string; client_name: string; scopes: ApiScope[]; last_used_at: Date | null }[] = await this.db.query(
      `SELECT id, client_name, scopes, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row) {
      this.known.delete(hash);
      return undefined;
    }
    let lastUsedAt = row.last_used_at?.getTime() ?? null;
    if (this.lastUsedIsStale(lastUsedAt, now)) {
      await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
      lastUsedAt = now;
    }
    const client = { keyId: row.id, clientName: row.client_name, scopes: row.scopes };
    if (this.known.size >= KEY_CACHE_MAX) this.known.clear();
    this.known.set(hash, { client, checkedAt: now, lastUsedAt });
    return client;
  }

  private lastUsedIsStale(lastUsedAt: number | null, now: number): boolean {
    return lastUsedAt === null || now - lastUsedAt > LAST_USED_GRANULARITY_MS;
  }
}
