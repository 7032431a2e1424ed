/**
 * Sessions of the agent workspace, login budgets and the workspace settings. The cookie holds
 * a 256-bit random session id; the database holds only its SHA-256. Idle timeout 30 minutes,
 * absolute 12 hours. Each session has its own CSRF secret, sent back in every form as `_csrf`.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { randomToken, sha256Hex } from '../common/crypto.js';
import type { AgentRole } from '../agents/agents.service.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { budgetKey, delaySeconds, FIRST_DELAY_SECONDS, freeFailures, KNOWN_ADDRESS_DAYS, type LoginBudgets } from './login-budget.js';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** The idle expiry is pushed forward at most once a minute (one write per minute of activity, not per page). */
const TOUCH_EVERY_MS = 60_000;

/**
 * full: logged in; totp: password right, second factor awaited; password: a temporary password,
 * the new one still to be chosen; enrol: 2FA mandatory, not yet set up.
 */
export type SessionStage = 'full' | 'totp' | 'password' | 'enrol';

/** The outcome of reserving an attempt: go ahead (and release `reserved` if the secret is right), or wait. */
export type AttemptReservation = { ok: true; reserved: string[] } | { ok: false; retryAfterSeconds: number };

export interface UiSession {
  idHash: string;
  csrfSecret: string;
  stage: SessionStage;
  agent: { id: string; username: string; displayName: string; role: AgentRole };
}

@Injectable()
export class SessionsService {
  private readonly budgets: LoginBudgets;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.budgets = config.login;
  }

  /** A new session; returns the id for the cookie (shown nowhere else). */
  async create(agentId: string, stage: SessionStage): Promise<string> {
    const id = randomToken(32);
    const now = this.clock.now();
    await this.db.query(
      `INSERT INTO ui_sessions (id_hash, agent_id, csrf_secret, stage, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`,
      [sha256Hex(id), agentId, randomToken(32), stage, now, new Date(now.getTime() + SESSION_IDLE_MS), new Date(now.getTime() + SESSION_ABSOLUTE_MS)],
    );
    // Expired sessions are cleaned up now and then, by whoever logs in.
    if (Math.random() < 0.1) {
      await this.db.query(`DELETE FROM ui_sessions WHERE idle_expires_at < $1 OR absolute_expires_at < $1`, [now]);
      // In key order, past rows an attempt holds right now (one order for all writers: releaseAttempt).
      await this.db.query(
        `DELETE FROM ui_login_attempts
          WHERE key IN (SELECT key FROM ui_login_attempts
                         WHERE last_failure_at < $1::timestamptz - interval '24 hours' AND (known_at IS NULL OR known_at < $1::timestamptz - make_interval(days => $2))
                         ORDER BY key FOR UPDATE SKIP LOCKED)`,
        [now, KNOWN_ADDRESS_DAYS],
      );
    }
    return id;
  }

  /** The live session of a cookie value, its idle expiry pushed forward; undefined when unknown or expired. */
  async find(id: string | undefined): Promise<UiSession | undefined> {
    if (!id || id.length > 100) return undefined;
    const now = this.clock.now();
    const rows: (Omit<UiSession, 'agent'> & { agentId: string; username: string; displayName: string; role: AgentRole; lastSeenAt: Date })[] =
      await this.db.query(
        `SELECT s.id_hash AS "idHash", s.csrf_secret AS "csrfSecret", s.stage, s.last_seen_at AS "lastSeenAt",
                a.id AS "agentId", a.username, a.display_name AS "displayName", a.role
           FROM ui_sessions s JOIN agents a ON a.id = s.agent_id
          WHERE s.id_hash = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2 AND a.active`,
        [sha256Hex(id), now],
      );
    const row = rows[0];
    if (!row) return undefined;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.db.query(
        `UPDATE ui_sessions SET last_seen_at = $2, idle_expires_at = least($3, absolute_expires_at) WHERE id_hash = $1`,
        [row.idHash, now, new Date(now.getTime() + SESSION_IDLE_MS)],
      );
    }
    return {
      idHash: row.idHash,
      csrfSecret: row.csrfSecret,
      stage: row.stage,
      agent: { id: row.agentId, username: row.username, displayName: row.displayName, role: row.role },
    };
  }

  async destroy(idHash: string): Promise<void> {
    await this.db.query(`DELETE FROM ui_sessions WHERE id_hash = $1`, [idHash]);
  }

  async destroyAllOf(agentId: string): Promise<void> {
    await this.db.query(`DELETE FROM ui_sessions WHERE agent_id = $1`, [agentId]);
  }

  // ---- login budgets (src/agent-ui/login-budget.ts) -------------------------------------------

  /**
   * Reserves one attempt on each budget in `keys` before the secret is checked, in one statement:
   * parallel attempts each take a row lock in key order and each consume budget, so no more
   * secrets are checked than the budgets allow, on any number of nodes. A budget that is spent
   * refuses without consuming; the others' reservations are then released again. Failures older
   * than a quiet day are forgiven.
   */
  async reserveAttempt(keys: readonly string[]): Promise<AttemptReservation> {
    const now = this.clock.now();
    const sorted = [...new Set(keys)].sort();
    const firstBlock = sorted.map((k) => {
      const d = delaySeconds(1, freeFailures(k, this.budgets), this.budgets.maxDelaySeconds);
      return d > 0 ? new Date(now.getTime() + d * 1000) : null;
    });
    const free = `(CASE split_part(a.key, ':', 1) WHEN 'ip' THEN $4::int WHEN 'user' THEN $5::int ELSE $6::int END)`;
    const base = `(CASE WHEN a.last_failure_at < $2::timestamptz - interval '24 hours' THEN 0 ELSE a.failures END)`;
    const allowed = `(${base} < ${free} OR a.blocked_until IS NULL OR a.blocked_until <= $2::timestamptz)`;
    const rows: { key: string; allowed: boolean; blockedUntil: Date | null }[] = await this.db.query(
      `INSERT INTO ui_login_attempts AS a (key, failures, last_failure_at, blocked_until, allowed)
       SELECT k.key, 1, $2::timestamptz, k.blocked_until, true
         FROM unnest($1::text[], $3::timestamptz[]) AS k(key, blocked_until) ORDER BY k.key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN ${allowed} THEN ${base} + 1 ELSE a.failures END,
         blocked_until = CASE WHEN NOT ${allowed} THEN a.blocked_until
                              WHEN ${base} + 1 >= ${free}
                              THEN $2::timestamptz + make_interval(secs => least($7::float8, $8::float8 * power(2::float8, least(${base} + 1 - ${free}, 20))))
                         END,
         last_failure_at = CASE WHEN ${allowed} THEN $2::timestamptz ELSE a.last_failure_at END,
         allowed = ${allowed}
       RETURNING key, allowed, blocked_until AS "blockedUntil"`,
      [
        sorted,
        now,
        firstBlock,
        this.budgets.addressFreeFailures,
        this.budgets.nameFreeFailures,
        this.budgets.pairFreeFailures,
        this.budgets.maxDelaySeconds,
        FIRST_DELAY_SECONDS,
      ],
    );
    const refused = rows.filter((r) => !r.allowed);
    if (!refused.length) return { ok: true, reserved: sorted };
    await this.releaseAttempt(rows.filter((r) => r.allowed).map((r) => r.key));
    const until = Math.max(...refused.map((r) => r.blockedUntil?.getTime() ?? now.getTime()));
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
  }

  /** Gives back a reservation: the secret was right (or the attempt was refused elsewhere). */
  async releaseAttempt(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    // Rows are locked in key order, the order reserveAttempt takes them in: locked in table order,
    // a release and a reservation of the same keys could each hold one and wait for the other.
    await this.db.query(
      `UPDATE ui_login_attempts SET failures = greatest(failures - 1, 0)
        WHERE key IN (SELECT key FROM ui_login_attempts WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE)`,
      [[...keys]],
    );
  }

  /** Whether this name logged in from this address within the last KNOWN_ADDRESS_DAYS days. */
  async isKnownAddress(username: string, address: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM ui_login_attempts WHERE key = $1 AND known_at > $2::timestamptz - make_interval(days => $3)`,
      [budgetKey('pair', username, address), this.clock.now(), KNOWN_ADDRESS_DAYS],
    );
    return rows.length > 0;
  }

  /** Both factors proven: the pair's failures are forgiven, the address becomes known for the name, the TOTP budget is reset. */
  async loginSucceeded(username: string, address: string): Promise<void> {
    const now = this.clock.now();
    // Two statements, each holding one row: the order of a data-modifying WITH and its main
    // statement is not defined (PostgreSQL runs an unreferenced WITH last), so one statement could
    // take the TOTP row before the pair row, against reserveAttempt's key order, and deadlock.
    await this.db.query(
      `INSERT INTO ui_login_attempts (key, failures, last_failure_at, known_at) VALUES ($1, 0, $2, $2)
       ON CONFLICT (key) DO UPDATE SET failures = 0, blocked_until = NULL, known_at = $2`,
      [budgetKey('pair', username, address), now],
    );
    await this.db.query(`DELETE FROM ui_login_attempts WHERE key = $1`, [budgetKey('totp', username, address)]);
  }

  // ---- settings ----------------------------------------------------------------------------

  async totpRequired(): Promise<boolean> {
    const rows: { value: unknown }[] = await this.db.query(`SELECT value FROM ui_settings WHERE key = 'totp_required'`);
    return rows[0]?.value === true;
  }

  async setTotpRequired(required: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO ui_settings (key, value, updated_at) VALUES ('totp_required', $1::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [JSON.stringify(required)],
    );
  }

  async setStage(idHash: string, stage: SessionStage): Promise<void> {
    await this.db.query(`UPDATE ui_sessions SET stage = $2 WHERE id_hash = $1`, [idHash, stage]);
  }
}
