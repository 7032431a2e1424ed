/**
 * The port through which the transition statement (effects-sql.ts) composes the SQL fragments of
 * the modules that own the other tables it writes. The runner knows the shape of one statement per
 * transition — which CTE comes when, under which name — but not the SQL of tables it does not own:
 * each owner keeps its fragment in its own folder (src/database/table-owners.ts), and the
 * composition root (src/workflow-wiring.module.ts) hands them to the runner under
 * TRANSITION_FRAGMENTS. So src/requests/ imports none of its callers' folders; they import it.
 * Every fragment is pure: SQL text over the caller's parameters (`param` pushes one and returns
 * its `$n`).
 */
import type { MisdirectionWrite } from './forwarding-writes.js';

export const TRANSITION_FRAGMENTS = Symbol('TRANSITION_FRAGMENTS');

export type AddParam = (value: unknown) => string;

export interface TransitionFragments {
  /** src/replies/message-sql.ts: `INSERT INTO messages (columns)` over the caller's SELECT. */
  messageInsert(columns: string, rows: string): string;
  /** src/replies/outbox.ts: CTE `name` withholding the queued mails of the forwardings selected by `forwardingIds`. */
  withholdUnsentMailCte(name: string, forwardingIds: string, reason: string, param: AddParam): string;
  /** src/forwarding/forwarding-sql.ts: new forwardings from the jsonb array `data`. */
  insertForwardings(data: string): string;
  /** src/forwarding/forwarding-sql.ts: forwardings moved on (guarded by their version), returning `cancelled`. */
  updateForwardings(data: string): string;
  /** src/forwarding/settlement-sql.ts: CTE `settlement_rows`, the pending decisions of these forwardings applied. */
  settlementAppliedCte(forwardingIds: readonly string[], param: AddParam): string;
  /** src/processor-tasks/processor-task-sql.ts: new processor tasks from the jsonb array `data`. */
  insertProcessorTasks(data: string): string;
  /** src/processor-tasks/processor-task-sql.ts: tasks finished, guarded by the state planned. */
  updateProcessorTasks(data: string): string;
  /** src/processor-tasks/processor-task-sql.ts: the exports of the tasks in CTE `updates` that were cancelled. */
  deleteCancelledExports(updates: string): string;
  /** src/verification/verification-sql.ts: new verification steps from the jsonb array `data`. */
  insertVerificationSteps(data: string): string;
  /** src/incidents/incident-sql.ts: the CTEs of forwardings sent in error (`misdirected_rows`, `withheld_mail`, `incident_rows`). */
  misdirectionCtes(items: readonly MisdirectionWrite[], param: AddParam, actor: string): string[];
  /**
   * src/retention/purge-sql.ts and src/inbox/inbox-sql.ts: the statements run after a DISCARD
   * (purgePersonalData) in its transaction: the request's personal data purged as retention
   * purges it (its mails, attachments, messages, notes …; a PERSONAL_DATA_PURGED audit event)
   * and the discarded mail counted.
   */
  discardStatements(requestId: string, now: Date, actor: string): { sql: string; params: unknown[] }[];
}
