/**
 * Who may send which request event. The request machine decides which events its state accepts
 * now (`allowedEvents` in request.machine.ts); of those, a sender may send the ones listed here
 * for its kind. Every face shows and accepts exactly that intersection: the request resource's
 * `allowedEvents` (API and workspace buttons) and RequestCommands (what is refused).
 */
import { CLIENT_EVENT_TYPES } from './request.schemas.js';

/** Who sends a command. */
export interface CommandSender {
  /** On the audit trail, e.g. `api:helpdesk` or `agent:jan`. */
  actor: string;
  kind: 'api-client' | 'agent';
  /** The API client's name: a request it files is its own (externalRef, webhooks). */
  apiClient?: string;
}

/**
 * The events each kind of sender may send. Agents and API clients send the same events today;
 * the machine's own events (FORWARDING_SETTLED, INSTRUCTION_DONE from a controller's link,
 * DEADLINE_NEAR, …) come from the modules and sweeps, never from a face.
 */
export const SENDABLE_EVENTS: Readonly<Record<CommandSender['kind'], readonly string[]>> = {
  'api-client': CLIENT_EVENT_TYPES,
  agent: CLIENT_EVENT_TYPES,
};

/** Of `events` (those the state accepts), the ones this kind of sender may send. */
export function sendableEvents(kind: CommandSender['kind'], events: readonly string[]): string[] {
  return events.filter((e) => SENDABLE_EVENTS[kind].includes(e));
}
