import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../core/db/types.js';
import { sourcesOf } from './reactions.js';

const WS = '11111111-1111-4111-8111-111111111111';
let seq = 0;
const ev = (type: string, subject_type: string, subject_id: string, data: Record<string, unknown>): StoredEvent => ({
  id: String(++seq), workspace_id: WS, type, subject_type, subject_id, actor_type: 'system', actor_id: null, data, created_at: new Date(),
});

describe('sourcesOf', () => {
  it('reads the ids the catalogued events carry', () => {
    const s = sourcesOf([
      ev('ticket.merged', 'ticket', 't-source', { ticketId: 't-source', customerId: 'c', number: 1, intoTicketId: 't-target', intoNumber: 2, movedMessages: 3 }),
      ev('ticket.merged_in', 'ticket', 't-target', { ticketId: 't-target', customerId: 'c', number: 2, fromTicketId: 't-source', fromNumber: 1, movedMessages: 3, fromCustomerId: 'c' }),
      ev('message.created', 'message', 'm', { ticketId: 't-msg', customerId: 'c', direction: 'inbound', channel: 'email', preview: '', attachmentIds: [] }),
      ev('ticket.tags_changed', 'ticket', 't-call', { ticketId: 't-call', customerId: 'c', number: 3, added: ['goi-lai'], removed: [], reason: 'missed_call', callId: 'call-1' }),
      // A survey answer's event is about its ticket (or customer); the answer is named in its data.
      ev('survey.answered', 'customer', 'c', { answerId: 'a-1', requestId: 'r', ticketId: null, customerId: 'c', type: 'csat', score: 5, edited: false, previousScore: null, followupTicketId: null }),
      ev('message.delivery_changed', 'message', 'm', { ticketId: 't-ignored', status: 'sent' }),
    ]).get(WS)!;
    expect([...s.tickets].sort()).toEqual(['t-call', 't-msg', 't-source', 't-target']);
    expect([...s.calls]).toEqual(['call-1']);
    expect([...s.answers]).toEqual(['a-1']);
  });
});
