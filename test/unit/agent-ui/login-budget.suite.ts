import { budgetKey, delaySeconds, freeFailures, passwordKeys, totpKeys, waitMessage } from '../../../src/agent-ui/login-budget.js';
import { commonPasswords, passwordProblem } from '../../../src/agent-ui/password-policy.js';

const BUDGETS = { pairFreeFailures: 3, addressFreeFailures: 20, nameFreeFailures: 10, maxDelaySeconds: 900 };

describe('login budgets', () => {
  it('waits nothing within the free budget, then 15 s doubling up to the cap', () => {
    expect([0, 1, 2].map((n) => delaySeconds(n, 3, 900))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((n) => delaySeconds(n, 3, 900))).toEqual([15, 30, 60, 120]);
    expect(delaySeconds(50, 3, 900)).toBe(900);
  });

  it('draws on the name’s own budget only from an address the name never logged in from', () => {
    expect(passwordKeys(' Eva ', '198.51.100.7', false)).toEqual(['ip:198.51.100.7', 'pair:eva|198.51.100.7', 'user:eva']);
    expect(passwordKeys('eva', '198.51.100.7', true)).toEqual(['ip:198.51.100.7', 'pair:eva|198.51.100.7']);
    expect(totpKeys('Eva', '198.51.100.7')).toEqual(['ip:198.51.100.7', 'totp:eva']);
  });

  it('allows 3 failures per pair and per TOTP name, 20 per address, 10 per name', () => {
    expect(freeFailures(budgetKey('pair', 'eva', '::1'), BUDGETS)).toBe(3);
    expect(freeFailures(budgetKey('totp', 'eva', '::1'), BUDGETS)).toBe(3);
    expect(freeFailures(budgetKey('ip', 'eva', '::1'), BUDGETS)).toBe(20);
    expect(freeFailures(budgetKey('user', 'eva', '::1'), BUDGETS)).toBe(10);
  });

  it('tells the wait in Dutch, in minutes once it is long', () => {
    expect(waitMessage(1)).toContain('Wacht 1 seconde ');
    expect(waitMessage(15)).toContain('Wacht 15 seconden');
    expect(waitMessage(900)).toContain('Wacht 15 minuten');
  });
});

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('paarden-eten-graag-wortels', { username: 'eva' })).toBeNull();
  });

  it.each([
    ['kort-1234', 'minstens 12 tekens'],
    ['qwertyuiop123', 'veelgebruikte wachtwoorden'],
    ['WachtWoord1234', 'veelgebruikte wachtwoorden'],
    ['aaaaaaaaaaaaaaaa', 'te eenvoudig'],
    ['eva-heeft-een-wachtwoord', 'gebruikersnaam'],
  ])('refuses %s (%s)', (password, text) => {
    expect(passwordProblem(password, { username: 'eva' })).toContain(text);
  });

  it('refuses the current password as the new one', () => {
    expect(passwordProblem('paarden-eten-graag-wortels', { username: 'eva', current: 'paarden-eten-graag-wortels' })).toContain('anders');
  });

  it('bundles a list of several hundred common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(400);
    expect(commonPasswords().has('123456')).toBe(true);
  });
});
