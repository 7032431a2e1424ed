/**
 * Which requests a caller sees and may change (issue #19: API clients are tenants). An API key
 * sees the requests its client filed (`requests.api_client`, the client's id); a key with the
 * scope `requests:all` and every agent see all of them. Another client's request does not exist
 * for the caller: a 404, never a 403, so ids and references reveal nothing.
 */
import type { ApiClient } from '../http/api-request.js';

export type RequestVisibility = { readonly all: true } | { readonly all: false; readonly apiClient: string };

/** Agents (the workspace, the sweeps) and keys with `requests:all`. */
export const ALL_REQUESTS: RequestVisibility = { all: true };

export function visibilityOf(client: Pick<ApiClient, 'clientId' | 'scopes'>): RequestVisibility {
  return client.scopes.includes('requests:all') ? ALL_REQUESTS : { all: false, apiClient: client.clientId };
}

/**
 * The SQL condition on a `requests` row (its `api_client` column as `column`), its value pushed
 * onto `params`; `true` for a caller who sees every request.
 */
export function visibleWhere(visibility: RequestVisibility, params: unknown[], column = 'api_client'): string {
  if (visibility.all) return 'true';
  params.push(visibility.apiClient);
  return `${column} = $${params.length}::uuid`;
}
