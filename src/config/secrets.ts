import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.js';

/**
 * A secret kept in a file of DATA_DIR (mode 0600), generated on first use. Used for the
 * identifier key in embedded mode and for secrets that are optional in configuration.
 */
export function fileSecret(dataDir: string, fileName: string, bytes = 32): string {
  const path = join(dataDir, fileName);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The configuration with every secret present (IDENTIFIER_KEY generated in embedded mode). */
export function resolveSecrets(config: AppConfig): AppConfig & { identifierKey: string } {
  return { ...config, identifierKey: config.identifierKey ?? fileSecret(config.dataDir, 'identifier.key') };
}
