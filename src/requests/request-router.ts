/**
 * The seam between intake and routing: intake asks the router which controllers know the
 * requester and applies ROUTE_MATCHED or ROUTE_NONE in the same transaction as the receipt.
 * The routing module provides REQUEST_ROUTER; without it every request waits in triage.
 */
import type { EntityManager } from 'typeorm';
import type { MatchedController } from './request.types.js';

export const REQUEST_ROUTER = Symbol('REQUEST_ROUTER');

/** The requester's details as filed (clear text; the router hashes them and never stores them). */
export interface RequesterDetails {
  email: string | null;
  phone: string | null;
  customerRef: string | null;
}

export interface ControllerSummary {
  id: string;
  name: string;
  isSelf: boolean;
  active: boolean;
}

export interface RequestRouter {
  /** Controllers whose directory holds one of the requester's identifiers; [] when none. */
  route(requester: RequesterDetails): Promise<MatchedController[]>;
  /** The named controllers that exist (for checking an agent's ASSIGN_CONTROLLER and for display); `db`: a transaction to read in. */
  controllers(ids: readonly string[], db?: Pick<EntityManager, 'query'>): Promise<Map<string, ControllerSummary>>;
}
