/**
 * What other modules do when the outbox settles a message (e.g. the forwarding module marks its
 * forwarding `sent` and scrubs the link from the stored mail). Optional: without a provider of
 * OUTBOX_HOOKS the worker only sends. A hook's failure is logged; the mail stays sent.
 */
import type { ClaimedMessage } from './outbox.js';

export const OUTBOX_HOOKS = Symbol('OUTBOX_HOOKS');

export interface OutboxHooks {
  /** Before a claimed message is sent: a reason to withhold it (e.g. its forwarding was called off), or undefined to send it. */
  withholdReason?(message: ClaimedMessage): Promise<string | undefined>;
  /** After the message was handed to the transport and marked `sent`. */
  afterSent(message: ClaimedMessage): Promise<void>;
  /** After the message was given up (`failed`: bounced or undeliverable). */
  afterFailed(message: ClaimedMessage): Promise<void>;
}
