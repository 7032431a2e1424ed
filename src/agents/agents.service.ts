import { Inject, Injectable } from '@nestjs/common';
import * as OTPAuth from 'otpauth';
import { DataSource } from 'typeorm';
import { hashPassword, SecretBox, verifyPassword } from '../common/crypto.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { UUID } from '../common/validation.js';

export type AgentRole = 'agent' | 'admin';
export const AGENT_ROLES: readonly AgentRole[] = ['agent', 'admin'];

export interface Agent {
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
  active: boolean;
}

export interface AgentListItem extends Agent {
  email: string | null;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

type Queryable = Pick<DataSource, 'query'>;

/** TOTP as the usual authenticator apps expect it: SHA-1, 6 digits, 30 s; one step of clock drift either way. */
const TOTP_PERIOD = 30;
const TOTP_WINDOW = 1;
const TOTP_ISSUER = 'Verzoekrouter';

/**
 * Agents of the workspace: scrypt password hashes, roles, and optional TOTP two-factor. The TOTP
 * secret is stored encrypted with a key derived from IDENTIFIER_KEY (never stored in the database).
 */
@Injectable()
export class AgentsService {
  private readonly totpBox: SecretBox;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.totpBox = new SecretBox(config.identifierKey, 'totp-secret-encryption');
  }

  async count(db: Queryable = this.db): Promise<number> {
    const rows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM agents`);
    return rows[0].n;
  }

  /** Creates an agent; undefined when the username is taken. `temporary`: the password must be changed at the first login. */
  async create(
    input: { username: string; displayName: string; password: string; role: AgentRole; email?: string; temporary?: boolean },
    db: Queryable = this.db,
  ): Promise<Agent | undefined> {
    const rows: Agent[] = await db.query(
      `INSERT INTO agents (username, display_name, email, password_hash, role, must_change_password) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO NOTHING
       RETURNING id, username, display_name AS "displayName", role, active`,
      [input.username, input.displayName, input.email ?? null, await hashPassword(input.password), input.role, input.temporary ?? false],
    );
    return rows[0];
  }

  /** The active agent with these credentials, or undefined; `mustChangePassword` for a temporary password. */
  async verify(username: string, password: string): Promise<(Agent & { mustChangePassword: boolean }) | undefined> {
    const rows: (Agent & { passwordHash: string; mustChangePassword: boolean })[] = await this.db.query(
      `SELECT id, username, display_name AS "displayName", role, active, password_hash AS "passwordHash",
              must_change_password AS "mustChangePassword"
         FROM agents WHERE username = $1 AND active`,
      [username],
    );
    const row = rows[0];
    if (!row) {
      // Same work as for a known user, so the answer time does not reveal which usernames exist.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    if (!(await verifyPassword(password, row.passwordHash))) return undefined;
    const { passwordHash: _hash, ...agent } = row;
    return agent;
  }

  async list(): Promise<AgentListItem[]> {
    return this.db.query(
      `SELECT id, username, display_name AS "displayName", role, active, email, totp_enabled AS "totpEnabled",
              last_login_at AS "lastLoginAt", created_at AS "createdAt"
         FROM agents ORDER BY lower(display_name), username`,
    );
  }

  async get(id: string): Promise<AgentListItem | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: AgentListItem[] = await this.db.query(
      `SELECT id, username, display_name AS "displayName", role, active, email, totp_enabled AS "totpEnabled",
              last_login_at AS "lastLoginAt", created_at AS "createdAt"
         FROM agents WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** `password`: a temporary one (an admin's reset), to be changed at the next login. */
  async update(id: string, changes: { role?: AgentRole; active?: boolean; password?: string }): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const passwordHash = changes.password ? await hashPassword(changes.password) : null;
    const [, count]: [unknown, number] = await this.db.query(
      `UPDATE agents SET role = coalesce($2, role), active = coalesce($3, active),
              password_hash = coalesce($4, password_hash),
              must_change_password = must_change_password OR $4::text IS NOT NULL, updated_at = now()
        WHERE id = $1`,
      [id, changes.role ?? null, changes.active ?? null, passwordHash],
    );
    return count > 0;
  }

  /** Sets or clears (null) the address for the daily digest; the caller validated it (parseAgentEmail). */
  async setEmail(id: string, email: string | null): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const [, count]: [unknown, number] = await this.db.query(`UPDATE agents SET email = $2, updated_at = now() WHERE id = $1`, [id, email]);
    return count > 0;
  }

  /** The agent's own new password (checked by the caller: current password, passwordProblem); no longer temporary. */
  async changePassword(id: string, password: string): Promise<void> {
    await this.db.query(`UPDATE agents SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1`, [
      id,
      await hashPassword(password),
    ]);
  }

  async mustChangePassword(id: string): Promise<boolean> {
    const rows: { must: boolean }[] = await this.db.query(`SELECT must_change_password AS must FROM agents WHERE id = $1`, [id]);
    return rows[0]?.must ?? false;
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE agents SET last_login_at = $2 WHERE id = $1`, [id, at]);
  }

  // ---- TOTP -------------------------------------------------------------------------------

  /** A fresh secret (base32) for enrolment; stored only once the agent confirms a code. */
  newTotpSecret(): string {
    return new OTPAuth.Secret({ size: 20 }).base32;
  }

  totpUri(username: string, secretBase32: string): string {
    return this.totp(secretBase32, username).toString();
  }

  /** The time step of a valid code for this secret, or undefined. */
  checkTotp(secretBase32: string, code: string, at: Date): number | undefined {
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token)) return undefined;
    const delta = this.totp(secretBase32).validate({ token, timestamp: at.getTime(), window: TOTP_WINDOW });
    if (delta === null) return undefined;
    return Math.floor(at.getTime() / 1000 / TOTP_PERIOD) + delta;
  }

  async totpState(id: string): Promise<{ enabled: boolean }> {
    const rows: { enabled: boolean }[] = await this.db.query(`SELECT totp_enabled AS enabled FROM agents WHERE id = $1`, [id]);
    return { enabled: rows[0]?.enabled ?? false };
  }

  async enableTotp(id: string, secretBase32: string, step: number): Promise<void> {
    await this.db.query(`UPDATE agents SET totp_secret = $2, totp_enabled = true, totp_last_step = $3, updated_at = now() WHERE id = $1`, [
      id,
      this.totpBox.encrypt(secretBase32),
      step,
    ]);
  }

  async disableTotp(id: string): Promise<void> {
    await this.db.query(`UPDATE agents SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Checks a login code against the stored secret; a code is accepted once (replay refused). */
  async verifyTotp(id: string, code: string, at: Date): Promise<boolean> {
    const rows: { secret: string | null; lastStep: string | null }[] = await this.db.query(
      `SELECT totp_secret AS secret, totp_last_step::text AS "lastStep" FROM agents WHERE id = $1 AND totp_enabled AND active`,
      [id],
    );
    const row = rows[0];
    if (!row?.secret) return false;
    const step = this.checkTotp(this.totpBox.decrypt(row.secret), code, at);
    if (step === undefined || (row.lastStep !== null && step <= Number(row.lastStep))) return false;
    const [, count]: [unknown, number] = await this.db.query(
      `UPDATE agents SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [id, step],
    );
    return count > 0;
  }

  private totp(secretBase32: string, label = 'agent'): OTPAuth.TOTP {
    return new OTPAuth.TOTP({
      issuer: TOTP_ISSUER,
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: TOTP_PERIOD,
      secret: OTPAuth.Secret.fromBase32(secretBase32),
    });
  }
}

/** scrypt hash of a random value, used to spend the same time on unknown usernames. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
