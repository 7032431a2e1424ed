/** `npm run cli -- mail preview <template> [--tone je] [--html]` and `mail list`. */
import type { Command } from 'commander';
import { loadConfig, processEnv } from '../config/config.js';
import { MAIL_CATALOGUE } from './catalogue.js';
import { MailTemplates } from './renderer.js';
import { previewMail } from './replies.service.js';
import { isTone } from '../vocabulary/vocabulary.js';

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('Dutch mail templates');

  mail
    .command('list')
    .description('list the templates of the catalogue')
    .action(() => {
      for (const e of MAIL_CATALOGUE) process.stdout.write(`${e.id.padEnd(24)} ${e.audience.padEnd(10)} ${e.title} (${e.sentBy})\n`);
    });

  mail
    .command('preview <template>')
    .description('render a template with sample data: subject and plain text, or the HTML part')
    .option('--tone <tone>', 'u or je (default: PROCESSOR_TONE)')
    .option('--html', 'print the HTML part instead of the text')
    .action((template: string, opts: { tone?: string; html?: boolean }) => {
      const config = loadConfig(processEnv());
      const tone = opts.tone ?? config.processorTone;
      if (!isTone(tone)) throw new Error(`--tone must be u or je (got "${tone}")`);
      const preview = previewMail(MailTemplates.load(), template, tone, {
        processor: { name: config.processor.name, email: config.processor.privacyEmail, country: config.processor.country },
        publicBaseUrl: config.publicBaseUrl,
        privacyFacts: config.privacyFacts,
      });
      process.stdout.write(opts.html ? preview.html : `Onderwerp: ${preview.subject}\n\n${preview.text}`);
    });
}
