import type { Db } from '../core/db/types.js';
import { bulkInsert } from '../core/db/bulk-insert.js';
import { rebuildOrderSummaries } from '../areas/orders/index.js';
import { Rng, hash32 } from './random.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The điện máy shop's catalogue: SKU, name, price (VND), warranty months, and what buyers often add. */
const PRODUCTS: { sku: string; name: string; price: number; warranty: number; weight: number; with?: string[] }[] = [
  { sku: 'TL-SS-RT38', name: 'Tủ lạnh Samsung Inverter 380L', price: 11_490_000, warranty: 24, weight: 6, with: ['MLN-KANGAROO'] },
  { sku: 'TL-PANA-322', name: 'Tủ lạnh Panasonic Inverter 322L', price: 12_990_000, warranty: 24, weight: 5, with: ['MLN-KANGAROO'] },
  { sku: 'MG-LG-9KG', name: 'Máy giặt LG Inverter 9 kg', price: 8_490_000, warranty: 24, weight: 6 },
  { sku: 'MG-TOSH-8KG', name: 'Máy giặt Toshiba 8 kg', price: 6_290_000, warranty: 24, weight: 4 },
  { sku: 'DH-DAIKIN-1HP', name: 'Điều hòa Daikin Inverter 1 HP', price: 10_990_000, warranty: 12, weight: 7, with: ['QUAT-SENKO'] },
  { sku: 'DH-PANA-15HP', name: 'Điều hòa Panasonic Inverter 1.5 HP', price: 13_490_000, warranty: 12, weight: 4 },
  { sku: 'TV-SONY-55', name: 'Tivi Sony 4K 55 inch', price: 15_990_000, warranty: 24, weight: 4, with: ['LOA-SS-HW'] },
  { sku: 'TV-SS-43', name: 'Smart Tivi Samsung 43 inch', price: 7_490_000, warranty: 24, weight: 6, with: ['LOA-SS-HW'] },
  { sku: 'NCKD-PHILIPS-5L', name: 'Nồi chiên không dầu Philips 5L', price: 2_990_000, warranty: 24, weight: 10, with: ['MX-SUNHOUSE'] },
  { sku: 'NC-SHARP-18', name: 'Nồi cơm điện Sharp 1.8L', price: 1_190_000, warranty: 12, weight: 9, with: ['AST-XIAOMI'] },
  { sku: 'LVS-SHARP-25', name: 'Lò vi sóng Sharp 25L', price: 2_290_000, warranty: 12, weight: 6 },
  { sku: 'QUAT-SENKO', name: 'Quạt đứng Senko', price: 450_000, warranty: 6, weight: 10 },
  { sku: 'MLN-KANGAROO', name: 'Máy lọc nước Kangaroo 10 lõi', price: 5_990_000, warranty: 12, weight: 5 },
  { sku: 'BNL-ARISTON-30', name: 'Bình nóng lạnh Ariston 30L', price: 3_490_000, warranty: 24, weight: 5 },
  { sku: 'HB-PHILIPS', name: 'Máy hút bụi Philips', price: 2_490_000, warranty: 24, weight: 4 },
  { sku: 'BEP-BOSCH-2', name: 'Bếp từ đôi Bosch', price: 14_990_000, warranty: 24, weight: 3, with: ['NCKD-PHILIPS-5L'] },
  { sku: 'MX-SUNHOUSE', name: 'Máy xay sinh tố Sunhouse', price: 690_000, warranty: 12, weight: 8 },
  { sku: 'AST-XIAOMI', name: 'Ấm siêu tốc Xiaomi', price: 390_000, warranty: 12, weight: 9 },
  { sku: 'LOA-SS-HW', name: 'Loa thanh Samsung HW-B550', price: 4_990_000, warranty: 12, weight: 3 },
  { sku: 'CF-DELONGHI', name: 'Máy pha cà phê DeLonghi', price: 8_990_000, warranty: 12, weight: 2 },
];
const BY_SKU = new Map(PRODUCTS.map((p) => [p.sku, p]));
const TOTAL_WEIGHT = PRODUCTS.reduce((s, p) => s + p.weight, 0);
const CARRIERS = ['Giao Hàng Nhanh', 'Giao Hàng Tiết Kiệm', 'Viettel Post', 'J&T Express', 'Nhân viên cửa hàng'];
const PREPAID = ['chuyển khoản', 'momo', 'vnpay', 'thẻ'];
const RAW: Record<string, string> = {
  draft: 'Phiếu tạm', quote: 'Báo giá', confirmed: 'Đã xác nhận', paid: 'Đã thanh toán', shipping: 'Đang giao hàng',
  delivered: 'Giao thành công', completed: 'Hoàn thành', cancelled: 'Đã hủy', returned: 'Đã chuyển hoàn',
};

function pickProduct(rng: Rng) {
  let x = rng.next() * TOTAL_WEIGHT;
  for (const p of PRODUCTS) if ((x -= p.weight) < 0) return p;
  return PRODUCTS[0];
}

/** How many orders a customer has, and how far back, from their lifecycle stage (leads buy nothing; loyal buyers come back). */
function plan(rng: Rng, stage: string): { orders: number; quote: boolean; newestDaysAgo: number } {
  switch (stage) {
    case 'lead': return { orders: 0, quote: false, newestDaysAgo: 0 };
    case 'prospect': return { orders: 0, quote: rng.chance(0.4), newestDaysAgo: rng.int(0, 20) };
    case 'loyal': return { orders: rng.int(3, 6), quote: false, newestDaysAgo: rng.int(0, 90) };
    case 'churned': return { orders: rng.int(1, 2), quote: false, newestDaysAgo: rng.int(400, 700) };
    default: return { orders: rng.chance(0.6) ? 1 : 2, quote: false, newestDaysAgo: rng.chance(0.25) ? rng.int(0, 12) : rng.int(13, 500) };
  }
}

/** The status an order of this age has reached, and the steps it went through (with times). */
function lifecycle(rng: Rng, at: number, now: number, cod: boolean): { status: string; steps: [string, number][]; deliveredAt: number | null } {
  const age = (now - at) / DAY;
  const steps: [string, number][] = [['confirmed', at]];
  const paidAt = at + rng.int(1, 6) * HOUR;
  if (!cod && paidAt < now) steps.push(['paid', paidAt]);
  const shipAt = at + DAY + rng.int(0, 8) * HOUR;
  const deliverAt = shipAt + rng.int(1, 3) * DAY;
  const doneAt = deliverAt + 7 * DAY;
  const roll = rng.next();
  const cancel = () => {
    steps.push(['cancelled', Math.min(now, steps[steps.length - 1][1] + rng.int(2, 20) * HOUR)]);
    return { status: 'cancelled', steps, deliveredAt: null };
  };
  if (age < 1 || shipAt > now) return { status: steps[steps.length - 1][0], steps, deliveredAt: null };
  if (age < 3 || now < deliverAt) {
    if (roll < 0.08) return cancel();
    steps.push(['shipping', shipAt]);
    return { status: 'shipping', steps, deliveredAt: null };
  }
  if (roll < 0.08) return cancel();
  steps.push(['shipping', shipAt], ['delivered', deliverAt]);
  if (roll < 0.14 && now > deliverAt + 5 * DAY) {
    steps.push(['returned', deliverAt + rng.int(2, 5) * DAY]);
    return { status: 'returned', steps, deliveredAt: deliverAt };
  }
  if (now < doneAt) return { status: 'delivered', steps, deliveredAt: deliverAt };
  steps.push(['completed', doneAt]);
  return { status: 'completed', steps, deliveredAt: deliverAt };
}

/** yyyy-MM-dd in Việt Nam (UTC+7, no daylight saving) + months, the 31st clamped like PostgreSQL. */
function warrantyEnd(deliveredAt: number, months: number): string {
  const d = new Date(deliveredAt + 7 * HOUR);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
  return end.toISOString().slice(0, 10);
}

interface OrderRow { id: string; customerId: string; code: string; kind: string; status: string; payment: string; paid: number; shippingStatus: string | null; carrier: string | null; subtotal: number; discount: number; fee: number; total: number; orderedAt: number; deliveredAt: number | null; updatedAt: number }
interface ItemRow { orderId: string; position: number; sku: string; name: string; quantity: number; price: number; months: number; ends: string | null }
interface StepRow { id: string; orderId: string; status: string; at: number }
interface EventRow { type: string; subjectId: string; data: Record<string, unknown>; at: number }

/**
 * The demo shop's sales: orders with COD and prepaid payment, carriers and delivery states, line items
 * from the điện máy catalogue (with what buyers often add), warranties from the delivery day, status
 * histories with their events, repeat buyers among loyal customers, lapsed ones among churned, quotes for
 * prospects. Deterministic for a workspace; batched unnest inserts (about 1.5 orders per customer).
 */
export async function seedDemoOrders(db: Db, workspaceId: string, opts: { now?: Date; batchSize?: number; seed?: string } = {}): Promise<{ orders: number; items: number }> {
  const now = (opts.now ?? new Date()).getTime();
  // The workspace's id by default (a new demo differs from the last); a fixed seed reproduces one sale for sale.
  const rng = new Rng(hash32(`orders|${opts.seed ?? workspaceId}`));
  const batchSize = opts.batchSize ?? 5000;
  let orderNo = 0;
  let counts = { orders: 0, items: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const customers = await db.query<{ id: string; lifecycle_stage: string }>(
      'SELECT id, lifecycle_stage FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL AND id > $2 ORDER BY id LIMIT $3',
      [workspaceId, after, batchSize],
    );
    if (customers.length === 0) break;
    after = customers[customers.length - 1].id;
    const orders: OrderRow[] = [];
    const items: ItemRow[] = [];
    const steps: StepRow[] = [];
    const events: EventRow[] = [];
    for (const c of customers) {
      const p = plan(rng, c.lifecycle_stage);
      const count = p.orders + (p.quote ? 1 : 0);
      let at = now - p.newestDaysAgo * DAY - rng.int(1, 10) * HOUR;
      for (let k = 0; k < count; k++) {
        const quote = p.quote && k === 0;
        const id = rng.uuid();
        const code = `${quote ? 'BG' : 'DH'}${String(++orderNo).padStart(6, '0')}`;
        const main = pickProduct(rng);
        const lines = [main];
        for (const sku of main.with ?? []) if (rng.chance(0.35)) lines.push(BY_SKU.get(sku)!);
        if (rng.chance(0.15)) lines.push(pickProduct(rng));
        const unique = [...new Map(lines.map((l) => [l.sku, l])).values()];
        const cod = rng.chance(0.6);
        const life = quote ? { status: 'quote', steps: [['quote', at]] as [string, number][], deliveredAt: null } : lifecycle(rng, at, now, cod);
        const subtotal = unique.reduce((s, l) => s + l.price, 0);
        const discount = rng.chance(0.2) ? Math.round((subtotal * 0.05) / 1000) * 1000 : 0;
        const fee = subtotal >= 2_000_000 ? 0 : 30_000;
        const total = subtotal - discount + fee;
        const paidStatuses = ['paid', 'delivered', 'completed', 'returned'];
        const updatedAt = life.steps[life.steps.length - 1][1];
        orders.push({
          id, customerId: c.id, code, kind: quote ? 'quote' : 'order', status: life.status,
          payment: cod ? 'cod' : rng.pick(PREPAID), paid: !quote && (!cod || paidStatuses.includes(life.status)) && life.status !== 'cancelled' ? total : 0,
          shippingStatus: life.status === 'shipping' ? 'Đang giao hàng' : life.deliveredAt ? 'Giao thành công' : null,
          carrier: quote || life.status === 'confirmed' ? null : rng.pick(CARRIERS),
          subtotal, discount, fee, total, orderedAt: at, deliveredAt: life.deliveredAt, updatedAt,
        });
        unique.forEach((l, i) => items.push({ orderId: id, position: i + 1, sku: l.sku, name: l.name, quantity: 1, price: l.price, months: l.warranty, ends: quote ? null : warrantyEnd(life.deliveredAt ?? at, l.warranty) }));
        let previous: string | null = null;
        for (const [status, stepAt] of life.steps) {
          steps.push({ id: rng.uuid(), orderId: id, status, at: stepAt });
          const data = previous === null
            ? { source: 'demo', code, kind: quote ? 'quote' : 'order', status, rawStatus: RAW[status], customerId: c.id, total, at: new Date(stepAt).toISOString() }
            : { source: 'demo', code, customerId: c.id, from: previous, to: status, rawStatus: RAW[status], at: new Date(stepAt).toISOString() };
          events.push({ type: previous === null ? 'order.created' : 'order.status_changed', subjectId: id, data, at: stepAt });
          previous = status;
        }
        // The customer's earlier order: one to four months before this one.
        at -= rng.int(30, 120) * DAY + rng.int(0, 12) * HOUR;
      }
    }
    await db.tx(async (tx) => {
      await bulkInsert(tx, 'orders', { workspace_id: workspaceId }, [
        { name: 'id', type: 'uuid', get: (r) => r.id },
        { name: 'customer_id', type: 'uuid', get: (r) => r.customerId },
        { name: 'source', type: 'text', get: () => 'demo' },
        { name: 'code', type: 'text', get: (r) => r.code },
        { name: 'kind', type: 'text', get: (r) => r.kind },
        { name: 'status', type: 'text', get: (r) => r.status },
        { name: 'raw_status', type: 'text', get: (r) => RAW[r.status] },
        { name: 'payment_method', type: 'text', get: (r) => r.payment },
        { name: 'amount_paid', type: 'int', get: (r) => r.paid },
        { name: 'shipping_status', type: 'text', get: (r) => r.shippingStatus },
        { name: 'carrier', type: 'text', get: (r) => r.carrier },
        { name: 'subtotal', type: 'int', get: (r) => r.subtotal },
        { name: 'discount', type: 'int', get: (r) => r.discount },
        { name: 'shipping_fee', type: 'int', get: (r) => r.fee },
        { name: 'total', type: 'int', get: (r) => r.total },
        { name: 'ordered_at', type: 'timestamptz', get: (r) => r.orderedAt },
        { name: 'delivered_at', type: 'timestamptz', get: (r) => r.deliveredAt },
        { name: 'source_updated_at', type: 'timestamptz', get: (r) => r.updatedAt },
        { name: 'created_at', type: 'timestamptz', get: (r) => r.orderedAt },
        { name: 'updated_at', type: 'timestamptz', get: (r) => r.updatedAt },
      ], orders);
      await bulkInsert(tx, 'order_items', { workspace_id: workspaceId }, [
        { name: 'order_id', type: 'uuid', get: (r) => r.orderId },
        { name: 'position', type: 'int', get: (r) => r.position },
        { name: 'sku', type: 'text', get: (r) => r.sku },
        { name: 'name', type: 'text', get: (r) => r.name },
        { name: 'quantity', type: 'int', get: (r) => r.quantity },
        { name: 'unit_price', type: 'int', get: (r) => r.price },
        { name: 'warranty_months', type: 'int', get: (r) => r.months },
        { name: 'warranty_ends_on', type: 'date', get: (r) => r.ends },
      ], items);
      await bulkInsert(tx, 'order_status_changes', { workspace_id: workspaceId }, [
        { name: 'id', type: 'uuid', get: (r) => r.id },
        { name: 'order_id', type: 'uuid', get: (r) => r.orderId },
        { name: 'status', type: 'text', get: (r) => r.status },
        { name: 'raw_status', type: 'text', get: (r) => RAW[r.status] },
        { name: 'at', type: 'timestamptz', get: (r) => r.at },
      ], steps);
      await bulkInsert(tx, 'events', { workspace_id: workspaceId }, [
        { name: 'type', type: 'text', get: (r) => r.type },
        { name: 'subject_type', type: 'text', get: () => 'order' },
        { name: 'subject_id', type: 'uuid', get: (r) => r.subjectId },
        { name: 'actor_type', type: 'text', get: () => 'system' },
        { name: 'data', type: 'jsonb', get: (r) => r.data },
        { name: 'created_at', type: 'timestamptz', get: (r) => r.at },
      ], events);
    });
    counts = { orders: counts.orders + orders.length, items: counts.items + items.length };
  }
  // Written in bulk past the orders commands: their customers' order summaries (segments, lifetime value) at once.
  await rebuildOrderSummaries(db, workspaceId);
  return counts;
}
