/** Request bodies as a helpdesk would send them, and filing one over the API. */
import type { ApiFetch } from '../support/app.js';

/** A request body as a helpdesk sends it, with `overrides`. */
export function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'helpdesk',
    externalRef: `ZD-${Math.floor(Math.random() * 1e9)}`,
    requester: { name: 'Jan Jansen', email: 'jan.jansen@example.nl' },
    rights: ['access'],
    message: 'Ik wil graag weten welke gegevens u van mij verwerkt.',
    ...overrides,
  };
}

/** Files a request over the API as a helpdesk would (201 expected): its id, reference and version. */
export async function fileRequest(api: ApiFetch, overrides: Record<string, unknown> = {}): Promise<{ id: string; reference: string; version: number }> {
  const res = await api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string; version: number };
}
