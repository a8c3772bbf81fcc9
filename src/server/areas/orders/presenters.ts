import { OPEN_ORDER_STATUSES, type Order, type OrderItem, type OrderStatusChange } from '../../../shared/orders.js';
import type { OrderRow } from './commands/upsert-order.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export interface ItemRow {
  order_id: string;
  position: number;
  sku: string;
  name: string;
  quantity: string | number;
  unit_price: string | number;
  warranty_months: number | null;
  warranty_ends_on: string | null;
}

export interface StatusChangeRow {
  order_id: string;
  status: Order['status'];
  raw_status: string | null;
  at: Date;
}

export type OrderRowWithCustomer = OrderRow & { customer_name: string | null; customer_phone: string | null };

export function presentItem(r: ItemRow): OrderItem {
  return {
    position: r.position,
    sku: r.sku,
    name: r.name,
    quantity: Number(r.quantity),
    unitPrice: Number(r.unit_price),
    warrantyMonths: r.warranty_months,
    warrantyEndsOn: r.warranty_ends_on,
  };
}

export function presentStatusChange(r: StatusChangeRow): OrderStatusChange {
  return { status: r.status, rawStatus: r.raw_status, at: iso(r.at) };
}

/** An order with its items and status history (fields listed one by one: nothing else leaves the server). */
export function presentOrder(r: OrderRowWithCustomer, items: ItemRow[], history: StatusChangeRow[]): Order {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    code: r.code,
    customerId: r.customer_id,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? '', phone: r.customer_phone } : null,
    status: r.status,
    rawStatus: r.raw_status,
    open: (OPEN_ORDER_STATUSES as readonly string[]).includes(r.status),
    paymentMethod: r.payment_method,
    amountPaid: Number(r.amount_paid),
    shippingStatus: r.shipping_status,
    carrier: r.carrier,
    subtotal: Number(r.subtotal),
    discount: Number(r.discount),
    shippingFee: Number(r.shipping_fee),
    total: Number(r.total),
    orderedAt: iso(r.ordered_at),
    deliveredAt: isoOrNull(r.delivered_at),
    contractState: r.contract_state as Order['contractState'],
    sourceUpdatedAt: iso(r.source_updated_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    items: items.map(presentItem),
    statusHistory: history.map(presentStatusChange),
  };
}
