import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../common/crypto.js';

export type AgentRole = 'agent' | 'admin';

export interface Agent {
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
  active: boolean;
}

type Queryable = Pick<DataSource, 'query'>;

@Injectable()
export class AgentsService {
  constructor(private readonly db: DataSource) {}

  async count(db: Queryable = this.db): Promise<number> {
    const rows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM agents`);
    return rows[0].n;
  }

  /** Creates an agent; undefined when the username is taken. */
  async create(
    input: { username: string; displayName: string; password: string; role: AgentRole; email?: string },
    db: Queryable = this.db,
  ): Promise<Agent | undefined> {
    const rows: Agent[] = await db.query(
      `INSERT INTO agents (username, display_name, email, password_hash, role) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING
       RETURNING id, username, display_name AS "displayName", role, active`,
      [input.username, input.displayName, input.email ?? null, await hashPassword(input.password), input.role],
    );
    return rows[0];
  }

  /** The active agent with these credentials, or undefined. */
  async verify(username: string, password: string): Promise<Agent | undefined> {
    const rows: (Agent & { passwordHash: string })[] = await this.db.query(
      `SELECT id, username, display_name AS "displayName", role, active, password_hash AS "passwordHash"
         FROM agents WHERE username = $1 AND active`,
      [username],
    );
    const row = rows[0];
    if (!row || !(await verifyPassword(password, row.passwordHash))) return undefined;
    const { passwordHash: _hash, ...agent } = row;
    return agent;
  }
}
