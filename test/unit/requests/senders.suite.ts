/** Who may send what: one list for every face (API client, agent UI, processor-task forms). */
import { SENDABLE_EVENTS, sendableEvents } from '../../../src/requests/senders.js';
import { CLIENT_EVENT_TYPES } from '../../../src/requests/request.schemas.js';

describe('sendable events', () => {
  it('offers an API client and an agent only the events a person may send, never the system\'s', () => {
    const accepted = ['CLASSIFY', 'ROUTE_MATCHED', 'REMINDER_DUE', 'WITHDRAW', 'OVERDUE', 'NOTE'];
    expect(sendableEvents('api-client', accepted)).toEqual(['CLASSIFY', 'WITHDRAW', 'NOTE']);
    expect(sendableEvents('agent', accepted)).toEqual(['CLASSIFY', 'WITHDRAW', 'NOTE']);
  });

  it('lets an agent and an API client send the same events, those the API schema describes', () => {
    expect([...SENDABLE_EVENTS.agent].sort()).toEqual([...CLIENT_EVENT_TYPES].sort());
    expect([...SENDABLE_EVENTS['api-client']].sort()).toEqual([...CLIENT_EVENT_TYPES].sort());
  });
});
