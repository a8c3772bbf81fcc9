import { z } from 'zod';
import type { OrderStatus } from '../../../../shared/orders.js';
import type { OrderData } from '../commands/upsert-order.js';

/**
 * A Haravan order as its webhooks send it (topics orders/create, orders/updated, orders/paid,
 * orders/cancelled, orders/fulfilled …): Shopify-like, snake_case. Only what we map is described;
 * the rest passes through.
 */
const num = z.coerce.number();
const text = z.union([z.string(), z.number()]).transform(String);

export const HaravanOrderSchema = z.object({
  id: text,
  name: z.string().nullish(),
  order_number: text.nullish(),
  email: z.string().nullish(),
  phone: text.nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  cancelled_status: z.string().nullish(),
  closed_status: z.string().nullish(),
  confirmed_status: z.string().nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  gateway_code: z.string().nullish(),
  gateway: z.string().nullish(),
  total_price: num.nullish(),
  subtotal_price: num.nullish(),
  total_discounts: num.nullish(),
  customer: z.object({ id: text.nullish(), email: z.string().nullish(), phone: text.nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() }).passthrough().nullish(),
  billing_address: z.object({ phone: text.nullish(), name: z.string().nullish() }).passthrough().nullish(),
  shipping_lines: z.array(z.object({ price: num.nullish() }).passthrough()).nullish(),
  line_items: z.array(z.object({ sku: z.string().nullish(), title: z.string().nullish(), name: z.string().nullish(), variant_title: z.string().nullish(), quantity: num.nullish(), price: num.nullish() }).passthrough()).nullish(),
  fulfillments: z.array(z.object({ tracking_company: z.string().nullish(), carrier_status_code: z.string().nullish(), status: z.string().nullish(), delivered_date: z.string().nullish(), updated_at: z.string().nullish() }).passthrough()).nullish(),
}).passthrough();
export type HaravanOrder = z.infer<typeof HaravanOrderSchema>;

/** Carrier states Haravan reports on a fulfillment (carrier_status_code) → ours. */
const CARRIER: Record<string, OrderStatus> = {
  readytopick: 'shipping', picking: 'shipping', picked: 'shipping', delivering: 'shipping', waitingforreturn: 'shipping', returning: 'shipping',
  delivered: 'delivered', return: 'returned', returned: 'returned',
};

/** The normalised status from Haravan's separate states: cancellation, then returns, delivery, payment. */
export function haravanStatus(o: HaravanOrder): OrderStatus {
  const financial = (o.financial_status ?? '').toLowerCase();
  const fulfillment = (o.fulfillment_status ?? '').toLowerCase();
  const carrier = (o.fulfillments ?? []).map((f) => CARRIER[(f.carrier_status_code ?? '').toLowerCase()]).find(Boolean);
  const delivered = carrier === 'delivered' || (fulfillment === 'fulfilled' && !carrier);
  if ((o.cancelled_status ?? '').toLowerCase() === 'cancelled' || o.cancelled_at) {
    return delivered && financial.includes('refunded') ? 'returned' : 'cancelled';
  }
  if (carrier === 'returned' || (financial === 'refunded' && delivered)) return 'returned';
  if (delivered) return (o.closed_status ?? '').toLowerCase() === 'closed' || o.closed_at ? 'completed' : 'delivered';
  if (carrier === 'shipping' || fulfillment === 'partial') return 'shipping';
  if (financial === 'paid') return 'paid';
  if ((o.confirmed_status ?? '').toLowerCase() === 'unconfirmed') return 'draft';
  return 'confirmed';
}

/**
 * One Haravan order → the upsert body. Its code is the order name shown to the shop ("#1001"); the
 * customer is recognised by phone, email and Haravan's customer id; COD when gateway_code is "COD".
 */
export function mapHaravan(o: HaravanOrder): { code: string; data: OrderData } {
  const status = haravanStatus(o);
  const total = o.total_price != null ? Math.max(0, Math.round(o.total_price)) : undefined;
  const shippingFee = Math.round((o.shipping_lines ?? []).reduce((s, l) => s + (l.price ?? 0), 0));
  const name = [o.customer?.last_name, o.customer?.first_name].filter(Boolean).join(' ') || o.billing_address?.name || null;
  const fulfillment = (o.fulfillments ?? []).find((f) => CARRIER[(f.carrier_status_code ?? '').toLowerCase()] === 'delivered') ?? o.fulfillments?.[0];
  const gateway = (o.gateway_code ?? o.gateway ?? '').trim();
  const data: OrderData = {
    kind: 'order',
    status,
    rawStatus: [o.financial_status ?? 'pending', o.fulfillment_status ?? 'notfulfilled', o.cancelled_status ?? 'uncancelled'].join('/').slice(0, 100),
    customer: {
      phone: o.customer?.phone ?? o.phone ?? o.billing_address?.phone ?? null,
      email: o.customer?.email ?? o.email ?? null,
      code: o.customer?.id ?? null,
      name,
    },
    paymentMethod: /^cod$/i.test(gateway) ? 'cod' : gateway ? gateway.toLowerCase().slice(0, 40) : null,
    amountPaid: (o.financial_status ?? '').toLowerCase() === 'paid' && total !== undefined ? total : undefined,
    shippingStatus: fulfillment?.carrier_status_code ?? o.fulfillment_status ?? null,
    carrier: fulfillment?.tracking_company ?? null,
    discount: o.total_discounts != null ? Math.max(0, Math.round(o.total_discounts)) : undefined,
    shippingFee,
    total,
    orderedAt: new Date(o.created_at).toISOString(),
    deliveredAt: status === 'delivered' || status === 'completed' ? new Date(fulfillment?.delivered_date ?? fulfillment?.updated_at ?? o.updated_at ?? o.created_at).toISOString() : undefined,
    updatedAt: o.updated_at ? new Date(o.updated_at).toISOString() : undefined,
    items: (o.line_items ?? []).map((l) => ({
      sku: (l.sku ?? '').slice(0, 100),
      name: (l.title ?? l.name ?? '').slice(0, 300),
      quantity: l.quantity && l.quantity > 0 ? l.quantity : 1,
      unitPrice: Math.max(0, Math.round(l.price ?? 0)),
    })),
    meta: { haravan: { id: o.id } },
  };
  if (data.items?.length === 0) delete data.items;
  return { code: (o.name ?? o.order_number ?? o.id).slice(0, 100), data };
}
