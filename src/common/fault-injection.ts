/**
 * A deterministic fault for tests (config `faultAfterCommit`, env `FAULT_AFTER_COMMIT`): called
 * right after a request command committed and before its response is built, it kills the process
 * (`exit`, SIGKILL: no handler runs, as in a crash or an OOM kill) or fails the call (`error`, a
 * 500, as when a later query of the same call fails). Does nothing when unset.
 */
export function faultAfterCommit(fault: 'exit' | 'error' | undefined): void {
  if (fault === 'exit') process.kill(process.pid, 'SIGKILL');
  if (fault === 'error') throw new Error('Injected fault after commit (FAULT_AFTER_COMMIT=error).');
}
