import { z } from 'zod';

/** Order statuses a customer can be told about (drafts and quotes are the shop's own business). */
export const NOTICE_STATUSES = ['confirmed', 'paid', 'shipping', 'delivered', 'completed', 'cancelled', 'returned'] as const;
export const NoticeStatusSchema = z.enum(NOTICE_STATUSES);
export type NoticeStatus = z.infer<typeof NoticeStatusSchema>;

export const NOTICE_LANGUAGES = ['vi', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** Variables a notice template may use ({{order_code}} …); a line whose variable is empty is left out. */
export const NOTICE_VARIABLES = [
  'customer_name',
  'order_code',
  'status',
  'total',
  'items',
  'carrier',
  'tracking',
  'order_date',
  'delivery_date',
  'shop_name',
] as const;
export type NoticeVariable = (typeof NOTICE_VARIABLES)[number];

/** Status words in the customer's language, as {{status}} writes them. */
export const NOTICE_STATUS_WORDS: Record<NoticeLanguage, Record<NoticeStatus, string>> = {
  vi: {
    confirmed: 'đã xác nhận',
    paid: 'đã thanh toán',
    shipping: 'đang giao',
    delivered: 'đã giao',
    completed: 'hoàn tất',
    cancelled: 'đã huỷ',
    returned: 'đã hoàn trả',
  },
  en: {
    confirmed: 'confirmed',
    paid: 'paid',
    shipping: 'shipping',
    delivered: 'delivered',
    completed: 'completed',
    cancelled: 'cancelled',
    returned: 'returned',
  },
};

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}/g;

/**
 * Fills a notice template. A line whose variables are all empty is left out ("Mã vận đơn: {{tracking}}"
 * when the carrier gave none), so one template serves orders with and without those details; unknown
 * variables stay visible as typed (saving refuses them).
 */
export function fillNoticeTemplate(template: string, values: Partial<Record<string, string>>): string {
  const known = (n: string) => Object.prototype.hasOwnProperty.call(values, n);
  const lines = template.split('\n').filter((line) => {
    const names = [...line.matchAll(VARIABLE)].map((m) => m[1]!);
    return names.length === 0 || names.some((n) => !known(n) || (values[n] ?? '') !== '');
  });
  return lines
    .join('\n')
    .replace(VARIABLE, (whole, n: string) => (known(n) ? (values[n] ?? '') : whole))
    .replace(/[ \t]+$/gm, '')
    .trim();
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const templateText = z.string().trim().min(1).max(1000);

export const NoticeStatusSettingsSchema = z.object({
  enabled: z.boolean(),
  templates: z.object({ vi: templateText, en: templateText }),
});
export type NoticeStatusSettings = z.infer<typeof NoticeStatusSettingsSchema>;

/** A workspace's order-notice settings (GET/PUT /api/notices/settings). */
export const NoticeSettingsSchema = z.object({
  /** The master switch: off, no order notice goes out at all. */
  enabled: z.boolean(),
  statuses: z.object(Object.fromEntries(NOTICE_STATUSES.map((s) => [s, NoticeStatusSettingsSchema])) as Record<NoticeStatus, typeof NoticeStatusSettingsSchema>),
  /** In the workspace's time zone; start after end spans midnight (21:00–08:00). */
  quietHours: z.object({ enabled: z.boolean(), start: hhmm, end: hhmm }),
  /** A survey N days after an order is delivered, once per order. */
  survey: z.object({ enabled: z.boolean(), days: z.number().int().min(1).max(60), type: z.enum(['csat', 'nps', 'ces']) }),
  /** A status change older than this when we hear of it (an import of old orders) is not announced. */
  maxAgeHours: z.number().int().min(1).max(720),
});
export type NoticeSettings = z.infer<typeof NoticeSettingsSchema>;

/** scheduled: waits for quiet hours to end; sent: handed to the channel (delivery status says the rest); skipped: reason says why. */
export const NOTICE_STATES = ['scheduled', 'sent', 'skipped'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** What the log shows: the notice's state, or once sent its message's delivery status. */
export const NOTICE_DISPLAY_STATES = ['scheduled', 'skipped', 'queued', 'sent', 'delivered', 'seen', 'failed'] as const;
export const NoticeDisplayStateSchema = z.enum(NOTICE_DISPLAY_STATES);
export type NoticeDisplayState = z.infer<typeof NoticeDisplayStateSchema>;

/** Why a notice was not sent (stable ids, translated in the web app). */
export const NOTICE_SKIP_REASONS = ['unsubscribed', 'no_customer', 'no_channel', 'superseded', 'order_cancelled', 'disabled'] as const;

export const NoticeSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  orderCode: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  status: NoticeStatusSchema,
  state: z.enum(NOTICE_STATES),
  display: NoticeDisplayStateSchema,
  /** skipped: one of NOTICE_SKIP_REASONS; failed: the delivery failure code. */
  reason: z.string().nullable(),
  /** Channels tried before giving up or sending, each with why it could not take it. */
  attempts: z.array(z.object({ channel: z.string(), reason: z.string() })),
  channel: z.string().nullable(),
  language: z.enum(NOTICE_LANGUAGES),
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  messageId: z.string().nullable(),
  body: z.string().nullable(),
  dueAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const NoticeListQuerySchema = z.object({
  display: NoticeDisplayStateSchema.optional(),
  status: NoticeStatusSchema.optional(),
  channel: z.string().trim().max(40).optional(),
  customerId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  /** Order code, exact. */
  orderCode: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NoticeListQuery = z.infer<typeof NoticeListQuerySchema>;

export const NoticeListSchema = z.object({ items: z.array(NoticeSchema), nextCursor: z.string().nullable() });
export type NoticeList = z.infer<typeof NoticeListSchema>;

/** A customer's order-notice subscription (the 360's toggle). */
export const NoticeSubscriptionSchema = z.object({
  customerId: z.string(),
  subscribed: z.boolean(),
  /** When and how they opted out: 'link' (email link), 'agent', 'reply' ("HUY"/"STOP"). */
  optedOutAt: z.string().nullable(),
  via: z.string().nullable(),
});
export type NoticeSubscription = z.infer<typeof NoticeSubscriptionSchema>;
