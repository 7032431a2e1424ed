/**
 * The one typed, validated configuration object. This folder is the only place that reads
 * process.env. A wrong value fails the start with one line naming the variable.
 */
import { z } from 'zod';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { DEFAULT_PRIVACY_FACTS_FILE, readPrivacyFacts, type PrivacyFactsByLanguage } from './privacy-facts.js';

export { ConfigError };

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
  /** `request.deadline_near` goes out when at most this many working days are left until the date (0: on the day itself). */
  deadlineNearWorkingDays: number;
  /** Form of address in the processor's own letters: "u" (formal) or "je". */
  processorTone: 'u' | 'je';
  /**
   * The language a requester or controller gets when nothing else says which (nl, fr, en): a
   * request without `requester.language`, a mail whose language cannot be told, a controller
   * without a language. The processor's own team always reads Dutch.
   */
  processorLanguage: 'nl' | 'fr' | 'en';
  /** The mail outbox worker: on/off, poll interval, attempts before a message is `failed`. */
  outbox: { worker: boolean; pollMs: number; maxAttempts: number };
  /**
   * Mail intake (src/inbox): on/off; the folder DATA_DIR/inbox is scanned every `pollMs` (and
   * watched); with `imapUrl` the mailbox is read instead, handled mail moved to `imapDoneFolder`.
   */
  inbox: { enabled: boolean; pollMs: number; imapUrl?: string; imapDoneFolder: string };
  /**
   * Dossier PDFs are laid out in worker threads: at most `threads` at once per node, at most
   * `queue` more waiting; beyond that a download gets a 503 with Retry-After.
   */
  dossierPdf: { threads: number; queue: number };
  /** Run the scheduled jobs (deadline sweep every minute) on this node; workers run regardless. */
  scheduledJobs: boolean;
  /** Requests a minute per API client, counted on each node separately (in-memory token bucket). */
  apiRateLimitPerMinute: number;
  /** Requests a minute per client address to the API routes that need no key (deadline preview), per node. */
  apiPublicRateLimitPerMinute: number;
  /** Failed API authentications a minute per client address before 429 (the key is then not checked), per node. */
  apiAuthFailuresPerMinute: number;
  /**
   * Webhook delivery: worker on/off, poll interval, attempts before a delivery is `failed`,
   * http(s) to 127.0.0.0/8 and ::1 allowed (development and tests), hosts allowed to resolve to
   * private addresses.
   */
  webhooks: { worker: boolean; pollMs: number; maxAttempts: number; allowLoopback: boolean; allowedHosts: string[] };
  /** Months after closure after which a request's personal data is purged (storage limitation, art 5(1)(e)). */
  retentionMonths: number;
  /** Bearer token for /metrics; unset: metrics are off (404). */
  metricsToken?: string;
  /**
   * Processor tasks: the art 19 recipients (the processor's sub-processors and other recipients)
   * told of every rectification, erasure or restriction; the largest export an agent may upload
   * (MB); how many days the controller can download it.
   */
  processorTasks: { art19Recipients: string[]; exportMaxMb: number; exportLinkDays: number };
  /**
   * Tests only (`FAULT_AFTER_COMMIT`): right after a request command committed, before its
   * response is built, `exit` kills the process (SIGKILL) and `error` fails the call with a 500.
   * Unset in every real deployment. See src/common/fault-injection.ts.
   */
  faultAfterCommit?: 'exit' | 'error';
  /**
   * Login budgets of the workspace, reserved before a password or TOTP code is checked: free
   * failures per (name, address) pair (and per name for TOTP codes), per address, and per name
   * from addresses it never logged in from; after that each further attempt waits, 15 s doubling
   * up to `maxDelaySeconds`.
   */
  login: { pairFreeFailures: number; addressFreeFailures: number; nameFreeFailures: number; maxDelaySeconds: number };
  /**
   * The processor's own processing as controller (PRIVACY_FACTS_FILE, default
   * DATA_DIR/privacy-facts.yaml, in PROCESSOR_LANGUAGE) and its translations beside it
   * (`privacy-facts.fr.yaml`, …), read and validated at start, per language: see privacy-facts.ts.
   */
  privacyFacts: PrivacyFactsByLanguage;
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

/** Two working days, as the queue's `urgent` (URGENT_WORKING_DAYS). */
export const DEADLINE_NEAR_WORKING_DAYS_DEFAULT = 2;

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
  SCHEDULED_JOBS: { schema: bool('SCHEDULED_JOBS'), expected: 'must be true or false' },
  DB_POOL_SIZE: { schema: z.coerce.number().int().min(1).max(200), expected: 'must be an integer 1-200' },
  EXTRA_NON_WORKING_DAYS: {
    schema: z
      .string()
      .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
      .refine((days) => days.every((d) => isoDay.test(d))),
    expected: 'must be a comma-separated list of dates YYYY-MM-DD',
  },
  PROCESSOR_TONE: { schema: z.enum(['u', 'je']), expected: 'must be u or je' },
  PROCESSOR_LANGUAGE: { schema: z.enum(['nl', 'fr', 'en']), expected: 'must be nl, fr or en' },
  OUTBOX_WORKER: { schema: bool('OUTBOX_WORKER'), expected: 'must be true or false' },
  OUTBOX_POLL_MS: { schema: z.coerce.number().int().min(50).max(60_000), expected: 'must be an integer 50-60000 (milliseconds)' },
  INBOX: { schema: bool('INBOX'), expected: 'must be true or false' },
  INBOX_POLL_MS: { schema: z.coerce.number().int().min(50).max(60_000), expected: 'must be an integer 50-60000 (milliseconds)' },
  IMAP_URL: { schema: z.string().regex(/^imaps?:\/\/[^@/]+@[^/]+/), expected: 'must be an imap:// or imaps:// URL with user and password, e.g. imaps://user:password@host:993/INBOX' },
  IMAP_DONE_FOLDER: { schema: z.string().min(1).max(200), expected: 'must be a folder name of 1-200 characters' },
  OUTBOX_MAX_ATTEMPTS: { schema: z.coerce.number().int().min(1).max(50), expected: 'must be an integer 1-50' },
  DOSSIER_PDF_THREADS: { schema: z.coerce.number().int().min(1).max(16), expected: 'must be an integer 1-16' },
  DOSSIER_PDF_QUEUE: { schema: z.coerce.number().int().min(0).max(100), expected: 'must be an integer 0-100' },
  API_RATE_LIMIT_PER_MINUTE: { schema: z.coerce.number().int().min(1).max(1_000_000), expected: 'must be an integer 1-1000000' },
  API_PUBLIC_RATE_LIMIT_PER_MINUTE: { schema: z.coerce.number().int().min(1).max(1_000_000), expected: 'must be an integer 1-1000000' },
  API_AUTH_FAILURES_PER_MINUTE: { schema: z.coerce.number().int().min(1).max(10_000), expected: 'must be an integer 1-10000' },
  WEBHOOK_WORKER: { schema: bool('WEBHOOK_WORKER'), expected: 'must be true or false' },
  WEBHOOK_POLL_MS: { schema: z.coerce.number().int().min(50).max(60_000), expected: 'must be an integer 50-60000 (milliseconds)' },
  DEADLINE_NEAR_WORKING_DAYS: { schema: z.coerce.number().int().min(0).max(20), expected: 'must be an integer 0-20' },
  WEBHOOK_MAX_ATTEMPTS: { schema: z.coerce.number().int().min(1).max(50), expected: 'must be an integer 1-50' },
  WEBHOOK_ALLOW_LOOPBACK: { schema: bool('WEBHOOK_ALLOW_LOOPBACK'), expected: 'must be true or false' },
  RETENTION_MONTHS: { schema: z.coerce.number().int().min(1).max(120), expected: 'must be an integer 1-120 (months)' },
  METRICS_TOKEN: { schema: z.string().min(16).regex(/^[\x21-\x7e]+$/), expected: 'must be at least 16 visible ASCII characters' },
  ART19_RECIPIENTS: {
    schema: z.string().transform(parseRecipientList).refine((names) => names !== null),
    expected: 'must be a ;-separated list of distinct names of at most 200 characters each',
  },
  EXPORT_MAX_MB: { schema: z.coerce.number().int().min(1).max(500), expected: 'must be an integer 1-500 (megabytes)' },
  EXPORT_LINK_DAYS: { schema: z.coerce.number().int().min(1).max(90), expected: 'must be an integer 1-90 (days)' },
  FAULT_AFTER_COMMIT: { schema: z.enum(['exit', 'error']), expected: 'must be exit or error (tests only)' },
  LOGIN_PAIR_FREE_FAILURES: { schema: z.coerce.number().int().min(1).max(100), expected: 'must be an integer 1-100' },
  LOGIN_ADDRESS_FREE_FAILURES: { schema: z.coerce.number().int().min(1).max(10_000), expected: 'must be an integer 1-10000' },
  LOGIN_NAME_FREE_FAILURES: { schema: z.coerce.number().int().min(1).max(1000), expected: 'must be an integer 1-1000' },
  LOGIN_MAX_DELAY_SECONDS: { schema: z.coerce.number().int().min(15).max(86_400), expected: 'must be an integer 15-86400 (seconds)' },
  PRIVACY_FACTS_FILE: { schema: z.string().min(1), expected: 'must be a file path' },
  WEBHOOK_ALLOWED_HOSTS: {
    schema: z
      .string()
      .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
      .refine((hosts) => hosts.every((h) => /^[a-z0-9.:-]{1,253}$/.test(h))),
    expected: 'must be a comma-separated list of host names or addresses',
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
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const processorCountry = read<Country>(env, 'PROCESSOR_COUNTRY') ?? 'NL';
  const factsFile = read<string>(env, 'PRIVACY_FACTS_FILE');
  const processorLanguage = read<'nl' | 'fr' | 'en'>(env, 'PROCESSOR_LANGUAGE') ?? 'nl';
  return {
    port,
    host: read<string>(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    publicBaseUrl: (read<string>(env, 'PUBLIC_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: read<string>(env, 'SMTP_URL'),
    identifierKey,
    processor: {
      name: read<string>(env, 'PROCESSOR_NAME') ?? 'Voorbeeld Software B.V.',
      country: processorCountry,
      privacyEmail: read<string>(env, 'PROCESSOR_PRIVACY_EMAIL') ?? 'privacy@voorbeeld-software.example',
    },
    demoData,
    logLevel: read<AppConfig['logLevel']>(env, 'LOG_LEVEL') ?? 'info',
    dbPoolSize: read<number>(env, 'DB_POOL_SIZE') ?? 10,
    extraNonWorkingDays: read<string[]>(env, 'EXTRA_NON_WORKING_DAYS') ?? [],
    deadlineNearWorkingDays: read<number>(env, 'DEADLINE_NEAR_WORKING_DAYS') ?? DEADLINE_NEAR_WORKING_DAYS_DEFAULT,
    scheduledJobs: read<boolean>(env, 'SCHEDULED_JOBS') ?? true,
    processorTone: read<'u' | 'je'>(env, 'PROCESSOR_TONE') ?? 'u',
    processorLanguage,
    outbox: {
      worker: read<boolean>(env, 'OUTBOX_WORKER') ?? true,
      pollMs: read<number>(env, 'OUTBOX_POLL_MS') ?? 1000,
      maxAttempts: read<number>(env, 'OUTBOX_MAX_ATTEMPTS') ?? 8,
    },
    inbox: {
      enabled: read<boolean>(env, 'INBOX') ?? true,
      pollMs: read<number>(env, 'INBOX_POLL_MS') ?? 2000,
      imapUrl: read<string>(env, 'IMAP_URL'),
      imapDoneFolder: read<string>(env, 'IMAP_DONE_FOLDER') ?? 'Verwerkt',
    },
    dossierPdf: { threads: read<number>(env, 'DOSSIER_PDF_THREADS') ?? 1, queue: read<number>(env, 'DOSSIER_PDF_QUEUE') ?? 4 },
    apiRateLimitPerMinute: read<number>(env, 'API_RATE_LIMIT_PER_MINUTE') ?? 600,
    apiPublicRateLimitPerMinute: read<number>(env, 'API_PUBLIC_RATE_LIMIT_PER_MINUTE') ?? 60,
    apiAuthFailuresPerMinute: read<number>(env, 'API_AUTH_FAILURES_PER_MINUTE') ?? 10,
    webhooks: {
      worker: read<boolean>(env, 'WEBHOOK_WORKER') ?? true,
      pollMs: read<number>(env, 'WEBHOOK_POLL_MS') ?? 1000,
      maxAttempts: read<number>(env, 'WEBHOOK_MAX_ATTEMPTS') ?? 12,
      allowLoopback: read<boolean>(env, 'WEBHOOK_ALLOW_LOOPBACK') ?? false,
      allowedHosts: read<string[]>(env, 'WEBHOOK_ALLOWED_HOSTS') ?? [],
    },
    retentionMonths: read<number>(env, 'RETENTION_MONTHS') ?? 12,
    metricsToken: read<string>(env, 'METRICS_TOKEN'),
    processorTasks: {
      art19Recipients: read<string[]>(env, 'ART19_RECIPIENTS') ?? [],
      exportMaxMb: read<number>(env, 'EXPORT_MAX_MB') ?? 25,
      exportLinkDays: read<number>(env, 'EXPORT_LINK_DAYS') ?? 14,
    },
    faultAfterCommit: read<'exit' | 'error'>(env, 'FAULT_AFTER_COMMIT'),
    login: {
      pairFreeFailures: read<number>(env, 'LOGIN_PAIR_FREE_FAILURES') ?? 3,
      addressFreeFailures: read<number>(env, 'LOGIN_ADDRESS_FREE_FAILURES') ?? 20,
      nameFreeFailures: read<number>(env, 'LOGIN_NAME_FREE_FAILURES') ?? 10,
      maxDelaySeconds: read<number>(env, 'LOGIN_MAX_DELAY_SECONDS') ?? 900,
    },
    privacyFacts: readPrivacyFacts(
      { path: factsFile ? (isAbsolute(factsFile) ? factsFile : resolve(cwd, factsFile)) : join(dataDir, DEFAULT_PRIVACY_FACTS_FILE), explicit: factsFile !== undefined },
      { country: processorCountry, demoData, language: processorLanguage },
    ),
  };
}

/**
 * `ART19_RECIPIENTS`: names separated by `;` ("Hosting B.V.; Mailservice B.V."), trimmed, empty
 * entries dropped. null (invalid) for a name over 200 characters or a name given twice
 * (case-insensitive): an agent ticks one box per name, so each must be unambiguous.
 */
export function parseRecipientList(value: string): string[] | null {
  const names = value.split(';').map((n) => n.trim().replace(/\s+/g, ' ')).filter(Boolean);
  if (names.some((n) => n.length > 200)) return null;
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) return null;
  return names;
}

/** The process environment, read here and nowhere else. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}
