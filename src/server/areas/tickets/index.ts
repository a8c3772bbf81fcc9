/** Tickets: the one inbox, the 5-step ticket process, messages and replies, SLA, canned replies, and the one inbound door. */
import type { Area } from '../../core/area.js';
import { bulkRoutes } from './bulk.routes.js';
import { cannedRepliesRoutes } from './canned-replies.routes.js';
import { inboundRoutes } from './inbound.routes.js';
import { messagesRoutes } from './messages.routes.js';
import { ticketsRoutes } from './tickets.routes.js';
import { ticketOrderRoutes } from './ticket-order.routes.js';
// The tickets' event types (message and canned-reply ones too), merged into core's EventCatalog.
import './events.js';

export { MAX_ATTACHMENT_BYTES, addMessage } from './commands/add-message.js';
export type { NewAttachment } from './commands/add-message.js';
export { insertTicket } from './commands/create-ticket.js';
export type { InsertTicketInput } from './commands/create-ticket.js';
export { ingestInbound, ticketsOwningKeys } from './commands/ingest-inbound.js';
export type { InboundMessage, KeyedTicket } from './commands/ingest-inbound.js';
export { mergeTickets } from './commands/merge-tickets.js';
export { assignTicketInTx, normalizeTags, updateTicketInTx } from './commands/update-ticket.js';
export { computeDueDates, dueTimes, loadCalendar } from './commands/sla.js';
export { changeStatus } from './commands/status.js';
export { assertNotMerged, getTicket, lockTicket, TICKET_COLUMNS, ticketEvent } from './commands/ticket-store.js';
export type { TicketRow } from './commands/ticket-store.js';
export type { TicketChange, TicketEventType } from './events.js';

export const ticketsArea: Area = {
  name: 'tickets',
  routes: [{ plugin: ticketsRoutes }, { plugin: bulkRoutes }, { plugin: messagesRoutes }, { plugin: inboundRoutes }, { plugin: cannedRepliesRoutes }, { plugin: ticketOrderRoutes }],
};
