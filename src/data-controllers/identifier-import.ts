/**
 * Bulk import of a controller's identifiers from CSV (`type,value`), in constant memory: the
 * file is parsed as a stream, each value normalised and hashed, the digests streamed with COPY
 * into a temporary staging table in chunks of MERGE_ROWS, and each chunk merged with one
 * INSERT … SELECT … ON CONFLICT DO NOTHING in index order (sorted digests touch each index page
 * once instead of at random). While the database merges a chunk, this process hashes the next
 * one (the hashed rows wait in the stream's buffer), so the two cores work side by side.
 * One transaction: an import that fails stores nothing. Clear values never leave this process.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { refreshIdentifierCounts } from './data-controllers.service.js';
import { hashIdentifier, isIdentifierType, type Country, type HashedIdentifier } from './identifiers.js';

export interface InvalidLine {
  line: number;
  reason: string;
}

export interface ImportSummary {
  /** Data rows read (without a header row). */
  rows: number;
  added: number;
  /** Valid rows already in the directory or repeated in the file. */
  duplicates: number;
  invalid: number;
  /** The first invalid rows (at most `maxListedInvalid`), with their line numbers. */
  invalidLines: InvalidLine[];
}

export interface ImportOptions {
  controllerId: string;
  identifierKey: string;
  /** Country for national phone numbers (the controller's). */
  country: Country;
  input: Readable;
  /** Called every `progressEvery` rows and once at the end of the file. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
  maxListedInvalid?: number;
  /**
   * COPY FROM STDIN (default) or batched multi-row INSERTs into the staging table. The embedded
   * database (PGlite over pglite-socket) drops the connection on COPY FROM STDIN: use 'insert' there.
   */
  staging?: 'copy' | 'insert';
}

export type CsvRowResult = { kind: 'header' } | { kind: 'ok'; identifier: HashedIdentifier } | { kind: 'invalid'; reason: string };

/** One CSV record: the header row `type,value`, a valid identifier (hashed), or the reason it is invalid. */
export function csvRow(fields: readonly string[], first: boolean, key: string, country: Country): CsvRowResult {
  const [rawType = '', value = ''] = fields;
  const type = rawType.trim().toLowerCase();
  if (first && type === 'type' && value.trim().toLowerCase() === 'value') return { kind: 'header' };
  if (fields.length !== 2) return { kind: 'invalid', reason: `expected 2 columns (type,value), got ${fields.length}` };
  if (!isIdentifierType(type)) return { kind: 'invalid', reason: `unknown type "${rawType.slice(0, 20)}"` };
  const r = hashIdentifier(key, type, value, country);
  return r.ok ? { kind: 'ok', identifier: r.identifier } : { kind: 'invalid', reason: r.reason };
}

/** A staging row in COPY text format (bytea as \x-hex; the backslash escaped for COPY). */
export function copyLine(id: HashedIdentifier): string {
  return `${id.type}\t\\\\x${id.digest}\n`;
}

const FLUSH_ROWS = 2_000;
/** Rows staged before they are merged into the directory. */
const MERGE_ROWS = 100_000;
/** Hashed rows the stream may hold while the database merges a chunk (about one chunk). */
const HASHED_BUFFER_BYTES = 16 * 1024 * 1024;

/** CSV records in, COPY text out; counts and invalid lines on the side. */
class HashTransform extends Transform {
  rows = 0;
  valid = 0;
  invalid = 0;
  readonly invalidLines: InvalidLine[] = [];
  private first = true;
  private line = 0;
  private buffer: string[] = [];

  constructor(private readonly options: ImportOptions) {
    super({ writableObjectMode: true, readableObjectMode: false, readableHighWaterMark: HASHED_BUFFER_BYTES });
  }

  override _transform(record: string[], _enc: BufferEncoding, done: TransformCallback): void {
    // Line numbers count records (csv-parse's per-record info costs two thirds of the parse time);
    // exact unless a quoted value spans lines, which no valid identifier does.
    const line = ++this.line;
    const result = csvRow(record, this.first, this.options.identifierKey, this.options.country);
    this.first = false;
    if (result.kind !== 'header') {
      this.rows++;
      if (result.kind === 'ok') {
        this.valid++;
        this.buffer.push(copyLine(result.identifier));
      } else {
        this.invalid++;
        if (this.invalidLines.length < (this.options.maxListedInvalid ?? 20)) this.invalidLines.push({ line, reason: result.reason });
      }
      const every = this.options.progressEvery ?? 50_000;
      if (this.options.onProgress && this.rows % every === 0) this.options.onProgress(this.rows);
    }
    if (this.buffer.length >= FLUSH_ROWS) this.flushBuffer();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.flushBuffer();
    this.options.onProgress?.(this.rows);
    done();
  }

  private flushBuffer(): void {
    if (!this.buffer.length) return;
    this.push(this.buffer.join(''));
    this.buffer = [];
  }
}

/** Puts COPY text lines into the staging table: COPY FROM STDIN, or multi-row INSERTs of up to 5,000 rows. */
async function stage(client: pg.ClientBase, lines: string[], how: 'copy' | 'insert'): Promise<void> {
  if (how === 'copy') {
    const copy = client.query(pgCopy.from(`COPY identifier_import (type, digest) FROM STDIN`));
    copy.end(lines.join(''));
    await finished(copy);
    return;
  }
  for (let i = 0; i < lines.length; i += 5_000) {
    const types: string[] = [];
    const digests: string[] = [];
    for (const line of lines.slice(i, i + 5_000)) {
      const [type, digest] = line.split('\t');
      types.push(type);
      digests.push(digest.slice(3, -1)); // '\\x<hex>\n' → hex
    }
    await client.query(
      `INSERT INTO identifier_import (type, digest) SELECT t, decode(d, 'hex') FROM unnest($1::text[], $2::text[]) AS u(t, d)`,
      [types, digests],
    );
  }
}

/** Stages and merges the hashed rows chunk by chunk; returns how many were new to the directory. */
async function stageAndMerge(client: pg.ClientBase, source: AsyncIterable<Buffer | string>, controllerId: string, how: 'copy' | 'insert'): Promise<number> {
  let added = 0;
  let pending = '';
  let lines: string[] = [];
  const merge = async () => {
    if (!lines.length) return;
    await stage(client, lines, how);
    lines = [];
    const inserted = await client.query(
      `INSERT INTO controller_identifiers (controller_id, type, digest)
       SELECT $1, type, digest FROM identifier_import
       ORDER BY type, digest
       ON CONFLICT DO NOTHING`,
      [controllerId],
    );
    added += inserted.rowCount ?? 0;
    await client.query(`TRUNCATE identifier_import`);
  };
  for await (const chunk of source) {
    const text = pending + String(chunk);
    const cut = text.lastIndexOf('\n') + 1;
    pending = text.slice(cut);
    for (const line of text.slice(0, cut).split(/(?<=\n)/)) if (line) lines.push(line);
    if (lines.length >= MERGE_ROWS) await merge();
  }
  await merge();
  return added;
}

/** Runs the import on one client, in its own transaction. The controller must exist. */
export async function importIdentifiers(client: pg.ClientBase, options: ImportOptions): Promise<ImportSummary> {
  await client.query('BEGIN');
  try {
    // Other writers of the controller wait; routing to it does not (DataControllersService.row).
    const found = await client.query(`SELECT id FROM data_controllers WHERE id = $1 FOR NO KEY UPDATE`, [options.controllerId]);
    if (!found.rowCount) throw new Error(`No controller ${options.controllerId}.`);
    await client.query(`CREATE TEMP TABLE identifier_import (type text NOT NULL, digest bytea NOT NULL) ON COMMIT DROP`);
    // Empty lines are kept (and reported invalid) so that record numbers stay line numbers.
    const parser = parse({ bom: true, relax_column_count: true });
    const hasher = new HashTransform(options);
    let added = 0;
    await pipeline(options.input, parser, hasher, async (source: AsyncIterable<Buffer | string>) => {
      added = await stageAndMerge(client, source, options.controllerId, options.staging ?? 'copy');
    });
    await refreshIdentifierCounts(client, options.controllerId);
    await client.query('COMMIT');
    return { rows: hasher.rows, added, duplicates: hasher.valid - added, invalid: hasher.invalid, invalidLines: hasher.invalidLines };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
