/** `npm run cli -- retention [--dry-run]`: the retention purge now, or what it would remove. */
import type { Command } from 'commander';
import { withDatabase } from '../cli/with-database.js';
import { Clock } from '../common/clock.js';
import { createLogger } from '../common/logger.js';
import { RetentionService } from './retention.service.js';

export function registerRetentionCommands(program: Command): void {
  program
    .command('retention')
    .description('purge the personal data of requests closed longer than RETENTION_MONTHS (legal holds excepted), expired link tokens and idempotency records')
    .option('--dry-run', 'only list what would be removed (references and counts)')
    .action(async (opts: { dryRun?: boolean }) => {
      await withDatabase(async (db, config) => {
        const service = new RetentionService(db, new Clock(), config, createLogger('warn'));
        if (opts.dryRun) {
          const plan = await service.dryRun();
          const out = process.stdout;
          out.write(`Retention ${plan.retentionMonths} months: requests closed before ${plan.cutoff.toISOString()}\n`);
          for (const r of plan.requests) {
            out.write(`${r.reference}  closed ${r.closedAt.toISOString().slice(0, 10)}  messages ${r.messages}  notes ${r.notes}  forwardings ${r.forwardings}\n`);
          }
          out.write(
            `Would purge ${plan.requests.length} request(s); kept under legal hold: ${plan.held}; ` +
              `expired link tokens: ${plan.linkTokens}; expired verification tokens: ${plan.verificationTokens}; ` +
              `idempotency records: ${plan.idempotencyRecords}; expired exports: ${plan.exports}. Nothing was changed (dry run).\n`,
          );
          return;
        }
        const r = await service.purge('cli:retention');
        process.stdout.write(
          `Purged ${r.requests} request(s) closed before ${r.cutoff.toISOString()} (${r.messages} messages, ${r.notes} notes, ` +
            `${r.forwardings} forwardings, ${r.verificationSteps} verification steps); deleted ${r.linkTokens} link token(s), ` +
            `${r.verificationTokens} verification token(s), ${r.idempotencyRecords} idempotency record(s), ${r.exports} expired export(s). Recorded on the audit trail.\n`,
        );
      });
    });
}
