import { toSearchText } from '../../../core/lib/search-text.js';
import { ORDER_KINDS, ORDER_STATUSES, type OrderKind, type OrderStatus } from '../../../../shared/orders.js';

/** A cell the import cannot use; its message is the reason shown next to the line number. */
export class RowError extends Error {}

/** Header or word → lower-case, no diacritics, anything but letters and digits as one space. */
export const fold = (text: string) => toSearchText(text).replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Columns an order import understands, by folded header (Vietnamese and English; see README "Orders CSV").
 * One row per order, or one row per line item with the order's columns repeated on consecutive rows.
 */
const ALIASES: Record<string, string[]> = {
  code: ['order code', 'order', 'order id', 'order number', 'code', 'ma don hang', 'ma don', 'ma dat hang', 'ma hoa don', 'so don hang', 'so hoa don'],
  phone: ['phone', 'customer phone', 'mobile', 'so dien thoai', 'sdt', 'dien thoai', 'dien thoai khach hang', 'sdt khach hang'],
  email: ['email', 'e mail', 'customer email', 'email khach hang'],
  customer_code: ['customer code', 'customer id', 'ma khach hang', 'ma kh'],
  customer_name: ['customer name', 'customer', 'name', 'khach hang', 'ten khach hang', 'ho ten', 'ho va ten'],
  ordered_at: ['order date', 'ordered at', 'date', 'created at', 'ngay dat', 'ngay dat hang', 'ngay tao', 'ngay ban', 'thoi gian', 'ngay'],
  status: ['status', 'order status', 'trang thai', 'trang thai don hang'],
  total: ['total', 'order total', 'grand total', 'tong tien', 'tong cong', 'khach can tra', 'tong thanh toan'],
  subtotal: ['subtotal', 'tien hang', 'tong tien hang'],
  discount: ['discount', 'giam gia', 'chiet khau'],
  shipping_fee: ['shipping fee', 'shipping', 'phi van chuyen', 'phi giao hang', 'phi ship'],
  payment_method: ['payment', 'payment method', 'thanh toan', 'hinh thuc thanh toan', 'phuong thuc thanh toan'],
  amount_paid: ['amount paid', 'paid', 'da thanh toan', 'khach da tra'],
  carrier: ['carrier', 'shipping carrier', 'don vi van chuyen', 'doi tac giao hang', 'hang van chuyen'],
  shipping_status: ['shipping status', 'delivery status', 'trang thai giao hang', 'trang thai van chuyen'],
  delivered_at: ['delivered at', 'delivery date', 'ngay giao', 'ngay giao hang', 'ngay nhan hang'],
  updated_at: ['updated at', 'last updated', 'ngay cap nhat', 'cap nhat luc'],
  kind: ['kind', 'type', 'loai', 'loai chung tu'],
  sku: ['sku', 'item sku', 'product code', 'ma hang', 'ma san pham', 'ma sp'],
  item_name: ['item', 'item name', 'product', 'product name', 'ten hang', 'ten san pham', 'san pham'],
  quantity: ['quantity', 'qty', 'so luong', 'sl'],
  unit_price: ['unit price', 'price', 'don gia', 'gia', 'gia ban'],
  warranty_months: ['warranty months', 'warranty', 'bao hanh', 'bao hanh thang', 'thang bao hanh', 'so thang bao hanh'],
};

const BY_HEADER = new Map<string, string>(Object.entries(ALIASES).flatMap(([key, names]) => names.map((n) => [n, key] as [string, string])));

/** Header text → column key, or null when unknown. */
export const orderColumnKey = (header: string): string | null => BY_HEADER.get(fold(header)) ?? null;

/** Status words of shops and their software (Vietnamese, English) → the normalised set. */
const STATUS_WORDS: Record<string, OrderStatus> = {
  ...Object.fromEntries(ORDER_STATUSES.map((s) => [s, s])),
  moi: 'draft', 'don moi': 'draft', nhap: 'draft', 'phieu tam': 'draft', new: 'draft', pending: 'draft', 'cho xac nhan': 'draft',
  'bao gia': 'quote', quoted: 'quote',
  'da xac nhan': 'confirmed', 'xac nhan': 'confirmed', 'dang xu ly': 'confirmed', processing: 'confirmed', 'cho lay hang': 'confirmed',
  'da thanh toan': 'paid',
  'dang giao': 'shipping', 'dang giao hang': 'shipping', 'dang van chuyen': 'shipping', shipped: 'shipping', 'in transit': 'shipping',
  'da giao': 'delivered', 'da giao hang': 'delivered', 'giao thanh cong': 'delivered', 'da nhan hang': 'delivered',
  'hoan thanh': 'completed', 'thanh cong': 'completed', complete: 'completed', done: 'completed',
  huy: 'cancelled', 'da huy': 'cancelled', 'huy don': 'cancelled', canceled: 'cancelled', cancel: 'cancelled',
  'tra hang': 'returned', 'da tra hang': 'returned', 'hoan tra': 'returned', 'chuyen hoan': 'returned', 'da chuyen hoan': 'returned', return: 'returned', refunded: 'returned',
};

export function parseStatus(raw: string): OrderStatus {
  const s = STATUS_WORDS[fold(raw)];
  if (!s) throw new RowError(`Status "${raw}" is not one we know (e.g. ${ORDER_STATUSES.join(', ')}; mới, đã xác nhận, đang giao, đã giao, hoàn thành, đã hủy, trả hàng)`);
  return s;
}

const KIND_WORDS: Record<string, OrderKind> = {
  ...Object.fromEntries(ORDER_KINDS.map((k) => [k, k])),
  'don hang': 'order', 'hoa don': 'order', 'bao gia': 'quote', 'hop dong': 'contract',
};

export function parseKind(raw: string): OrderKind {
  const k = KIND_WORDS[fold(raw)];
  if (!k) throw new RowError(`Type "${raw}" is not order, quote or contract (đơn hàng, báo giá, hợp đồng)`);
  return k;
}

const COD_WORDS = new Set(['cod', 'thu ho', 'tien mat khi nhan hang', 'thanh toan khi nhan hang', 'cash on delivery']);

/** "COD", "thu hộ" … → "cod"; other methods kept as written (shortened). */
export const parsePaymentMethod = (raw: string) => (COD_WORDS.has(fold(raw)) ? 'cod' : raw.trim().slice(0, 40));

/** Whole VND from "1.500.000", "1,500,000", "1500000 ₫", "1500000.00"; RowError when not a non-negative amount. */
export function parseMoney(raw: string, what: string): number {
  let v = raw.trim().replace(/\s|₫|đ|vnd|vnđ/gi, '');
  // Two decimals after the last separator are cents ("1500000.00"); VND has none.
  v = v.replace(/[.,]\d{1,2}$/, '');
  if (!/^\d[\d.,]*$/.test(v)) throw new RowError(`${what} "${raw}" is not an amount in VND`);
  const n = Number(v.replace(/[.,]/g, ''));
  if (!Number.isSafeInteger(n) || n > 1e13) throw new RowError(`${what} "${raw}" is too large`);
  return n;
}

export function parseQuantity(raw: string): number {
  const n = Number(raw.trim().replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0 || n > 1e6) throw new RowError(`Quantity "${raw}" is not a positive number`);
  return n;
}

export function parseMonths(raw: string): number {
  const m = /^(\d{1,3})\s*(thang|months?|m)?$/.exec(fold(raw));
  if (!m) throw new RowError(`Warranty "${raw}" is not a number of months`);
  return Number(m[1]);
}

/** Offset (ms) of a zone from UTC at an instant. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneOffset(at: number, timeZone: string): number {
  // One formatter per zone: making one costs far more than using it (a million rows in an import).
  let format = zoneFormats.get(timeZone);
  if (!format) zoneFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })));
  const parts = format.formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}

/**
 * An instant from dd/MM/yyyy[ HH:mm[:ss]] (also - or .) in the workspace zone, or ISO 8601
 * (yyyy-MM-dd[THH:mm[:ss][Z|±hh:mm]]; without an offset, the workspace zone). RowError when not a real date.
 */
export function parseDate(raw: string, timeZone: string, what: string): Date {
  const text = raw.trim();
  let y: number, mo: number, d: number, h: number, mi: number, s: number;
  let offset: string | undefined;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m) [d, mo, y, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text))) {
    [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    offset = m[7];
  } else throw new RowError(`${what} "${raw}" is not dd/MM/yyyy or an ISO date`);
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59 || y < 1970) {
    throw new RowError(`${what} "${raw}" is not a real date`);
  }
  if (offset) {
    if (/^z$/i.test(offset)) return new Date(local);
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[+:-]/g, '');
    return new Date(local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
  }
  // Local wall time in the zone: correct the guess by the zone's offset at that moment (twice, for DST edges).
  let at = local - zoneOffset(local, timeZone);
  at = local - zoneOffset(at, timeZone);
  return new Date(at);
}
