/**
 * `externalRef` (the helpdesk's ticket id) is unique per API client: a unique index on
 * requests (api_client, external_ref). A second intake with the same ref answers 409 naming the
 * request that has it; the lookup happens only on that error path.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem.js';

export const EXTERNAL_REF_CONSTRAINT = 'requests_client_external_ref_key';

export class DuplicateExternalRefProblem extends ProblemException {
  constructor(externalRef: string, existing: { id: string; reference: string } | undefined) {
    super(
      409,
      'duplicate-external-ref',
      'Duplicate externalRef',
      existing
        ? `This client filed externalRef ${JSON.stringify(externalRef)} before: request ${existing.reference} (${existing.id}).`
        : `This client filed externalRef ${JSON.stringify(externalRef)} before.`,
      existing ? { requestId: existing.id, reference: existing.reference, location: `/api/v1/requests/${existing.id}` } : {},
    );
  }
}

function isExternalRefViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string; driverError?: { code?: string; constraint?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  const constraint = e?.constraint ?? e?.driverError?.constraint ?? '';
  return code === '23505' && (constraint === EXTERNAL_REF_CONSTRAINT || String(e?.message ?? '').includes(EXTERNAL_REF_CONSTRAINT));
}

@Injectable()
export class ExternalRefs {
  constructor(private readonly db: DataSource) {}

  /** Rethrows an intake error; a duplicate externalRef becomes a 409 naming the existing request. */
  async rethrow(err: unknown, apiClient: string, body: unknown): Promise<never> {
    if (!isExternalRefViolation(err)) throw err;
    const raw = (body as { externalRef?: unknown } | null)?.externalRef;
    const externalRef = typeof raw === 'string' ? raw.trim() : '';
    const rows: { id: string; reference: string }[] = await this.db.query(
      `SELECT id, reference FROM requests WHERE api_client = $1 AND external_ref = $2`,
      [apiClient, externalRef],
    );
    throw new DuplicateExternalRefProblem(externalRef, rows[0]);
  }
}
