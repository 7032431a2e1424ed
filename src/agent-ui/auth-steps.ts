/**
 * The secret checks of the workspace, each behind its login budget (reserved before the check,
 * see login-budget.ts): a password at login or as re-authentication, a TOTP code at login; and
 * which stage a session is in once a factor is proven.
 */
import type { Agent, AgentsService } from '../agents/agents.service.js';
import { passwordKeys, totpKeys } from './login-budget.js';
import type { SessionsService, SessionStage } from './sessions.service.js';
import { PASSWORD_PATH, UI_PATH } from './ui-auth.js';

export type Attempt<T> = { result: 'ok'; value: T } | { result: 'wrong' } | { result: 'wait'; seconds: number };

/** A password for a name from an address: checked only when the budgets allow; a right one gives its reservation back. */
export async function passwordAttempt(
  sessions: SessionsService,
  agents: AgentsService,
  username: string,
  password: string,
  address: string,
): Promise<Attempt<Agent & { mustChangePassword: boolean }>> {
  const known = await sessions.isKnownAddress(username, address);
  const reservation = await sessions.reserveAttempt(passwordKeys(username, address, known));
  if (!reservation.ok) return { result: 'wait', seconds: reservation.retryAfterSeconds };
  const agent = username && password ? await agents.verify(username, password) : undefined;
  if (!agent) return { result: 'wrong' };
  await sessions.releaseAttempt(reservation.reserved);
  return { result: 'ok', value: agent };
}

/** A login TOTP code: checked only when the name's TOTP budget and the address's allow; the budget is reset by a right code only. */
export async function totpAttempt(
  sessions: SessionsService,
  agents: AgentsService,
  agent: { id: string; username: string },
  code: string,
  address: string,
  at: Date,
): Promise<Attempt<true>> {
  const reservation = await sessions.reserveAttempt(totpKeys(agent.username, address));
  if (!reservation.ok) return { result: 'wait', seconds: reservation.retryAfterSeconds };
  if (!(await agents.verifyTotp(agent.id, code, at))) return { result: 'wrong' };
  await sessions.releaseAttempt(reservation.reserved);
  return { result: 'ok', value: true };
}

/** The stage once the password (and the second factor, if the agent has one) is proven: a temporary password first, then mandatory 2FA. */
export async function stageAfterFactors(sessions: SessionsService, agents: AgentsService, agentId: string): Promise<SessionStage> {
  if (await agents.mustChangePassword(agentId)) return 'password';
  if (!(await agents.totpState(agentId)).enabled && (await sessions.totpRequired())) return 'enrol';
  return 'full';
}

export function pathOfStage(stage: SessionStage): string {
  switch (stage) {
    case 'totp':
      return `${UI_PATH}/login/totp`;
    case 'password':
      return PASSWORD_PATH;
    case 'enrol':
      return `${UI_PATH}/account/2fa`;
    case 'full':
      return UI_PATH;
  }
}
