/**
 * What an API route's handler knows about its caller: the authenticated client on the request
 * (set by the API key guard in src/api/) and the audit actor it acts as. Shared by the API face
 * and the domain controllers under /api/v1, so those never import the face.
 */
import type { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import type { Request } from 'express';
import type { ApiScope } from '../common/auth.decorators.js';

export interface ApiClient {
  keyId: string;
  /** The client's id: the owner of the requests it files, its webhooks, externalRefs and idempotency records. */
  clientId: string;
  /** Its unique name: for people (the audit actor, the admin page). */
  clientName: string;
  scopes: ApiScope[];
}

export type ApiRequest = Request & { apiClient?: ApiClient };

/** The audit actor of an API client. */
export function apiActor(client: ApiClient): string {
  return `api:${client.clientName}`;
}

/**
 * Whether the handler belongs to the helpdesk API: decided by its controller's declared path,
 * not by the request's path, which Express matches without regard to case (`/API/V1/…` reaches
 * the same handler and must meet the same guard).
 */
export function isApiRoute(context: ExecutionContext): boolean {
  const declared: unknown = Reflect.getMetadata(PATH_METADATA, context.getClass());
  const paths = Array.isArray(declared) ? declared : [declared];
  return paths.some((p) => typeof p === 'string' && /^\/?api\/v1(\/|$)/.test(p));
}
