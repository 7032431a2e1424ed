/** `npm run cli -- mail preview <template> [--tone je] [--lang fr] [--html]` and `mail list`. */
import type { Command } from 'commander';
import { loadConfig, processEnv } from '../config/config.js';
import { MAIL_CATALOGUE } from './catalogue.js';
import { MailTemplates } from './renderer.js';
import { previewMail } from './replies.service.js';
import { isLanguage, letterAsText } from '../vocabulary/language.js';
import { isTone } from '../vocabulary/vocabulary.js';

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('mail templates (Dutch, French, English)');

  mail
    .command('list')
    .description('list the templates of the catalogue')
    .action(() => {
      for (const e of MAIL_CATALOGUE) process.stdout.write(`${e.id.padEnd(24)} ${e.audience.padEnd(10)} ${e.title} (${e.sentBy})\n`);
    });

  mail
    .command('preview <template>')
    .description('render a template with sample data: subject and plain text, or the HTML part')
    .option('--tone <tone>', 'u or je, Dutch only (default: PROCESSOR_TONE)')
    .option('--lang <lang>', 'nl, fr or en (default: PROCESSOR_LANGUAGE)')
    .option('--html', 'print the HTML part instead of the text')
    .action((template: string, opts: { tone?: string; lang?: string; html?: boolean }) => {
      const config = loadConfig(processEnv());
      const tone = opts.tone ?? config.processorTone;
      if (!isTone(tone)) throw new Error(`--tone must be u or je (got "${tone}")`);
      const lang = opts.lang ?? config.processorLanguage;
      if (!isLanguage(lang)) throw new Error(`--lang must be nl, fr or en (got "${lang}")`);
      const preview = previewMail(
        MailTemplates.load(),
        template,
        tone,
        {
          processor: { name: config.processor.name, email: config.processor.privacyEmail, country: config.processor.country },
          publicBaseUrl: config.publicBaseUrl,
          privacyFacts: config.privacyFacts,
        },
        lang,
      );
      process.stdout.write(opts.html ? preview.html : letterAsText(preview, lang));
    });
}
