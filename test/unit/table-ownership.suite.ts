import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_OWNERS } from '../../src/database/table-owners.js';

/**
 * Modules own their tables: SQL that writes a table (INSERT INTO, UPDATE, DELETE FROM, COPY,
 * TRUNCATE) lives only in the table owner's folder of src/ (src/database/table-owners.ts).
 * Others compose the owner's exported fragments. Static scan, no database.
 */
const ROOT = join(process.cwd(), 'src');
const MIGRATIONS = join(process.cwd(), 'migrations');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [join(dir, d.name)] : [],
  );
}

/** Comments out (a `//` inside a string such as a URL survives: it is preceded by `:`). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1').replace(/^\s*--.*$/gm, '');
}

const TABLES = Object.keys(TABLE_OWNERS).join('|');
// `DO UPDATE SET`, `FOR UPDATE`, `FOR NO KEY UPDATE` name no table; a write names it right after the keyword(s).
const WRITE = new RegExp(`\\b(INSERT\\s+INTO|UPDATE(?:\\s+ONLY)?|DELETE\\s+FROM|COPY|TRUNCATE(?:\\s+TABLE)?)\\s+"?(${TABLES})"?(?![\\w.])`, 'g');

export interface Write {
  file: string;
  table: keyof typeof TABLE_OWNERS;
  statement: string;
}

export function writesIn(source: string, file: string): Write[] {
  return [...withoutComments(source).matchAll(WRITE)].map((m) => ({
    file,
    table: m[2] as keyof typeof TABLE_OWNERS,
    statement: `${m[1].replace(/\s+/g, ' ')} ${m[2]}`,
  }));
}

function ownerFolder(file: string): string {
  return relative(ROOT, file).split(/[\\/]/)[0];
}

describe('table ownership', () => {
  const writes = tsFiles(ROOT).flatMap((file) => writesIn(readFileSync(file, 'utf8'), file));

  it('names an owner for every table the migrations create, and owners are folders of src/', () => {
    const created = new Set(
      readdirSync(MIGRATIONS)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...readFileSync(join(MIGRATIONS, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/gi)].map((m) => m[1])),
    );
    expect([...created].filter((t) => !(t in TABLE_OWNERS)).sort()).toEqual([]);
    const folders = new Set(readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name));
    expect([...new Set(Object.values(TABLE_OWNERS))].filter((o) => !folders.has(o))).toEqual([]);
  });

  it('finds the writes it checks (and not FOR UPDATE, DO UPDATE SET or comments)', () => {
    const sample = `
      // we UPDATE requests here in prose only
      /* DELETE FROM messages */
      SELECT 1 FROM requests FOR UPDATE;
      INSERT INTO agents (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 1;
      WITH x AS (UPDATE forwardings f SET state = 'done'), y AS (DELETE FROM processor_exports x USING b)
      const url = 'https://example.nl/x'; INSERT INTO
        audit_events (request_id) SELECT 1`;
    expect(writesIn(sample, 'f.ts').map((w) => w.statement)).toEqual([
      'INSERT INTO agents',
      'UPDATE forwardings',
      'DELETE FROM processor_exports',
      'INSERT INTO audit_events',
    ]);
    // The scan sees this code base's writes at all (a broken pattern would pass vacuously).
    expect(new Set(writes.map((w) => w.table)).size).toBeGreaterThan(15);
  });

  it('writes each table only from its owner folder', () => {
    const outside = writes
      .filter((w) => ownerFolder(w.file) !== TABLE_OWNERS[w.table])
      .map((w) => `${relative(process.cwd(), w.file)}: ${w.statement} (owner: src/${TABLE_OWNERS[w.table]}/)`);
    expect(outside).toEqual([]);
  });
});
