/** Request bodies as a helpdesk would send them. */
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
