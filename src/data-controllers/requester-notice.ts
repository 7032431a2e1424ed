/**
 * Whether the requester may be told which controller has their request: a rule of the controller's
 * agreement, used when a forwarding is created (src/forwarding/) and when its instruction is
 * carried out (src/processor-tasks/). Pure, no imports.
 */

/**
 * The requester may be told which controller has their request only when that is safe — their own
 * e-mail address (to which the notice goes) matched the controller's directory; an agent's
 * assignment or a match on another identifier is not enough — and the agreement allows it.
 */
export function mayTellRequester(matchedBy: readonly string[], controller: { mayInformRequester: boolean }, requesterEmail: string | null): boolean {
  return Boolean(requesterEmail) && controller.mayInformRequester && matchedBy.includes('email');
}
