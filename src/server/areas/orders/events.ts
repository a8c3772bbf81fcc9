/** The orders area's events: an order (quote, contract) appeared, changed status or changed otherwise. Their subject is the order. */
import type { OrderKind, OrderStatus } from '../../../shared/orders.js';

declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** at: when the source says the order reached its first status. customerId: null when nobody was recognised. */
    'order.created': {
      subject: 'order';
      data: { source: string; code: string; kind: OrderKind; status: OrderStatus; rawStatus: string | null; customerId: string | null; total: number; at: string };
    };
    /** One per change of the normalised status (the same row is in order_status_changes). */
    'order.status_changed': {
      subject: 'order';
      data: { source: string; code: string; customerId: string | null; from: OrderStatus; to: OrderStatus; rawStatus: string | null; at: string };
    };
    /** Other fields written by a newer update (names of the columns; "items" when the lines changed). */
    'order.updated': { subject: 'order'; data: { source: string; code: string; customerId: string | null; fields: string[] } };
  }
}
