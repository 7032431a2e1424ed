/**
 * The seam between the request workflow and the verification module: a verification step that
 * rides in a transition's one statement (`transitionStatement`), so asking the requester for an
 * ID copy or a representative's proof (REQUEST_INFO for identification) and recording the step
 * happen together or not at all. The id is chosen by the caller, so it can read the step back.
 */
export interface VerificationStepInsert {
  id: string;
  method: string;
  status: 'requested';
  reason: string | null;
  performedBy: string;
  /** ISO timestamp. */
  requestedAt: string;
  documentType: string | null;
  note: string | null;
  lateWarning: boolean;
}
