import { z } from 'zod';
import type { OrderStatus } from '../../../../shared/orders.js';
import { parseDate } from '../commands/csv-values.js';
import type { OrderData } from '../commands/upsert-order.js';

/**
 * KiotViet Public API webhooks (order.update, invoice.update): the envelope
 * `{ Id, Attempt, Notifications: [{ Action, Data: [...] }] }`. Field names as KiotViet's documents
 * write them (PascalCase); everything optional but the code, since each event type sends its own subset.
 */
const num = z.coerce.number();
const text = z.union([z.string(), z.number()]).transform(String);

const DetailSchema = z.object({
  ProductCode: text.optional(),
  ProductName: z.string().optional(),
  Quantity: num.optional(),
  Price: num.optional(),
}).passthrough();

const DeliverySchema = z.object({
  DeliveryCode: text.nullish(),
  Status: num.nullish(),
  StatusValue: z.string().nullish(),
  Receiver: z.string().nullish(),
  ContactNumber: text.nullish(),
  PartnerDelivery: z.object({ Code: text.nullish(), Name: z.string().nullish() }).passthrough().nullish(),
}).passthrough();

export const KiotVietDocumentSchema = z.object({
  Id: text.optional(),
  Code: text,
  OrderCode: text.nullish(),
  PurchaseDate: z.string().nullish(),
  CreatedDate: z.string().nullish(),
  ModifiedDate: z.string().nullish(),
  CustomerCode: text.nullish(),
  CustomerName: z.string().nullish(),
  Total: num.nullish(),
  TotalPayment: num.nullish(),
  Discount: num.nullish(),
  Status: num,
  StatusValue: z.string().nullish(),
  UsingCod: z.boolean().nullish(),
  OrderDetails: z.array(DetailSchema).nullish(),
  InvoiceDetails: z.array(DetailSchema).nullish(),
  OrderDelivery: DeliverySchema.nullish(),
  InvoiceDelivery: DeliverySchema.nullish(),
}).passthrough();
export type KiotVietDocument = z.infer<typeof KiotVietDocumentSchema>;

export const KiotVietEnvelopeSchema = z.object({
  Id: text.optional(),
  Attempt: num.optional(),
  Notifications: z.array(z.object({ Action: z.string(), Data: z.array(z.unknown()).default([]) }).passthrough()),
}).passthrough();

/** Đặt hàng (order) Status: 1 Phiếu tạm, 2 Đang giao hàng, 3 Hoàn thành, 4 Đã hủy, 5 Đã xác nhận. */
const ORDER_STATUS: Record<number, [OrderStatus, string]> = {
  1: ['draft', 'Phiếu tạm'],
  2: ['shipping', 'Đang giao hàng'],
  3: ['completed', 'Hoàn thành'],
  4: ['cancelled', 'Đã hủy'],
  5: ['confirmed', 'Đã xác nhận'],
};

/** Hóa đơn (invoice) Status: 1 Hoàn thành, 2 Đã hủy, 3 Đang xử lý, 5 Không giao được. */
const INVOICE_STATUS: Record<number, [OrderStatus, string]> = {
  1: ['completed', 'Hoàn thành'],
  2: ['cancelled', 'Đã hủy'],
  3: ['confirmed', 'Đang xử lý'],
  5: ['returned', 'Không giao được'],
};

/**
 * InvoiceDelivery.Status, as KiotViet's webhook document (§2.11.7) lists them: 1 Chưa giao hàng,
 * 2 Đang giao hàng, 3 Đã giao hàng, 4 Đang chuyển hoàn, 5 Đã chuyển hoàn, 6 Đã hủy; and the delivery
 * states its app shows beyond those (7 Đang lấy hàng, 8 Chờ lấy lại, 9 Đã lấy hàng, 10 Chờ giao lại,
 * 11 Chờ chuyển hoàn, 12 Chờ chuyển hoàn lại). null: the delivery state does not move the order.
 */
const DELIVERY_STATUS: Record<number, [OrderStatus | null, string]> = {
  1: [null, 'Chưa giao hàng'],
  2: ['shipping', 'Đang giao hàng'],
  3: ['delivered', 'Đã giao hàng'],
  4: ['shipping', 'Đang chuyển hoàn'],
  5: ['returned', 'Đã chuyển hoàn'],
  6: [null, 'Đã hủy'],
  7: ['shipping', 'Đang lấy hàng'],
  8: ['shipping', 'Chờ lấy lại'],
  9: ['shipping', 'Đã lấy hàng'],
  10: ['shipping', 'Chờ giao lại'],
  11: ['shipping', 'Chờ chuyển hoàn'],
  12: ['shipping', 'Chờ chuyển hoàn lại'],
};

/** KiotViet writes local Vietnamese time without an offset ("2026-04-20T10:08:32.0000000"). */
const KIOTVIET_ZONE = 'Asia/Ho_Chi_Minh';
const when = (value: string | null | undefined) => (value ? parseDate(value.replace(/(\.\d{3})\d+/, '$1'), KIOTVIET_ZONE, 'KiotViet date').toISOString() : undefined);

/**
 * One KiotViet order or invoice → the upsert body and the code to file it under. An invoice made
 * from an order (OrderCode) updates that order rather than counting the sale twice. The customer is
 * recognised by KiotViet's customer code; the delivery's contact number is taken as their phone only
 * when the receiver is the customer (same name), since a gift goes to someone else.
 */
export function mapKiotViet(kind: 'order' | 'invoice', doc: KiotVietDocument): { code: string; data: OrderData } {
  const delivery = kind === 'order' ? doc.OrderDelivery : doc.InvoiceDelivery;
  const [baseStatus, baseLabel] = (kind === 'order' ? ORDER_STATUS : INVOICE_STATUS)[doc.Status] ?? ['confirmed', `Status ${doc.Status}`];
  const deliveryStatus = delivery?.Status != null ? DELIVERY_STATUS[delivery.Status] : undefined;
  let status = baseStatus;
  // The delivery moves an order that is still in progress or done (not one cancelled in KiotViet).
  if (deliveryStatus?.[0] && baseStatus !== 'cancelled') {
    const d = deliveryStatus[0];
    status = d === 'delivered' && baseStatus === 'completed' ? 'completed' : d;
  }
  const shippingLabel = delivery?.StatusValue ?? deliveryStatus?.[1] ?? null;
  const rawStatus = `${doc.StatusValue ?? baseLabel}${shippingLabel ? ` · ${shippingLabel}` : ''}`.slice(0, 100);
  const details = (kind === 'order' ? doc.OrderDetails : doc.InvoiceDetails) ?? [];
  const sameName = (a?: string | null, b?: string | null) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
  const updatedAt = when(doc.ModifiedDate) ?? when(doc.CreatedDate);
  const data: OrderData = {
    kind: 'order',
    status,
    rawStatus,
    customer: {
      code: doc.CustomerCode ?? null,
      name: doc.CustomerName ?? null,
      phone: delivery?.ContactNumber && sameName(delivery.Receiver, doc.CustomerName) ? delivery.ContactNumber : null,
    },
    paymentMethod: doc.UsingCod ? 'cod' : 'prepaid',
    amountPaid: doc.TotalPayment != null ? Math.max(0, Math.round(doc.TotalPayment)) : undefined,
    shippingStatus: shippingLabel,
    carrier: delivery?.PartnerDelivery?.Name ?? null,
    discount: doc.Discount != null ? Math.max(0, Math.round(doc.Discount)) : undefined,
    total: doc.Total != null ? Math.max(0, Math.round(doc.Total)) : undefined,
    orderedAt: when(doc.PurchaseDate) ?? when(doc.CreatedDate) ?? updatedAt ?? new Date().toISOString(),
    deliveredAt: status === 'delivered' || (status === 'completed' && deliveryStatus?.[0] === 'delivered') ? (updatedAt ?? null) : undefined,
    updatedAt,
    items: details.map((d) => ({ sku: (d.ProductCode ?? '').slice(0, 100), name: (d.ProductName ?? '').slice(0, 300), quantity: d.Quantity && d.Quantity > 0 ? d.Quantity : 1, unitPrice: Math.max(0, Math.round(d.Price ?? 0)) })),
    meta: { kiotviet: { kind, id: doc.Id ?? null, code: doc.Code, deliveryCode: delivery?.DeliveryCode ?? null } },
  };
  if (data.items?.length === 0) delete data.items;
  return { code: kind === 'invoice' && doc.OrderCode ? doc.OrderCode : doc.Code, data };
}
