import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { randomToken, sha256Hex } from '../common/crypto.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';
import type { ApiClient } from '../http/api-request.js';

export type { ApiClient };

export interface ApiKeyRow {
  id: string;
  clientId: string;
  clientName: string;
  keyPrefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Queryable = Pick<DataSource, 'query'>;

function assertKnownScopes(scopes: readonly string[]): void {
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${API_SCOPES.join(', ')}`);
}

const LAST_USED_GRANULARITY_MS = 60_000;
/** How long a known key is trusted without asking the database again. */
export const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;

/** A client's name is taken (case-insensitively): names identify clients to the people who manage them. */
export class ApiClientNameTaken extends Error {
  constructor(readonly clientName: string) {
    super(`An API client named ${clientName} already exists. Choose another name, or add a key to that client (api-keys create --client <id>).`);
  }
}

/** A unique violation of the client name's index: another creation of that name won the race. */
function isNameTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  return e?.code === '23505' && (e.constraint ?? e.driverError?.constraint) === 'api_clients_name_key';
}

/**
 * API clients and their keys. A client (id, unique name) is the tenant: the requests it filed,
 * its webhooks, externalRefs and idempotency records belong to its id. A key belongs to one
 * client; keys are stored as SHA-256 only, shown once at creation.
 */
@Injectable()
export class ApiKeysService {
  private readonly known = new Map<string, { client: ApiClient; checkedAt: number; lastUsedAt: number | null }>();

  constructor(
    private readonly db: DataSource,
    @Optional() private readonly clock: Clock = new Clock(),
  ) {}

  /** A new client with its first key; an existing name (any case) is refused with {@link ApiClientNameTaken}. */
  async create(clientName: string, scopes: readonly ApiScope[], db: Queryable = this.db): Promise<{ id: string; clientId: string; key: string }> {
    assertKnownScopes(scopes);
    const key = `vr_${randomToken(32)}`;
    // One statement: the client exists only with its key. The unique index decides a race.
    const rows: { id: string; client_id: string | null }[] = await db
      .query(
        `WITH c AS (INSERT INTO api_clients (name) VALUES ($1) ON CONFLICT ((lower(name))) DO NOTHING RETURNING id)
         INSERT INTO api_keys (client_id, key_hash, key_prefix, scopes)
         SELECT c.id, $2, $3, $4 FROM c RETURNING id, client_id`,
        [clientName, sha256Hex(key), key.slice(0, 10), [...new Set(scopes)]],
      )
      .catch((err: unknown) => {
        throw isNameTaken(err) ? new ApiClientNameTaken(clientName) : err;
      });
    if (!rows[0]) throw new ApiClientNameTaken(clientName);
    return { id: rows[0].id, clientId: rows[0].client_id!, key };
  }

  /** Another key for an existing client (e.g. to replace one): same requests, webhooks and externalRefs. */
  async addKey(clientId: string, scopes: readonly ApiScope[]): Promise<{ id: string; clientName: string; key: string } | undefined> {
    assertKnownScopes(scopes);
    if (!/^[0-9a-f-]{36}$/i.test(clientId)) return undefined;
    const key = `vr_${randomToken(32)}`;
    const rows: { id: string; name: string }[] = await this.db.query(
      `INSERT INTO api_keys (client_id, key_hash, key_prefix, scopes)
       SELECT c.id, $2, $3, $4 FROM api_clients c WHERE c.id = $1
       RETURNING id, (SELECT name FROM api_clients WHERE id = $1) AS name`,
      [clientId, sha256Hex(key), key.slice(0, 10), [...new Set(scopes)]],
    );
    return rows[0] && { id: rows[0].id, clientName: rows[0].name, key };
  }

  async list(): Promise<ApiKeyRow[]> {
    return this.db.query(
      `SELECT k.id, k.client_id AS "clientId", c.name AS "clientName", k.key_prefix AS "keyPrefix", k.scopes, k.created_at AS "createdAt",
              k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt"
         FROM api_keys k JOIN api_clients c ON c.id = k.client_id ORDER BY k.created_at, k.id`,
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
    const rows: { id: string; client_id: string; client_name: string; scopes: ApiScope[]; last_used_at: Date | null }[] = await this.db.query(
      `SELECT k.id, k.client_id, c.name AS client_name, k.scopes, k.last_used_at
         FROM api_keys k JOIN api_clients c ON c.id = k.client_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
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
    const client = { keyId: row.id, clientId: row.client_id, clientName: row.client_name, scopes: row.scopes };
    if (this.known.size >= KEY_CACHE_MAX) this.known.clear();
    this.known.set(hash, { client, checkedAt: now, lastUsedAt });
    return client;
  }

  private lastUsedIsStale(lastUsedAt: number | null, now: number): boolean {
    return lastUsedAt === null || now - lastUsedAt > LAST_USED_GRANULARITY_MS;
  }
}
