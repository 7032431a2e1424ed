import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'vr:public';
export const SCOPES_KEY = 'vr:scopes';

export const API_SCOPES = [
  'requests:read',
  'requests:write',
  // Every client's requests (and their webhook events), not only the ones this key's client filed.
  'requests:all',
  'controllers:read',
  'controllers:write',
  'webhooks:manage',
  // The privacy officer's assessment of an incident (art 33(2)): not for an everyday helpdesk key.
  'incidents:assess',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A route under /api that reads no stored data and needs no API key. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The scopes an API key needs for this route (all of them). */
export const Scopes = (...scopes: ApiScope[]) => SetMetadata(SCOPES_KEY, scopes);
