import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomToken, sha256Hex } from '../common/crypto.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';

export interface ApiClient {
  keyId: string;
  clientName: string;
  scopes: ApiScope[];
}

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

/** API keys of named helpdesk clients: stored as SHA-256 only, shown once at creation. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly db: DataSource) {}

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
    return count > 0;
  }

  /** The client of a presented key, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<ApiClient | undefined> {
    const rows: { id: string; client_name: string; scopes: ApiScope[]; last_used_at: Date | null }[] = await this.db.query(
      `SELECT id, client_name, scopes, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [sha256Hex(key)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return { keyId: row.id, clientName: row.client_name, scopes: row.scopes };
  }
}
