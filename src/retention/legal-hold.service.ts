/** Legal hold: while it lasts, a request's personal data is kept past the retention period. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { NotFoundProblem, ProblemException } from '../common/problem.js';
import { UUID } from '../common/validation.js';
import { clearLegalHold, setLegalHold } from '../requests/request-sql.js';


export interface LegalHold {
  requestId: string;
  reference: string;
  /** null: no hold. */
  legalHold: { reason: string; at: string; by: string } | null;
  /** When the retention job removed the personal data, if it did. */
  purgedAt: string | null;
}

interface HoldRow {
  id: string;
  reference: string;
  legalHoldReason: string | null;
  legalHoldAt: Date | null;
  legalHoldBy: string | null;
  purgedAt: Date | null;
}

const COLUMNS = `id, reference, legal_hold_reason AS "legalHoldReason", legal_hold_at AS "legalHoldAt", legal_hold_by AS "legalHoldBy", purged_at AS "purgedAt"`;

function toHold(row: HoldRow): LegalHold {
  return {
    requestId: row.id,
    reference: row.reference,
    legalHold: row.legalHoldAt ? { reason: row.legalHoldReason!, at: row.legalHoldAt.toISOString(), by: row.legalHoldBy! } : null,
    purgedAt: row.purgedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class LegalHoldService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<LegalHold> {
    if (!UUID.test(id)) throw new NotFoundProblem('request');
    const [row]: HoldRow[] = await this.db.query(`SELECT ${COLUMNS} FROM requests WHERE id = $1`, [id]);
    if (!row) throw new NotFoundProblem('request');
    return toHold(row);
  }

  /**
   * Sets (or replaces the reason of) the hold, audited in the same statement. The reason stays on
   * the request, not in the audit trail (free text never goes there). A purged request has
   * nothing left to hold: 409.
   */
  async set(id: string, reason: string, actor: string): Promise<LegalHold> {
    const current = await this.get(id);
    if (current.purgedAt) {
      throw new ProblemException(409, 'request-purged', 'Request purged', 'The personal data of this request was already removed after the retention period; there is nothing left to hold.');
    }
    const now = this.clock.now();
    const rows: HoldRow[] = await this.db.query(
      `WITH r AS (
         ${setLegalHold(COLUMNS)}),
       a AS (
         ${auditInsert(`SELECT id, $3, $4, 'LEGAL_HOLD_SET', jsonb_build_object('replaced', $5::boolean) FROM r`)})
       SELECT * FROM r`,
      [id, reason, now, actor, current.legalHold !== null],
    );
    if (!rows[0]) throw new ProblemException(409, 'request-purged', 'Request purged', 'The personal data of this request was removed meanwhile.');
    return toHold(rows[0]);
  }

  /** Lifts the hold (audited); without a hold nothing changes and nothing is audited. */
  async clear(id: string, actor: string): Promise<LegalHold> {
    const current = await this.get(id);
    if (!current.legalHold) return current;
    const now = this.clock.now();
    const rows: HoldRow[] = await this.db.query(
      `WITH r AS (
         ${clearLegalHold(COLUMNS)}),
       a AS (
         ${auditInsert(`SELECT id, $2, $3, 'LEGAL_HOLD_CLEARED', '{}'::jsonb FROM r`)})
       SELECT * FROM r`,
      [id, now, actor],
    );
    return rows[0] ? toHold(rows[0]) : this.get(id);
  }
}
