/** An agent's own saved views of the queue (table saved_views): a name and the filters as a query string. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UUID } from '../common/validation.js';

/** The query parameters of the queue a view may hold (the page number is not one of them). */
export const VIEW_PARAMS = ['weergave', 'status', 'verantwoordelijke', 'medewerker', 'zoek', 'sorteer', 'volgorde'] as const;
export const MAX_SAVED_VIEWS = 30;

export interface SavedView {
  id: string;
  name: string;
  query: string;
}

/** The queue's filters as a canonical query string (known parameters, fixed order, no empty values). */
export function canonicalQuery(source: URLSearchParams | Record<string, unknown>): string {
  const get = (k: string) => (source instanceof URLSearchParams ? source.get(k) : typeof source[k] === 'string' ? (source[k] as string) : null);
  const out = new URLSearchParams();
  for (const key of VIEW_PARAMS) {
    const value = get(key)?.trim().slice(0, 200);
    if (value) out.set(key, value);
  }
  return out.toString();
}

export type SaveOutcome = { ok: true } | { ok: false; reason: 'name' | 'empty' | 'too-many' | 'exists' };

@Injectable()
export class SavedViewsService {
  constructor(private readonly db: DataSource) {}

  list(agentId: string): Promise<SavedView[]> {
    return this.db.query(`SELECT id, name, query FROM saved_views WHERE agent_id = $1 ORDER BY lower(name), id`, [agentId]);
  }

  async save(agentId: string, rawName: string, query: string): Promise<SaveOutcome> {
    const name = rawName.trim().replace(/\s+/g, ' ');
    if (!name || name.length > 60) return { ok: false, reason: 'name' };
    if (!query) return { ok: false, reason: 'empty' };
    // One statement: the cap and the unique name hold under concurrent saves too (the unique key decides).
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO saved_views (agent_id, name, query)
       SELECT $1, $2, $3 WHERE (SELECT count(*) FROM saved_views WHERE agent_id = $1) < $4
       ON CONFLICT (agent_id, name) DO NOTHING RETURNING id`,
      [agentId, name, query, MAX_SAVED_VIEWS],
    );
    if (rows.length) return { ok: true };
    const [{ n }]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM saved_views WHERE agent_id = $1`, [agentId]);
    return { ok: false, reason: n >= MAX_SAVED_VIEWS ? 'too-many' : 'exists' };
  }

  /** Only the agent's own view; false when it was not there (deleted already, or someone else's). */
  async remove(agentId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const [, count]: [unknown, number] = await this.db.query(`DELETE FROM saved_views WHERE id = $1 AND agent_id = $2`, [id, agentId]);
    return count > 0;
  }
}
