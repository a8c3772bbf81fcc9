import type { Sql } from '../../../core/db/types.js';
import { customerOrders } from '../../orders/index.js';
import type { ToolSpec } from '../llm/client.js';

/**
 * What the AI agent may look up, always for the conversation's own customer (the id comes from the
 * ticket, never from the model or the customer's text): their orders and their open tickets.
 */
export interface OrderFact {
  code: string;
  status: string;
  orderedAt: string;
  deliveredAt: string | null;
  total: number;
  items: string[];
  carrier: string | null;
}

export async function ordersOfCustomer(sql: Sql, workspaceId: string, customerId: string): Promise<OrderFact[]> {
  const o = await customerOrders(sql, workspaceId, customerId, 5);
  return o.orders.filter((x) => x.kind === 'order').map((x) => ({
    code: x.code,
    status: x.status,
    orderedAt: x.orderedAt.slice(0, 10),
    deliveredAt: x.deliveredAt?.slice(0, 10) ?? null,
    total: x.total,
    items: x.items.map((i) => i.name),
    carrier: x.carrier,
  }));
}

export async function openTicketsOfCustomer(sql: Sql, workspaceId: string, customerId: string, exceptTicketId: string) {
  const rows = await sql.query<{ number: number; subject: string; status: string; created_at: Date }>(
    `SELECT number, subject, status, created_at FROM tickets
     WHERE workspace_id = $1 AND customer_id = $2 AND id <> $3 AND merged_into_id IS NULL AND status NOT IN ('resolved', 'closed')
     ORDER BY created_at DESC LIMIT 5`,
    [workspaceId, customerId, exceptTicketId],
  );
  return rows.map((r) => ({ number: r.number, subject: r.subject, status: r.status, createdAt: new Date(r.created_at).toISOString().slice(0, 10) }));
}

export const AGENT_TOOLS: ToolSpec[] = [
  {
    type: 'function',
    function: { name: 'get_my_orders', description: "The current customer's latest orders (code, status, dates, items). Only this customer's.", parameters: { type: 'object', properties: {}, additionalProperties: false } },
  },
  {
    type: 'function',
    function: { name: 'get_my_open_tickets', description: "The current customer's other open support requests.", parameters: { type: 'object', properties: {}, additionalProperties: false } },
  },
  {
    type: 'function',
    function: {
      name: 'handoff_to_human',
      description: 'Pass the conversation to a human agent when the answer is not in the passages or the looked-up data, or the customer needs a person.',
      parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
    },
  },
];

const STATUS_VI: Record<string, string> = {
  draft: 'đang tạo', quote: 'báo giá', confirmed: 'đã xác nhận', paid: 'đã thanh toán', shipping: 'đang giao', delivered: 'đã giao',
  completed: 'hoàn tất', cancelled: 'đã huỷ', returned: 'đã trả hàng',
};
const STATUS_EN: Record<string, string> = {
  draft: 'being prepared', quote: 'quoted', confirmed: 'confirmed', paid: 'paid', shipping: 'on its way', delivered: 'delivered',
  completed: 'completed', cancelled: 'cancelled', returned: 'returned',
};

/** The customer's orders as a sentence list, written from the looked-up rows only (the no-model answer). */
export function describeOrders(orders: OrderFact[], lang: 'vi' | 'en'): string {
  const fmt = (d: string) => d.split('-').reverse().join('/');
  return orders
    .slice(0, 3)
    .map((o) =>
      lang === 'vi'
        ? `• Đơn ${o.code} (${fmt(o.orderedAt)}${o.items.length ? `: ${o.items.slice(0, 2).join(', ')}` : ''}): ${STATUS_VI[o.status] ?? o.status}${o.deliveredAt ? `, giao ngày ${fmt(o.deliveredAt)}` : ''}`
        : `• Order ${o.code} (${fmt(o.orderedAt)}${o.items.length ? `: ${o.items.slice(0, 2).join(', ')}` : ''}): ${STATUS_EN[o.status] ?? o.status}${o.deliveredAt ? `, delivered ${fmt(o.deliveredAt)}` : ''}`,
    )
    .join('\n');
}
