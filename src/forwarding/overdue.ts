/**
 * When a forwarding is overdue (pure): the controller's respondBy (its own calendar) has passed
 * and it has not decided; a forwarding called off or sent in error is nobody's deadline any more.
 * The respondBy day itself still counts as in time.
 */
export interface OverdueCandidate {
  state: string;
  respondBy: string;
  decidedAt: Date | null;
  cancelledAt: Date | null;
  misdirectedAt: Date | null;
  overdueAt: Date | null;
}

const UNDECIDED_STATES: readonly string[] = ['queued', 'sent', 'acknowledged', 'bounced'];

export function isForwardingOverdue(f: OverdueCandidate, today: string): boolean {
  return (
    f.overdueAt === null &&
    f.decidedAt === null &&
    f.cancelledAt === null &&
    f.misdirectedAt === null &&
    UNDECIDED_STATES.includes(f.state) &&
    f.respondBy < today
  );
}
