/**
 * The one typed, validated configuration object. This folder is the only place that reads
 * process.env. A wrong value fails the start with one line naming the variable.
 */
import { z } from 'zod';
import { isAbsolute, resolve } from 'node:path';

export type Country = 'NL' | 'BE';

export interface AppConfig {
  port: number;
  host: string;
  /** Unset: the embedded PostgreSQL in DATA_DIR/pgdata. */
  databaseUrl?: string;
  dataDir: string;
  publicBaseUrl: string;
  smtpUrl?: string;
  /** Unset only in embedded mode, where resolveSecrets() generates DATA_DIR/identifier.key. */
  identifierKey?: string;
  processor: { name: string; country: Country; privacyEmail: string };
  /** Load fictional demo data on an empty database. */
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dbPoolSize: number;
  /** Extra non-working days (YYYY-MM-DD) on top of the public holidays. */
  extraNonWorkingDays: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`Configuration error: ${variable} ${expected}`);
    this.name = 'ConfigError';
  }
}

const bool = (name: string) =>
  z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), `${name}`)
    .transform((v) => ['true', '1', 'yes'].includes(v));

const isoDay = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

interface Rule {
  schema: z.ZodType<unknown>;
  expected: string;
}

const rules: Record<string, Rule> = {
  PORT: { schema: z.coerce.number().int().min(0).max(65535), expected: 'must be a port number 0-65535' },
  HOST: { schema: z.string().min(1), expected: 'must be a host name or address' },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\/.+/),
    expected: 'must be a postgres:// connection URL',
  },
  DATA_DIR: { schema: z.string().min(1), expected: 'must be a directory path' },
  PUBLIC_BASE_URL: { schema: z.url({ protocol: /^https?$/ }), expected: 'must be an http(s) URL' },
  SMTP_URL: { schema: z.string().regex(/^smtps?:\/\/.+/), expected: 'must be an smtp:// or smtps:// URL' },
  IDENTIFIER_KEY: { schema: z.string().min(32), expected: 'must be at least 32 characters' },
  PROCESSOR_NAME: { schema: z.string().min(1).max(200), expected: 'must be a name of 1-200 characters' },
  PROCESSOR_COUNTRY: { schema: z.enum(['NL', 'BE']), expected: 'must be NL or BE' },
  PROCESSOR_PRIVACY_EMAIL: { schema: z.email(), expected: 'must be an e-mail address' },
  DEMO_DATA: { schema: bool('DEMO_DATA'), expected: 'must be true or false' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    expected: 'must be one of fatal, error, warn, info, debug, trace, silent',
  },
  DB_POOL_SIZE: { schema: z.coerce.number().int().min(1).max(200), expected: 'must be an integer 1-200' },
  EXTRA_NON_WORKING_DAYS: {
    schema: z
      .string()
      .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
      .refine((days) => days.every((d) => isoDay.test(d))),
    expected: 'must be a comma-separated list of dates YYYY-MM-DD',
  },
};

function read<T>(env: Record<string, string | undefined>, name: keyof typeof rules & string): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = rules[name].schema.safeParse(raw.trim());
  if (!parsed.success) throw new ConfigError(name, `${rules[name].expected} (got "${raw}")`);
  return parsed.data as T;
}

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const port = read<number>(env, 'PORT') ?? 3000;
  const databaseUrl = read<string>(env, 'DATABASE_URL');
  const identifierKey = read<string>(env, 'IDENTIFIER_KEY');
  if (databaseUrl && !identifierKey) {
    throw new ConfigError('IDENTIFIER_KEY', 'is required when DATABASE_URL is set (a secret of at least 32 characters)');
  }
  const dataDirRaw = read<string>(env, 'DATA_DIR') ?? './data';
  const demoData = read<boolean>(env, 'DEMO_DATA') ?? !databaseUrl;
  return {
    port,
    host: read<string>(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    publicBaseUrl: (read<string>(env, 'PUBLIC_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: read<string>(env, 'SMTP_URL'),
    identifierKey,
    processor: {
      name: read<string>(env, 'PROCESSOR_NAME') ?? 'Voorbeeld Software B.V.',
      country: read<Country>(env, 'PROCESSOR_COUNTRY') ?? 'NL',
      privacyEmail: read<string>(env, 'PROCESSOR_PRIVACY_EMAIL') ?? 'privacy@voorbeeld-software.example',
    },
    demoData,
    logLevel: read<AppConfig['logLevel']>(env, 'LOG_LEVEL') ?? 'info',
    dbPoolSize: read<number>(env, 'DB_POOL_SIZE') ?? 10,
    extraNonWorkingDays: read<string[]>(env, 'EXTRA_NON_WORKING_DAYS') ?? [],
  };
}

/** The process environment, read here and nowhere else. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}
