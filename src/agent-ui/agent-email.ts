/**
 * An agent's e-mail address (for the daily digest): optional; when given, one plain address of at
 * most 254 characters. The database checks the same pattern (migration 1764200000000-agentEmail).
 */
export const AGENT_EMAIL_MAX = 254;
const AGENT_EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type AgentEmailResult = { ok: true; email: string | null } | { ok: false; message: string };

/** The address as stored (trimmed; empty means "no address"), or a Dutch message for the form. */
export function parseAgentEmail(raw: unknown): AgentEmailResult {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return { ok: true, email: null };
  if (value.length > AGENT_EMAIL_MAX) return { ok: false, message: `Een e-mailadres heeft hoogstens ${AGENT_EMAIL_MAX} tekens.` };
  if (!AGENT_EMAIL_PATTERN.test(value)) return { ok: false, message: 'Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).' };
  return { ok: true, email: value };
}
