import type { Sql } from '../../core/db/types.js';
import { NOTICE_STATUSES, NoticeSettingsSchema, type NoticeSettings, type NoticeStatus } from '../../../shared/notices.js';

/** Statuses announced by default: the ones a customer waits for. */
const ON_BY_DEFAULT: readonly NoticeStatus[] = ['confirmed', 'shipping', 'delivered', 'cancelled'];

const DEFAULT_TEMPLATES: Record<NoticeStatus, { vi: string; en: string }> = {
  confirmed: {
    vi: 'Chào {{customer_name}}, {{shop_name}} đã xác nhận đơn hàng {{order_code}}.\nSản phẩm: {{items}}\nTổng tiền: {{total}}\nCảm ơn anh/chị đã mua hàng!',
    en: 'Hello {{customer_name}}, {{shop_name}} has confirmed your order {{order_code}}.\nItems: {{items}}\nTotal: {{total}}\nThank you for your order!',
  },
  paid: {
    vi: '{{shop_name}} đã nhận thanh toán {{total}} cho đơn hàng {{order_code}}. Cảm ơn anh/chị!',
    en: '{{shop_name}} has received your payment of {{total}} for order {{order_code}}. Thank you!',
  },
  shipping: {
    vi: 'Đơn hàng {{order_code}} đang được giao đến anh/chị.\nĐơn vị vận chuyển: {{carrier}}\nMã vận đơn: {{tracking}}',
    en: 'Your order {{order_code}} is on its way.\nCarrier: {{carrier}}\nTracking number: {{tracking}}',
  },
  delivered: {
    vi: 'Đơn hàng {{order_code}} đã giao thành công ngày {{delivery_date}}. Cảm ơn {{customer_name}} đã tin chọn {{shop_name}}!',
    en: 'Your order {{order_code}} was delivered on {{delivery_date}}. Thank you for choosing {{shop_name}}, {{customer_name}}!',
  },
  completed: {
    vi: 'Đơn hàng {{order_code}} đã hoàn tất. Cảm ơn anh/chị đã mua hàng tại {{shop_name}}!',
    en: 'Your order {{order_code}} is complete. Thank you for shopping at {{shop_name}}!',
  },
  cancelled: {
    vi: 'Đơn hàng {{order_code}} đã được huỷ. Nếu anh/chị cần hỗ trợ, hãy trả lời tin nhắn này.',
    en: 'Your order {{order_code}} has been cancelled. If you need help, just reply to this message.',
  },
  returned: {
    vi: '{{shop_name}} đã nhận hàng hoàn của đơn {{order_code}}. Chúng tôi sẽ liên hệ anh/chị về việc hoàn tiền.',
    en: '{{shop_name}} has received the return of order {{order_code}}. We will contact you about the refund.',
  },
};

/** The settings every workspace starts with (no row saved yet). */
export function defaultNoticeSettings(): NoticeSettings {
  return {
    enabled: true,
    statuses: Object.fromEntries(NOTICE_STATUSES.map((s) => [s, { enabled: ON_BY_DEFAULT.includes(s), templates: { ...DEFAULT_TEMPLATES[s] } }])) as NoticeSettings['statuses'],
    quietHours: { enabled: true, start: '21:00', end: '08:00' },
    survey: { enabled: false, days: 3, type: 'csat' },
    maxAgeHours: 24,
  };
}

/** A workspace's settings: the saved document (missing keys from the defaults), else the defaults. */
export async function loadNoticeSettings(sql: Sql, workspaceId: string): Promise<NoticeSettings> {
  const row = await sql.maybeOne<{ settings: Partial<NoticeSettings> }>('SELECT settings FROM notice_settings WHERE workspace_id = $1', [workspaceId]);
  const base = defaultNoticeSettings();
  if (!row) return base;
  const saved = row.settings;
  const merged = {
    ...base,
    ...saved,
    statuses: { ...base.statuses, ...(saved.statuses ?? {}) },
    quietHours: { ...base.quietHours, ...(saved.quietHours ?? {}) },
    survey: { ...base.survey, ...(saved.survey ?? {}) },
  };
  const parsed = NoticeSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : base;
}

/** Saves the whole document (validated by the route). */
export async function saveNoticeSettings(sql: Sql, workspaceId: string, settings: NoticeSettings): Promise<NoticeSettings> {
  await sql.query(
    `INSERT INTO notice_settings (workspace_id, settings, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (workspace_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [workspaceId, JSON.stringify(settings)],
  );
  return settings;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local wall-clock parts of an instant in a time zone. */
function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** The instant of a local wall-clock time in a zone (two passes settle daylight-saving offsets). */
function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
    guess += wall - shown;
  }
  return new Date(guess);
}

/**
 * When a notice decided at `now` may go out: now, or the end of the quiet hours it falls in (their
 * start after their end spans midnight: 21:00–08:00 sends a 23:00 notice at 08:00 the next morning).
 */
export function dueAfterQuietHours(now: Date, quiet: NoticeSettings['quietHours'], timeZone: string): Date {
  if (!quiet.enabled || quiet.start === quiet.end) return now;
  const p = localParts(now, timeZone);
  const m = p.h * 60 + p.mi;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return now;
  // The end falls today when we are before it on the clock, else tomorrow.
  const addDay = m >= end ? 1 : 0;
  const day = new Date(Date.UTC(p.y, p.mo - 1, p.d + addDay));
  return zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(end / 60), end % 60, timeZone);
}
