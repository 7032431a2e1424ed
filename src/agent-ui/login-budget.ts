/**
 * Login budgets of the workspace (pure): which budgets an attempt draws on, how many failures each
 * allows free, and the growing wait after that. The reservation itself is one statement in
 * SessionsService.reserveAttempt.
 *
 * - `pair:<name>|<address>`: 3 failures, then a wait that grows: whoever types wrong from one place
 *   is slowed there only.
 * - `ip:<address>`: 20 failures over all names (and TOTP codes), then a growing wait.
 * - `user:<name>`: 10 failures from addresses the name never logged in from, then a growing wait:
 *   an attack on one name from many addresses is slowed, but its owner still logs in from an
 *   address they used before (`known_at` of their pair key).
 * - `totp:<name>`: 3 wrong second-factor codes, then a growing wait, until a right code; a right
 *   password does not reset it.
 */
export interface LoginBudgets {
  pairFreeFailures: number;
  addressFreeFailures: number;
  nameFreeFailures: number;
  maxDelaySeconds: number;
}

export type BudgetKind = 'pair' | 'ip' | 'user' | 'totp';

/** The first wait once a budget is spent; it doubles with each further failure. */
export const FIRST_DELAY_SECONDS = 15;

/** An address whose last successful login for a name is older than this is unknown again. */
export const KNOWN_ADDRESS_DAYS = 90;

export function normalizedName(username: string): string {
  return username.trim().toLowerCase().slice(0, 200);
}

export function budgetKey(kind: BudgetKind, username: string, address: string): string {
  switch (kind) {
    case 'pair':
      return `pair:${normalizedName(username)}|${address}`;
    case 'ip':
      return `ip:${address}`;
    case 'user':
      return `user:${normalizedName(username)}`;
    case 'totp':
      return `totp:${normalizedName(username)}`;
  }
}

/** The budgets a password attempt draws on: the name's own only from an address it never logged in from. */
export function passwordKeys(username: string, address: string, knownAddress: boolean): string[] {
  const kinds: BudgetKind[] = knownAddress ? ['pair', 'ip'] : ['pair', 'ip', 'user'];
  return kinds.map((k) => budgetKey(k, username, address)).sort();
}

/** The budgets a TOTP code draws on. */
export function totpKeys(username: string, address: string): string[] {
  return [budgetKey('totp', username, address), budgetKey('ip', username, address)].sort();
}

export function freeFailures(key: string, budgets: LoginBudgets): number {
  const kind = key.slice(0, key.indexOf(':')) as BudgetKind;
  return kind === 'ip' ? budgets.addressFreeFailures : kind === 'user' ? budgets.nameFreeFailures : budgets.pairFreeFailures;
}

/** Seconds to wait after `failures` reserved attempts: none within the free budget, then 15, 30, 60 … up to the cap. */
export function delaySeconds(failures: number, free: number, maxDelaySeconds: number): number {
  if (failures < free) return 0;
  return Math.min(maxDelaySeconds, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - free, 20));
}

/** The Dutch sentence for a refused attempt. */
export function waitMessage(seconds: number): string {
  if (seconds >= 120) {
    const minutes = Math.ceil(seconds / 60);
    return `Te veel mislukte pogingen. Wacht ${minutes} minuten en probeer het dan opnieuw.`;
  }
  return `Te veel mislukte pogingen. Wacht ${seconds} ${seconds === 1 ? 'seconde' : 'seconden'} en probeer het dan opnieuw.`;
}
