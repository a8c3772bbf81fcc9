/** Orders, quotes and contracts: their items, status history, a customer's orders and warranties, the upsert and CSV import. (API shapes shared by server and web.) */
import { z } from 'zod';

export const ORDER_KINDS = ['order', 'quote', 'contract'] as const;
export const OrderKindSchema = z.enum(ORDER_KINDS);
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The small normalised set every source maps to (the source's own word stays in rawStatus). */
export const ORDER_STATUSES = ['draft', 'quote', 'confirmed', 'paid', 'shipping', 'delivered', 'completed', 'cancelled', 'returned'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Still in progress (the "open orders" of the profile, the inbox filter "about an open order"; index orders_open_idx). */
export const OPEN_ORDER_STATUSES = ['draft', 'quote', 'confirmed', 'paid', 'shipping'] as const satisfies readonly OrderStatus[];

/**
 * What counts as revenue for "net revenue to date" (lifetime value, CLV): orders and contracts that were
 * confirmed and not cancelled or returned. Quotes and drafts are not revenue. Readers by SQL use the same:
 * `kind <> 'quote' AND status IN (REVENUE_ORDER_STATUSES)`, summing `total`.
 */
export const REVENUE_ORDER_STATUSES = ['confirmed', 'paid', 'shipping', 'delivered', 'completed'] as const satisfies readonly OrderStatus[];

export const CONTRACT_STATES = ['draft', 'sent', 'signed', 'declined', 'expired'] as const;
export const ContractStateSchema = z.enum(CONTRACT_STATES);

/** Sources known by name; any other lower-case name (letters, digits, - and _) is allowed too (CSV --source, PUT /api/orders/{source}/…). */
export const OrderSourceSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a lower-case name: letters, digits, - and _ (at most 40)');
export const OrderCodeSchema = z.string().trim().min(1).max(100);

export const OrderItemSchema = z.object({
  position: z.number().int(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number(),
  /** Whole VND. */
  unitPrice: z.number().int(),
  warrantyMonths: z.number().int().nullable(),
  /** yyyy-MM-dd: (delivered, else ordered) date in the workspace zone + warrantyMonths. */
  warrantyEndsOn: z.string().nullable(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderStatusChangeSchema = z.object({
  status: OrderStatusSchema,
  rawStatus: z.string().nullable(),
  at: z.string(),
});
export type OrderStatusChange = z.infer<typeof OrderStatusChangeSchema>;

export const OrderSchema = z.object({
  id: z.string(),
  kind: OrderKindSchema,
  source: z.string(),
  code: z.string(),
  customerId: z.string().nullable(),
  /** The customer's name and phone at read time (null without a customer). */
  customer: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }).nullable(),
  status: OrderStatusSchema,
  rawStatus: z.string().nullable(),
  /** Whether status is one of OPEN_ORDER_STATUSES. */
  open: z.boolean(),
  paymentMethod: z.string().nullable(),
  amountPaid: z.number().int(),
  shippingStatus: z.string().nullable(),
  carrier: z.string().nullable(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  shippingFee: z.number().int(),
  /** What the customer pays, whole VND: subtotal − discount + shippingFee. */
  total: z.number().int(),
  orderedAt: z.string(),
  deliveredAt: z.string().nullable(),
  contractState: ContractStateSchema.nullable(),
  sourceUpdatedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(OrderItemSchema),
  /** Oldest first. */
  statusHistory: z.array(OrderStatusChangeSchema),
});
export type Order = z.infer<typeof OrderSchema>;

/** A warranty still running (ends today or later), for the profile. */
export const RunningWarrantySchema = z.object({
  orderId: z.string(),
  orderCode: z.string(),
  sku: z.string(),
  name: z.string(),
  warrantyEndsOn: z.string(),
});
export type RunningWarranty = z.infer<typeof RunningWarrantySchema>;

/** GET /api/customers/:id/orders — what the 360 and the ticket panel show first. */
export const CustomerOrdersSchema = z.object({
  customerId: z.string(),
  /** Net revenue to date, whole VND (REVENUE_ORDER_STATUSES, quotes excluded). */
  lifetimeValue: z.number().int(),
  /** Orders counted in lifetimeValue. */
  revenueOrderCount: z.number().int(),
  /** Every order, quote and contract of the customer. */
  orderCount: z.number().int(),
  latestOrder: OrderSchema.nullable(),
  openOrders: z.array(OrderSchema),
  warranties: z.array(RunningWarrantySchema),
  /** Newest first, at most `limit` (default 20). */
  orders: z.array(OrderSchema),
});
export type CustomerOrders = z.infer<typeof CustomerOrdersSchema>;

export const OrderListQuerySchema = z.object({
  /** An order code (exact or its beginning), or a customer's phone / name. */
  q: z.string().trim().max(200).optional(),
  customerId: z.string().uuid().optional(),
  status: OrderStatusSchema.optional(),
  /** Only orders still in progress. */
  open: z.enum(['true', 'false']).optional(),
  source: z.string().max(40).optional(),
  kind: OrderKindSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;

export const OrderListSchema = z.object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() });
export type OrderList = z.infer<typeof OrderListSchema>;

const money = z.number().int().min(0).max(1e13);

export const OrderItemInputSchema = z.object({
  sku: z.string().trim().max(100).default(''),
  name: z.string().trim().max(300).default(''),
  quantity: z.number().positive().max(1e6).default(1),
  unitPrice: money.default(0),
  warrantyMonths: z.number().int().min(0).max(600).nullable().optional(),
});
export type OrderItemInput = z.input<typeof OrderItemInputSchema>;

/**
 * PUT /api/orders/{source}/{code}: the whole order as the source knows it now. Idempotent: the same
 * body again changes nothing; an `updatedAt` not newer than the stored one changes nothing (a later one
 * wins). Without `updatedAt` a differing body wins. Totals default from the items.
 */
export const OrderUpsertSchema = z.object({
  kind: OrderKindSchema.default('order'),
  status: OrderStatusSchema,
  /** The source's own word or code for the status. */
  rawStatus: z.string().trim().max(100).nullable().optional(),
  /** Recognises the customer: phone, email, the shop's own customer code (identity "external" `<source>:<code>`). */
  customer: z
    .object({
      phone: z.string().trim().max(40).nullable().optional(),
      email: z.string().trim().max(254).nullable().optional(),
      code: z.string().trim().max(100).nullable().optional(),
      name: z.string().trim().max(200).nullable().optional(),
    })
    .optional(),
  paymentMethod: z.string().trim().max(40).nullable().optional(),
  amountPaid: money.optional(),
  shippingStatus: z.string().trim().max(100).nullable().optional(),
  carrier: z.string().trim().max(100).nullable().optional(),
  subtotal: money.optional(),
  discount: money.optional(),
  shippingFee: money.optional(),
  total: money.optional(),
  orderedAt: z.string().datetime({ offset: true }),
  deliveredAt: z.string().datetime({ offset: true }).nullable().optional(),
  contractState: ContractStateSchema.nullable().optional(),
  /** When the source last changed the order (a later one wins). */
  updatedAt: z.string().datetime({ offset: true }).optional(),
  items: z.array(OrderItemInputSchema).max(500).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type OrderUpsert = z.input<typeof OrderUpsertSchema>;

/** created: new; updated: a change was written; unchanged: same as stored; stale: older than what is stored (ignored). */
export const ORDER_UPSERT_OUTCOMES = ['created', 'updated', 'unchanged', 'stale'] as const;
export const OrderUpsertResultSchema = z.object({ outcome: z.enum(ORDER_UPSERT_OUTCOMES), order: OrderSchema });
export type OrderUpsertResult = z.infer<typeof OrderUpsertResultSchema>;

export const OrderImportResultSchema = z.object({
  /** Orders read from the file (rows of one order grouped). */
  orders: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Bad rows: the file's line number and why; an order with a bad row is not written. */
  errors: z.array(z.object({ line: z.number().int(), code: z.string().nullable(), reason: z.string() })),
  /** Headers the import did not recognise (ignored). */
  unknownColumns: z.array(z.string()),
});
export type OrderImportResult = z.infer<typeof OrderImportResultSchema>;

/** The platforms that post orders to /api/hooks/orders/<kind>/<key>. */
export const ORDER_WEBHOOK_KINDS = ['kiotviet', 'haravan', 'webhook'] as const;
export const OrderWebhookKindSchema = z.enum(ORDER_WEBHOOK_KINDS);

/** A connected order webhook (GET /api/order-webhooks); the secret is never shown again after creation. */
export const OrderWebhookSchema = z.object({
  id: z.string(),
  kind: OrderWebhookKindSchema,
  /** orders.source of what it posts. */
  name: z.string(),
  enabled: z.boolean(),
  /** The path to give the platform, after the app's public address: /api/hooks/orders/<kind>/<key>. */
  path: z.string(),
  hasSecret: z.boolean(),
  lastReceivedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderWebhook = z.infer<typeof OrderWebhookSchema>;

const SigningSecretSchema = z.string().trim().min(8, 'at least 8 characters').max(300);

/** POST /api/order-webhooks. Without a signingSecret one is generated and returned once (KiotViet and Haravan: paste the one they show). */
export const OrderWebhookCreateSchema = z.object({
  kind: OrderWebhookKindSchema,
  name: OrderSourceSchema.optional(),
  signingSecret: SigningSecretSchema.optional(),
  enabled: z.boolean().optional(),
});
export const OrderWebhookPatchSchema = z.object({ enabled: z.boolean().optional(), signingSecret: SigningSecretSchema.optional() });
export const OrderWebhookCreatedSchema = z.object({ webhook: OrderWebhookSchema, signingSecret: z.string().nullable() });
