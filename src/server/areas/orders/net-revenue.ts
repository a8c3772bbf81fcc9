import { REVENUE_ORDER_STATUSES } from '../../../shared/orders.js';

/**
 * The one definition of a purchase for "net revenue" (lifetime value, CLV, retention, segments' order
 * count / total spent / last order / products bought), PRODUCT §4: orders and contracts past draft and
 * not undone — kind not 'quote', status confirmed, paid, shipping, delivered or completed — summing
 * `total` (subtotal − discount + shipping fee, so discounts are already off). A cancelled or returned
 * order gives its whole total back: it leaves both revenue and the order count.
 */
export const isNetOrder = (o: { kind: string; status: string }) => o.kind !== 'quote' && (REVENUE_ORDER_STATUSES as readonly string[]).includes(o.status);

/** isNetOrder as SQL over an orders row aliased `o` (pass '' for unqualified columns). */
export const netOrderSql = (o = 'o') => {
  const col = (c: string) => (o ? `${o}.${c}` : c);
  return `(${col('kind')} <> 'quote' AND ${col('status')} IN (${REVENUE_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')}))`;
};
