/**
 * Who owns each table: the one folder of src/ whose SQL may write it (INSERT, UPDATE, DELETE,
 * COPY, TRUNCATE). Other modules compose the owner's exported SQL fragments (CTEs, statements,
 * purge fragments) instead of writing the table themselves, so one transition still stays one
 * statement. Checked by test/unit/table-ownership.suite.ts. pg-boss's tables (schema `pgboss`) are
 * not ours.
 */
export const TABLE_OWNERS = {
  requests: 'requests',
  request_notes: 'requests',
  audit_events: 'audit',
  messages: 'replies',
  forwardings: 'forwarding',
  processor_tasks: 'processor-tasks',
  processor_exports: 'processor-tasks',
  verification_steps: 'verification',
  incidents: 'incidents',
  webhook_events: 'webhooks',
  webhook_deliveries: 'webhooks',
  webhook_subscriptions: 'webhooks',
  // Owned by the idempotency store (src/commands/idempotency-store.ts).
  idempotency_keys: 'commands',
  api_keys: 'api',
  api_clients: 'api',
  agents: 'agents',
  agent_digests: 'agent-ui',
  saved_views: 'agent-ui',
  ui_sessions: 'agent-ui',
  ui_settings: 'agent-ui',
  ui_login_attempts: 'agent-ui',
  data_controllers: 'data-controllers',
  controller_identifiers: 'data-controllers',
  // Mail intake (src/inbox/inbox-sql.ts): the claims and texts of mails taken in, the discard count.
  inbox_mails: 'inbox',
  inbox_counters: 'inbox',
  inbox_leases: 'inbox',
  inbox_attachments: 'inbox',
} as const satisfies Record<string, string>;

export type OwnedTable = keyof typeof TABLE_OWNERS;
