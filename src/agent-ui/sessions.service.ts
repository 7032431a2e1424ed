/**
 * Sessions of the agent workspace, login throttling and the workspace settings. The cookie holds
 * a 256-bit random session id; the database holds only its SHA-256. Idle timeout 30 minutes,
 * absolute 12 hours. Each session has its own CSRF secret, sent back in every form as `_csrf`.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { randomToken, sha256Hex } from '../common/crypto.js';
import type { AgentRole } from '../agents/agents.service.js';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** The idle expiry is pushed forward at most once a minute (one write per minute of activity, not per page). */
const TOUCH_EVERY_MS = 60_000;

/** full: logged in; totp: password right, second factor awaited; enrol: 2FA mandatory, not yet set up. */
export type SessionStage = 'full' | 'totp' | 'enrol';

export interface UiSession {
  idHash: string;
  csrfSecret: string;
  stage: SessionStage;
  agent: { id: string; username: string; displayName: string; role: AgentRole };
}

/** Failures allowed per key before the delay starts, and its growth. */
const FREE_FAILURES = { user: 3, ip: 20 } as const;
const MAX_DELAY_S = 15 * 60;

/** Seconds to wait after `failures` failed attempts: none for the first few, then 2, 4, 8 … up to 15 minutes. */
export function loginDelaySeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_S, 2 ** (failures - free + 1));
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

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
    if (Math.random() < 0.1) await this.db.query(`DELETE FROM ui_sessions WHERE idle_expires_at < $1 OR absolute_expires_at < $1`, [now]);
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

  // ---- login throttling ----------------------------------------------------------------------

  /** Seconds the caller must still wait before another login attempt for this user or address (0: may try). */
  async waitSeconds(username: string, ip: string): Promise<number> {
    const now = this.clock.now();
    const rows: { until: Date | null }[] = await this.db.query(
      `SELECT max(blocked_until) AS until FROM ui_login_attempts WHERE key = ANY($1) AND blocked_until > $2`,
      [[userKey(username), ipKey(ip)], now],
    );
    const until = rows[0]?.until;
    return until ? Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) : 0;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const now = this.clock.now();
    for (const [key, free] of [
      [userKey(username), FREE_FAILURES.user],
      [ipKey(ip), FREE_FAILURES.ip],
    ] as const) {
      const rows: { failures: number }[] = await this.db.query(
        `INSERT INTO ui_login_attempts (key, failures, last_failure_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           -- a quiet day forgives earlier failures
           failures = CASE WHEN ui_login_attempts.last_failure_at < $2 - interval '24 hours' THEN 1 ELSE ui_login_attempts.failures + 1 END,
           last_failure_at = $2
         RETURNING failures`,
        [key, now],
      );
      const delay = loginDelaySeconds(rows[0].failures, free);
      if (delay > 0) {
        await this.db.query(`UPDATE ui_login_attempts SET blocked_until = $2 WHERE key = $1`, [key, new Date(now.getTime() + delay * 1000)]);
      }
    }
  }

  async recordSuccess(username: string): Promise<void> {
    await this.db.query(`DELETE FROM ui_login_attempts WHERE key = $1`, [userKey(username)]);
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

function userKey(username: string): string {
  return 'user:' + username.trim().toLowerCase().slice(0, 200);
}

function ipKey(ip: string): string {
  return 'ip:' + ip;
}
