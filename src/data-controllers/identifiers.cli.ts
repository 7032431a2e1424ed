/** `npm run cli -- identifiers import --controller <id> <file.csv>`: bulk import of a controller's identifiers. */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import type pg from 'pg';
import { withDatabase } from '../cli/with-database.js';
import { importIdentifiers, type ImportSummary } from './identifier-import.js';
import type { Country } from './identifiers.js';
import { UUID } from '../common/validation.js';


const number = (n: number) => n.toLocaleString('nl-NL');

/** Progress on stderr: a redrawn line on a terminal, else a line every 50,000 rows. */
function progressReporter(started: number): (rows: number) => void {
  const tty = process.stderr.isTTY;
  return (rows) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    const text = `${number(rows)} rows read (${number(rate)} rows/s)`;
    process.stderr.write(tty ? `\r${text}   ` : `${text}\n`);
  };
}

export function formatSummary(s: ImportSummary, seconds: number): string {
  const lines = [
    `Rows: ${number(s.rows)} in ${seconds.toFixed(1)} s`,
    `Added: ${number(s.added)}`,
    `Duplicates (already present or repeated in the file): ${number(s.duplicates)}`,
    `Invalid: ${number(s.invalid)}`,
  ];
  for (const l of s.invalidLines) lines.push(`  line ${l.line}: ${l.reason}`);
  if (s.invalid > s.invalidLines.length) lines.push(`  … and ${number(s.invalid - s.invalidLines.length)} more invalid rows`);
  return lines.join('\n') + '\n';
}

export function registerIdentifierCommands(program: Command): void {
  const identifiers = program.command('identifiers').description("manage controllers' identifier directories (stored as keyed digests only)");

  identifiers
    .command('import <file>')
    .description('import identifiers from a CSV file with columns type,value (types: email, phone, iban, customer-ref, kvk, vat)')
    .requiredOption('--controller <id>', 'the controller the identifiers belong to')
    .action(async (file: string, opts: { controller: string }) => {
      if (!UUID.test(opts.controller)) throw new Error(`Not a controller id: ${opts.controller}`);
      await withDatabase(async (db, config) => {
        const rows: { country: Country }[] = await db.query(`SELECT country FROM data_controllers WHERE id = $1`, [opts.controller]);
        if (!rows[0]) throw new Error(`No controller ${opts.controller}.`);
        const runner = db.createQueryRunner();
        const client = (await runner.connect()) as pg.PoolClient;
        const started = Date.now();
        try {
          const summary = await importIdentifiers(client, {
            controllerId: opts.controller,
            identifierKey: config.identifierKey,
            country: rows[0].country,
            input: createReadStream(file),
            onProgress: progressReporter(started),
            // The embedded database cannot take COPY FROM STDIN over its socket: batched INSERTs there.
            staging: config.databaseUrl ? 'copy' : 'insert',
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          process.stdout.write(formatSummary(summary, (Date.now() - started) / 1000));
        } finally {
          await runner.release();
        }
      });
    });
}
