/**
 * The language a mail is written in (issue 24): Dutch, French or English, by `franc-min`'s trigram
 * model restricted to those three. Pure. A text too short or too mixed to tell gives undefined:
 * the request then gets the processor's language (PROCESSOR_LANGUAGE).
 */
import { franc } from 'franc-min';
import type { Language } from '../vocabulary/language.js';

/** franc's ISO 639-3 codes of the languages we write in. */
const BY_CODE: Readonly<Record<string, Language>> = { nld: 'nl', fra: 'fr', eng: 'en' };

/** Fewer letters than this and the guess is not worth making (a "Hallo" or a bare signature). */
export const MIN_DETECTION_LENGTH = 20;

/** Quoted lines ("> …") and a signature below "-- " say nothing about the writer's language. */
function ownWords(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '-- ') break;
    if (/^\s*>/.test(line)) continue;
    lines.push(line);
  }
  return lines.join('\n');
}

/** "nl", "fr" or "en" for the subject and text of a mail; undefined when it cannot be told. */
export function mailLanguage(subject: string, text: string): Language | undefined {
  const sample = `${subject}\n${ownWords(text)}`.replace(/https?:\/\/\S+|\S+@\S+/g, ' ').slice(0, 5000);
  const code = franc(sample, { only: Object.keys(BY_CODE), minLength: MIN_DETECTION_LENGTH });
  return BY_CODE[code];
}
