/**
 * What an agent's new password must be (ASVS 2.1): at least 12 characters, at most 200, not on
 * the list of common passwords (resources/common-passwords.txt, compared in lower case), not the
 * user name, and not the current password. The answer is a Dutch sentence for the form, or null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/paths.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

let common: ReadonlySet<string> | undefined;

/** The bundled list of common passwords, read once. */
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(join(PROJECT_ROOT, 'resources', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

export function passwordProblem(password: string, context: { username: string; current?: string }): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Kies een wachtwoord van minstens ${PASSWORD_MIN_LENGTH} tekens.`;
  if (length > PASSWORD_MAX_LENGTH) return `Kies een wachtwoord van hoogstens ${PASSWORD_MAX_LENGTH} tekens.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden. Kies een ander.';
  if (new Set(lower).size < 4) return 'Dit wachtwoord is te eenvoudig (te weinig verschillende tekens). Kies een ander.';
  if (lower.includes(context.username.trim().toLowerCase()) && context.username.trim().length >= 3) {
    return 'Gebruik uw gebruikersnaam niet in uw wachtwoord.';
  }
  if (context.current !== undefined && password === context.current) return 'Het nieuwe wachtwoord moet anders zijn dan het huidige.';
  return null;
}
