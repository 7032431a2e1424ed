/**
 * A controller's decision reaches the request in two steps (DESIGN: a saga of two transactions):
 * the decision is recorded on the forwarding with `settlement = 'pending'` (the forwarding
 * machine's recordDecision and settleRequest, written in one statement by ForwardingStore.run),
 * then FORWARDING_SETTLED goes through the request runner (forwarding.service.ts settle). This CTE is the runner's half: the
 * pending mark is cleared in the SAME statement that writes the request's transition, so it is
 * never cleared without the request having taken the decision. Pure: SQL text only.
 */

export const SETTLEMENT_STATES = ['pending', 'applied', 'refused'] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

/** CTE `settlement_rows` for the transition statement (needs the request CTE `r`). */
export function settlementAppliedCte(forwardingIds: readonly string[], param: (value: unknown) => string): string {
  return `settlement_rows AS (
      UPDATE forwardings f SET settlement = 'applied', settled_at = r.updated_at
        FROM r
       WHERE f.id = ANY(${param([...forwardingIds])}::uuid[]) AND f.request_id = r.id AND f.settlement = 'pending'
      RETURNING f.id)`;
}
