/**
 * The data controller registry and its hashed identifier directory. The only module that reads
 * or writes `data_controllers` and `controller_identifiers`; routing asks it by digest.
 */
import { VersionConflictProblem } from '../common/if-match.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { ControllerSummary } from '../requests/request-router.js';
import { CONTROLLER_COLUMNS, toControllerResource, type DataControllerResource, type DataControllerRow } from './data-controller-row.js';
import type { CreateControllerInput, ListControllersQuery, UpdateControllerInput } from './data-controller.schemas.js';
import { hashBatch, normalisePhone, type Country, type HashedIdentifier, type IdentifierInput, type IdentifierType } from './identifiers.js';
import { UUID } from '../common/validation.js';


/** Rows per INSERT … SELECT unnest(…) statement. */
const BATCH = 10_000;

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

export interface AddIdentifiersResult {
  added: number;
  alreadyPresent: number;
  invalid: { index: number; reason: string }[];
}

export interface ReplaceIdentifiersResult {
  /** Identifiers in the directory after the replacement. */
  total: number;
  added: number;
  removed: number;
  unchanged: number;
  /** Valid entries that repeated an earlier one in the same body. */
  duplicates: number;
  invalid: { index: number; reason: string }[];
}

export interface DigestMatch {
  controllerId: string;
  isSelf: boolean;
  types: IdentifierType[];
}

/** Recomputes the per-type counts shown on the controller resource. */
export async function refreshIdentifierCounts(db: Queryable, controllerId: string): Promise<void> {
  await db.query(
    `UPDATE data_controllers SET updated_at = now(), version = version + 1, identifier_counts = (
       SELECT coalesce(jsonb_object_agg(type, n), '{}'::jsonb)
         FROM (SELECT type, count(*) AS n FROM controller_identifiers WHERE controller_id = $1 GROUP BY type) s)
     WHERE id = $1`,
    [controllerId],
  );
}

function columns(ids: readonly HashedIdentifier[]): [string[], string[]] {
  return [ids.map((i) => i.type), ids.map((i) => i.digest)];
}

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name.toLowerCase(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && UUID.test(value[1])) return [value[0], value[1]];
  } catch {
    /* fall through */
  }
  throw new ValidationProblem([{ pointer: '/query/cursor', detail: 'Not a cursor this API gave out.' }]);
}

function contactPhone(phone: string | undefined, country: Country): string | null {
  if (phone === undefined) return null;
  const n = normalisePhone(phone, country);
  if (!n.ok) throw new ValidationProblem([{ pointer: '/privacyContact/phone', detail: `Not a valid phone number: ${n.reason}.` }]);
  return n.value;
}

/** The routing lookup (exported for the benchmark's floor: the same statement from a bare client). */
export const LOOKUP_SQL = `SELECT i.controller_id AS "controllerId", c.is_self AS "isSelf", array_agg(DISTINCT i.type) AS types
   FROM unnest($1::text[], $2::text[]) AS q(type, digest)
   JOIN controller_identifiers i ON i.type = q.type AND i.digest = decode(q.digest, 'hex')
   JOIN data_controllers c ON c.id = i.controller_id
  WHERE c.active
  GROUP BY i.controller_id, c.is_self`;

@Injectable()
export class DataControllersService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Registry
  // -------------------------------------------------------------------------------------------

  /**
   * One controller; with `lock`, its row locked against other writers of the controller until the
   * transaction ends. NO KEY UPDATE, not UPDATE: a forwarding, task or incident that refers to the
   * controller (a foreign key's KEY SHARE) is not held up by an edit or an identifier import.
   */
  async row(id: string, db: Queryable = this.db, lock = false): Promise<DataControllerRow> {
    if (!UUID.test(id)) throw new NotFoundProblem('controller');
    const rows: DataControllerRow[] = await db.query(
      `SELECT ${CONTROLLER_COLUMNS} FROM data_controllers WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
      [id],
    );
    if (!rows[0]) throw new NotFoundProblem('controller');
    return rows[0];
  }

  async get(id: string): Promise<DataControllerResource> {
    return toControllerResource(await this.row(id));
  }

  async create(input: CreateControllerInput): Promise<DataControllerResource> {
    const phone = contactPhone(input.privacyContact.phone, input.country);
    const rows: DataControllerRow[] = await this.db.query(
      `INSERT INTO data_controllers (name, country, contact_name, contact_email, contact_phone, tone,
         forwarding_sla_working_days, may_inform_requester, agreement_title, agreement_version, agreement_date, response_promise_days, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING ${CONTROLLER_COLUMNS}`,
      [
        input.name,
        input.country,
        input.privacyContact.name ?? null,
        input.privacyContact.email,
        phone,
        input.tone,
        input.forwardingSlaWorkingDays ?? 1,
        input.mayInformRequester ?? true,
        input.agreement?.title ?? null,
        input.agreement?.version ?? null,
        input.agreement?.date ?? null,
        input.responsePromiseDays ?? null,
        input.language ?? this.config.processorLanguage,
      ],
    );
    return toControllerResource(rows[0]);
  }

  /**
   * Applies the patch. With `expectedVersion` (If-Match) only to that version: the row is locked
   * first, so of concurrent changes made from one version exactly one wins, the others get a 409.
   */
  async update(id: string, patch: UpdateControllerInput, expectedVersion?: number): Promise<DataControllerResource> {
    return this.db.transaction(async (tx) => {
      const current = await this.row(id, tx, true);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw new VersionConflictProblem(current.version, 'controller');
      if (current.isSelf && patch.active === false) {
        throw new ProblemException(422, 'self-controller-required', 'Cannot deactivate', 'The processor itself cannot be deactivated.');
      }
      const country = patch.country ?? current.country;
      const set: string[] = [];
      const params: unknown[] = [id];
      const put = (column: string, value: unknown) => {
        params.push(value);
        set.push(`${column} = $${params.length}`);
      };
      if (patch.name !== undefined) put('name', patch.name);
      if (patch.country !== undefined) put('country', patch.country);
      if (patch.privacyContact !== undefined) {
        put('contact_name', patch.privacyContact.name ?? null);
        put('contact_email', patch.privacyContact.email);
        put('contact_phone', contactPhone(patch.privacyContact.phone, country));
      }
      if (patch.tone !== undefined) put('tone', patch.tone);
      if (patch.language !== undefined) put('language', patch.language);
      if (patch.forwardingSlaWorkingDays !== undefined) put('forwarding_sla_working_days', patch.forwardingSlaWorkingDays);
      if (patch.mayInformRequester !== undefined) put('may_inform_requester', patch.mayInformRequester);
      if (patch.agreement !== undefined) {
        put('agreement_title', patch.agreement?.title ?? null);
        put('agreement_version', patch.agreement?.version ?? null);
        put('agreement_date', patch.agreement?.date ?? null);
      }
      if (patch.responsePromiseDays !== undefined) put('response_promise_days', patch.responsePromiseDays);
      if (patch.active !== undefined) put('active', patch.active);
      const [rows]: [DataControllerRow[], number] = await tx.query(
        `UPDATE data_controllers SET ${set.join(', ')}, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${CONTROLLER_COLUMNS}`,
        params,
      );
      return toControllerResource(rows[0]);
    });
  }

  /** By name (case-insensitive, part of the name), alphabetical; keyset pagination. */
  async list(query: ListControllersQuery): Promise<{ items: DataControllerResource[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.q) {
      params.push('%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
      where.push(`name ILIKE $${params.length}`);
    }
    if (query.active !== undefined) {
      params.push(query.active);
      where.push(`active = $${params.length}`);
    }
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor);
      params.push(name, id);
      where.push(`(lower(name), id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: DataControllerRow[] = await this.db.query(
      `SELECT ${CONTROLLER_COLUMNS} FROM data_controllers
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY lower(name), id
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map(toControllerResource), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** The processor's own row (is_self), created from the configuration when missing. Idempotent. */
  async ensureSelfController(): Promise<string> {
    const p = this.config.processor;
    await this.db.query(
      `INSERT INTO data_controllers (name, country, contact_email, tone, is_self)
       VALUES ($1, $2, $3, 'u', true)
       ON CONFLICT DO NOTHING`,
      [p.name, p.country, p.privacyEmail],
    );
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM data_controllers WHERE is_self`);
    return rows[0].id;
  }

  // -------------------------------------------------------------------------------------------
  // Identifier directory
  // -------------------------------------------------------------------------------------------

  /** Adds identifiers; the valid ones all together or none (one transaction), invalid ones listed. */
  async addIdentifiers(id: string, inputs: readonly IdentifierInput[]): Promise<AddIdentifiersResult> {
    return this.db.transaction(async (tx) => {
      const controller = await this.row(id, tx, true);
      const batch = hashBatch(this.config.identifierKey, inputs, controller.country);
      let added = 0;
      for (let i = 0; i < batch.identifiers.length; i += BATCH) {
        const [types, digests] = columns(batch.identifiers.slice(i, i + BATCH));
        const rows: { n: number }[] = await tx.query(
          `WITH ins AS (
             INSERT INTO controller_identifiers (controller_id, type, digest)
             SELECT $1, u.type, decode(u.digest, 'hex') FROM unnest($2::text[], $3::text[]) AS u(type, digest)
             ON CONFLICT DO NOTHING
             RETURNING 1)
           SELECT count(*)::int AS n FROM ins`,
          [id, types, digests],
        );
        added += rows[0].n;
      }
      if (added) await refreshIdentifierCounts(tx, id);
      return { added, alreadyPresent: batch.identifiers.length - added + batch.repeated, invalid: batch.invalid };
    });
  }

  /**
   * Replaces the controller's whole set with the valid identifiers given, atomically: until the
   * transaction commits every reader sees the old set, and a failure leaves the old set.
   */
  async replaceIdentifiers(id: string, inputs: readonly IdentifierInput[]): Promise<ReplaceIdentifiersResult> {
    return this.db.transaction(async (tx) => {
      const controller = await this.row(id, tx, true);
      const batch = hashBatch(this.config.identifierKey, inputs, controller.country);
      await tx.query(`CREATE TEMP TABLE identifier_sync (type text NOT NULL, digest bytea NOT NULL, PRIMARY KEY (type, digest)) ON COMMIT DROP`);
      for (let i = 0; i < batch.identifiers.length; i += BATCH) {
        const [types, digests] = columns(batch.identifiers.slice(i, i + BATCH));
        await tx.query(
          `INSERT INTO identifier_sync (type, digest)
           SELECT u.type, decode(u.digest, 'hex') FROM unnest($1::text[], $2::text[]) AS u(type, digest)
           ON CONFLICT DO NOTHING`,
          [types, digests],
        );
      }
      const [, removed]: [unknown, number] = await tx.query(
        `DELETE FROM controller_identifiers i
          WHERE i.controller_id = $1
            AND NOT EXISTS (SELECT 1 FROM identifier_sync s WHERE s.type = i.type AND s.digest = i.digest)`,
        [id],
      );
      const rows: { n: number }[] = await tx.query(
        `WITH ins AS (
           INSERT INTO controller_identifiers (controller_id, type, digest)
           SELECT $1, type, digest FROM identifier_sync
           ON CONFLICT DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [id],
      );
      const added = rows[0].n;
      await refreshIdentifierCounts(tx, id);
      const total = batch.identifiers.length;
      return { total, added, removed, unchanged: total - added, duplicates: batch.repeated, invalid: batch.invalid };
    });
  }

  /**
   * Active controllers holding any of the digests, with the identifier types that matched: one
   * indexed query. On a real PostgreSQL it is a named prepared statement, parsed and planned once
   * per connection (the embedded database is one session shared by every client: no names there).
   */
  async findByDigests(identifiers: readonly HashedIdentifier[]): Promise<DigestMatch[]> {
    if (!identifiers.length) return [];
    const values = columns(identifiers);
    if (await this.namedStatements()) {
      const pool = (this.db.driver as unknown as { master: { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: DigestMatch[] }> } }).master;
      return (await pool.query({ name: 'routing-lookup', text: LOOKUP_SQL, values })).rows;
    }
    return this.db.query(LOOKUP_SQL, values);
  }

  private named?: Promise<boolean>;

  /**
   * Whether named prepared statements are safe: on a real PostgreSQL each pooled connection is its
   * own session. PGlite (also when reached over a URL, as the tests and the benchmark do) is one
   * session for every client, where a second client's PREPARE of the same name fails.
   */
  private namedStatements(): Promise<boolean> {
    if (!this.config.databaseUrl) return Promise.resolve(false);
    return (this.named ??= this.db
      .query(`SELECT version() AS v`)
      .then((rows: { v: string }[]) => !/PGlite/i.test(rows[0]?.v ?? ''))
      .catch(() => {
        this.named = undefined;
        return false;
      }));
  }

  /** The named controllers that exist (unknown or malformed ids are absent from the map). */
  async summaries(ids: readonly string[], db: Pick<EntityManager, 'query'> = this.db): Promise<Map<string, ControllerSummary>> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
    const map = new Map<string, ControllerSummary>();
    if (!valid.length) return map;
    const rows: ControllerSummary[] = await db.query(
      `SELECT id, name, is_self AS "isSelf", active FROM data_controllers WHERE id = ANY($1::uuid[])`,
      [valid],
    );
    for (const r of rows) map.set(r.id, r);
    return map;
  }
}
