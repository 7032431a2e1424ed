/** What the controller's page is built from (controllerPageModel), as the unit tests give it. */
import type { controllerPageModel, PageOptions } from '../../src/forwarding/controller-page.js';
import type { RequestRow } from '../../src/requests/request-row.js';

type PageRequest = Parameters<typeof controllerPageModel>[1];

/** Request AVG-2026-000042 for `rights`, received at `receivedAt`, with no requester details. */
export function pageRequest(receivedAt: Date, rights: RequestRow['rights']): PageRequest {
  return { reference: 'AVG-2026-000042', rights, receivedAt, requesterName: null, requesterEmail: null, requesterPhone: null, requesterCustomerRef: null, requesterAddress: null, message: null };
}

/** The page of Bakkerij De Korenbloem B.V. (tone u) on 1 May 2026, with `over`. */
export function pageOptions(over: Partial<PageOptions> = {}): PageOptions {
  return {
    token: 't',
    csrf: 'c',
    today: '2026-05-01',
    tone: 'u',
    controllerName: 'Bakkerij De Korenbloem B.V.',
    processorName: 'Voorbeeld Software B.V.',
    extraNonWorkingDays: [],
    reveal: false,
    error: null,
    ...over,
  };
}
