import type { Sql } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import type { Notice, NoticeList, NoticeListQuery } from '../../../../shared/notices.js';

interface Row {
  id: string;
  order_id: string;
  order_code: string;
  customer_id: string | null;
  customer_name: string | null;
  status: Notice['status'];
  state: Notice['state'];
  reason: string | null;
  attempts: { channel: string; reason: string }[] | null;
  channel: string | null;
  language: string;
  ticket_id: string | null;
  ticket_number: number | null;
  message_id: string | null;
  delivery_status: string | null;
  delivery_failure: string | null;
  body: string | null;
  due_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** What the log shows: the notice's own state until sent, then its message's delivery status (the outbox's, not a copy). */
const DISPLAY_SQL = `CASE WHEN n.state = 'sent' THEN coalesce(m.delivery_status, 'sent') ELSE n.state END`;

/** A notice row → API JSON. */
export function presentNotice(r: Row): Notice {
  const display = (r.state === 'sent' ? (r.delivery_status ?? 'sent') : r.state) as Notice['display'];
  return {
    id: r.id,
    orderId: r.order_id,
    orderCode: r.order_code,
    customerId: r.customer_id,
    customerName: r.customer_name,
    status: r.status,
    state: r.state,
    display,
    reason: r.state === 'skipped' ? r.reason : display === 'failed' ? (r.delivery_failure ?? 'unknown') : null,
    attempts: r.attempts ?? [],
    channel: r.channel,
    language: r.language === 'en' ? 'en' : 'vi',
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    messageId: r.message_id,
    body: r.body,
    dueAt: new Date(r.due_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: iso(r.sent_at),
  };
}

const encode = (r: Row) => Buffer.from(`${new Date(r.created_at).toISOString()}|${r.id}`).toString('base64url');
function decode(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw badRequest('notice.bad_cursor', 'The cursor is not one this list gave');
  return [at, id];
}

/** The recent notices of a workspace, newest first, filtered; keyset-paged. */
export async function listNotices(sql: Sql, workspaceId: string, q: NoticeListQuery): Promise<NoticeList> {
  const where = ['n.workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (clause: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(clause(`$${params.length}`));
  };
  if (q.display) add((p) => `${DISPLAY_SQL} = ${p}`, q.display);
  if (q.status) add((p) => `n.status = ${p}`, q.status);
  if (q.channel) add((p) => `n.channel = ${p}`, q.channel);
  if (q.customerId) add((p) => `n.customer_id = ${p}`, q.customerId);
  if (q.orderId) add((p) => `n.order_id = ${p}`, q.orderId);
  if (q.orderCode) add((p) => `o.code = ${p}`, q.orderCode);
  if (q.cursor) {
    const [at, id] = decode(q.cursor);
    params.push(at, id);
    where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const rows = await sql.query<Row>(
    `SELECT n.id, n.order_id, o.code AS order_code, n.customer_id, c.name AS customer_name, n.status, n.state, n.reason, n.attempts, n.channel,
            n.language, n.ticket_id, t.number AS ticket_number, n.message_id, m.delivery_status, m.delivery_failure, n.body, n.due_at, n.created_at, n.sent_at
     FROM order_notices n
     JOIN orders o ON o.id = n.order_id
     LEFT JOIN customers c ON c.id = n.customer_id
     LEFT JOIN tickets t ON t.id = n.ticket_id
     LEFT JOIN messages m ON m.id = n.message_id
     WHERE ${where.join(' AND ')}
     ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return { items: page.map(presentNotice), nextCursor: more ? encode(page[page.length - 1]!) : null };
}
