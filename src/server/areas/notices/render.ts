import { fillNoticeTemplate, NOTICE_STATUS_WORDS, type NoticeLanguage, type NoticeStatus, type NoticeVariable } from '../../../shared/notices.js';

/** What a notice is written from: the order as it stands when the notice goes out. */
export interface NoticeOrder {
  code: string;
  status: NoticeStatus;
  total: number;
  carrier: string | null;
  tracking: string | null;
  orderedAt: Date;
  deliveredAt: Date | null;
  items: { name: string; sku: string; quantity: number }[];
}

/** Whole VND as shops write it: "1.250.000 ₫". */
export const formatVnd = (n: number) => `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(n)} ₫`;

/** dd/MM/yyyy in the workspace's zone. */
export function formatDate(at: Date, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(at);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

function itemsText(items: NoticeOrder['items'], lang: NoticeLanguage): string {
  const shown = items.slice(0, 5).map((i) => `${i.name || i.sku} × ${Number(i.quantity)}`);
  const more = items.length - shown.length;
  if (more > 0) shown.push(lang === 'vi' ? `và ${more} sản phẩm khác` : `and ${more} more`);
  return shown.join(', ');
}

/** The values of every variable for one order, customer and language. */
export function noticeValues(o: NoticeOrder, c: { name: string; shopName: string; lang: NoticeLanguage; timeZone: string }): Record<NoticeVariable, string> {
  return {
    customer_name: c.name,
    order_code: o.code,
    status: NOTICE_STATUS_WORDS[c.lang][o.status],
    total: formatVnd(o.total),
    items: itemsText(o.items, c.lang),
    carrier: o.carrier ?? '',
    tracking: o.tracking ?? '',
    order_date: formatDate(o.orderedAt, c.timeZone),
    delivery_date: o.deliveredAt ? formatDate(o.deliveredAt, c.timeZone) : '',
    shop_name: c.shopName,
  };
}

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}/g;

/** Fills a template (shared/notices.ts fillNoticeTemplate: the settings page previews with the same code). */
export const renderNotice = fillNoticeTemplate;

/** Variables a template uses that notices do not know. */
export function unknownNoticeVariables(template: string, known: readonly string[]): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]!).filter((n) => !known.includes(n)))];
}

/** The footer that tells the customer how to stop these notices, per channel kind. */
export function optOutFooter(lang: NoticeLanguage, link: string | null): string {
  if (link) return lang === 'vi' ? `\n\n—\nKhông muốn nhận thông báo đơn hàng nữa? Huỷ đăng ký: ${link}` : `\n\n—\nDon't want order updates? Unsubscribe: ${link}`;
  return lang === 'vi' ? '\n\n(Trả lời HUY để ngừng nhận thông báo đơn hàng.)' : '\n\n(Reply STOP to stop order updates.)';
}
