/**
 * Who may send which request event. The request machine decides which events its state accepts
 * now (`allowedEvents` in request.machine.ts); of those, a sender may send the ones listed here
 * for its kind. Every face shows and accepts exactly that intersection: the request resource's
 * `allowedEvents` (API and workspace buttons) and RequestCommands (what is refused).
 */
import { CLIENT_EVENT_TYPES } from './request.schemas.js';
import { ALL_REQUESTS, type RequestVisibility } from './request-visibility.js';

/** Who sends a command. */
export interface CommandSender {
  /** On the audit trail, e.g. `api:helpdesk` or `agent:jan`. */
  actor: string;
  kind: 'api-client' | 'agent';
  /** The API client's id: a request it files is its own (externalRef, webhooks, visibility). */
  apiClient?: string;
  /** Whose requests the sender may change; agents: every request. */
  visibility?: RequestVisibility;
}

/**
 * The events each kind of sender may send: those the API schema describes (CLIENT_EVENT_TYPES).
 * Agents and API clients send the same events today (an agent may record a controller's answer
 * given by phone as FORWARDING_SETTLED or INSTRUCTION_DONE); the machine's own events
 * (ROUTE_MATCHED, DEADLINE_NEAR, OVERDUE, …) come from the modules and sweeps, never from a face.
 */
export const SENDABLE_EVENTS: Readonly<Record<CommandSender['kind'], readonly string[]>> = {
  'api-client': CLIENT_EVENT_TYPES,
  agent: CLIENT_EVENT_TYPES,
};

/** Of `events` (those the state accepts), the ones this kind of sender may send. */
export function sendableEvents(kind: CommandSender['kind'], events: readonly string[]): string[] {
  return events.filter((e) => SENDABLE_EVENTS[kind].includes(e));
}

/** Whose requests a sender sees: agents every request; an API client its own unless given `requests:all`. */
export function senderVisibility(sender: CommandSender): RequestVisibility {
  if (sender.visibility) return sender.visibility;
  if (sender.kind === 'agent') return ALL_REQUESTS;
  if (!sender.apiClient) throw new Error('An API client sender without its client id');
  return { all: false, apiClient: sender.apiClient };
}
