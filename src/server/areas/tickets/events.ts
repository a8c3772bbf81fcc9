/** The tickets area's events: tickets, the messages of their threads, and canned replies. */
import type { EventDataWithout, EventType } from '../../core/events/types.js';
import type { Priority, TicketStatus } from '../../../shared/common.js';

/** What every ticket event's data carries (ticketEvent adds it): the realtime fan-out reaches the ticket's and the customer's subscribers. */
export type TicketRef = { ticketId: string; customerId: string; number: number };

/** Why a ticket changed its status on its own (absent: an agent set it); notice_sent: a ticket an order notice opened, closed at once (no survey follows). */
export type StatusChangeReason = 'agent_replied' | 'customer_wrote_again' | 'team_assigned' | 'merged' | 'notice_sent';

/** A change a missed inbound call made to its ticket (the call-back task), or took back once the call was answered after all. */
export type CallBackMark = { reason?: 'missed_call' | 'missed_call_answered'; callId?: string };

declare module '../../core/events/types.js' {
  interface EventCatalog {
    'ticket.created': {
      subject: 'ticket';
      data: TicketRef & { channel: string; subject: string; priority: Priority; teamId: string | null; assigneeId: string | null };
    };
    'ticket.assigned': { subject: 'ticket'; data: TicketRef & { from: string | null; to: string | null; mode: 'manual' | 'round_robin' } };
    'ticket.status_changed': { subject: 'ticket'; data: TicketRef & { from: TicketStatus; to: TicketStatus; reason?: StatusChangeReason } };
    /** Follows ticket.status_changed when a resolved or closed ticket goes back to an open step. */
    'ticket.reopened': { subject: 'ticket'; data: TicketRef & { from: TicketStatus; to: TicketStatus; reopenCount: number } };
    'ticket.subject_changed': { subject: 'ticket'; data: TicketRef & CallBackMark & { from: string; to: string } };
    'ticket.category_changed': { subject: 'ticket'; data: TicketRef & CallBackMark & { from: string | null; to: string | null } };
    'ticket.tags_changed': { subject: 'ticket'; data: TicketRef & CallBackMark & { added: string[]; removed: string[] } };
    /** The SLA due times recomputed for the new priority (ISO times). */
    'ticket.priority_changed': {
      subject: 'ticket';
      data: TicketRef & CallBackMark & { from: Priority; to: Priority; firstResponseDueAt: string | null; resolutionDueAt: string | null };
    };
    'ticket.team_changed': { subject: 'ticket'; data: TicketRef & { from: string | null; to: string | null } };
    /** The ticket is now about this order (null: unlinked); orderCode is the order's own code for the activity list. */
    'ticket.order_linked': { subject: 'ticket'; data: TicketRef & { orderId: string | null; previousOrderId: string | null; orderCode: string | null } };
    /** On the ticket merged away (now a tombstone). */
    'ticket.merged': { subject: 'ticket'; data: TicketRef & { intoTicketId: string; intoNumber: number; movedMessages: number } };
    /** On the ticket kept. */
    'ticket.merged_in': {
      subject: 'ticket';
      data: TicketRef & { fromTicketId: string; fromNumber: number; movedMessages: number; fromCustomerId: string };
    };

    'message.created': {
      subject: 'message';
      data: { ticketId: string; customerId: string; direction: 'inbound' | 'outbound' | 'note'; channel: string; preview: string; attachmentIds: string[] };
    };
    /** A call's thread entry brought up to date with its call (areas/calls); callStatus: the call's status. */
    'message.updated': { subject: 'message'; data: { ticketId: string; customerId: string; reason: 'call_updated'; callStatus: string } };

    // Canned replies are workspace configuration: their subject type is 'setting'.
    'canned_reply.created': { subject: 'setting'; data: { cannedReplyId: string; shortcut: string } };
    'canned_reply.updated': { subject: 'setting'; data: { cannedReplyId: string; fields: string[] } };
    'canned_reply.deleted': { subject: 'setting'; data: { cannedReplyId: string; shortcut: string } };
  }
}

/** The ticket events (subject: the ticket). */
export type TicketEventType = Extract<EventType, `ticket.${string}`>;

/** A ticket event's own data, without the TicketRef that ticketEvent adds. */
export type TicketEventData<K extends TicketEventType> = EventDataWithout<K, keyof TicketRef>;

/** One ticket event to append, its type and data typed together (lists of changes appended in a loop). */
export type TicketChange = { [K in TicketEventType]: [type: K, data: TicketEventData<K>] }[TicketEventType];
