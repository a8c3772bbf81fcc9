import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { sha256 } from '../../../core/lib/ids.js';
import { addMessage, changeStatus, insertTicket, TICKET_COLUMNS, type TicketRow } from '../../tickets/index.js';
import type { Channel } from '../../../../shared/common.js';
import { NOTICE_VARIABLES, type NoticeLanguage, type NoticeStatus } from '../../../../shared/notices.js';
import { noticeValues, optOutFooter, renderNotice, type NoticeOrder } from '../render.js';
import { routeNotice } from '../route.js';
import { loadNoticeSettings } from '../settings.js';
import { isOptedOut, optOutIfRepliedStop } from './subscription.js';

export interface NoticeRow {
  id: string;
  workspace_id: string;
  order_id: string;
  customer_id: string | null;
  status: NoticeStatus;
  state: 'scheduled' | 'sent' | 'skipped';
  reason: string | null;
  ticket_id: string | null;
  due_at: Date;
  created_at: Date;
}

export const noticeActor = (workspaceId: string): Actor => ({ kind: 'system', workspaceId });

const ENDED: readonly string[] = ['cancelled', 'returned'];

/** The tag on tickets a notice opened (so reports and the inbox can tell them apart). */
export const NOTICE_TICKET_TAG = 'order-notice';

/** Records the end of a notice that will not go out, with its event. */
export async function skipNotice(tx: Tx, n: Pick<NoticeRow, 'id' | 'workspace_id' | 'order_id' | 'customer_id' | 'status'>, reason: string, attempts: unknown[] = []) {
  await tx.query(`UPDATE order_notices SET state = 'skipped', reason = $3, attempts = $4 WHERE workspace_id = $1 AND id = $2`, [n.workspace_id, n.id, reason, JSON.stringify(attempts)]);
  await appendEvent(tx, {
    workspaceId: n.workspace_id, type: 'notice.recorded', subjectType: 'notice', subjectId: n.id, actor: noticeActor(n.workspace_id),
    data: { orderId: n.order_id, customerId: n.customer_id, status: n.status, state: 'skipped', reason, channel: null, messageId: null },
  });
}

/** The order as the notice tells it: current amounts, carrier, tracking (meta.tracking/trackingCode), items. */
async function loadOrder(tx: Tx, workspaceId: string, orderId: string): Promise<(NoticeOrder & { currentStatus: string }) | undefined> {
  const o = await tx.maybeOne<{ code: string; status: string; total: string; carrier: string | null; tracking: string | null; ordered_at: Date; delivered_at: Date | null }>(
    `SELECT code, status, total, carrier, coalesce(meta->>'tracking', meta->>'trackingCode', meta->>'tracking_code') AS tracking, ordered_at, delivered_at
     FROM orders WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, orderId],
  );
  if (!o) return undefined;
  const items = await tx.query<{ name: string; sku: string; quantity: string }>('SELECT name, sku, quantity FROM order_items WHERE order_id = $1 ORDER BY position', [orderId]);
  return {
    code: o.code,
    status: o.status as NoticeStatus,
    currentStatus: o.status,
    total: Number(o.total),
    carrier: o.carrier,
    tracking: o.tracking,
    orderedAt: new Date(o.ordered_at),
    deliveredAt: o.delivered_at ? new Date(o.delivered_at) : null,
    items: items.map((i) => ({ name: i.name, sku: i.sku, quantity: Number(i.quantity) })),
  };
}

/** The profile a merged-away customer now lives in. */
async function currentCustomer(tx: Tx, workspaceId: string, customerId: string) {
  let id = customerId;
  for (let hops = 0; hops < 10; hops++) {
    const c = await tx.maybeOne<{ id: string; name: string; preferred_channel: string | null; language: string | null; merged_into_id: string | null }>(
      `SELECT id, name, preferred_channel, attributes->>'language' AS language, merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    if (!c) return undefined;
    if (!c.merged_into_id) return c;
    id = c.merged_into_id;
  }
  return undefined;
}

/** The public base URL of links we send (PUBLIC_URL or the local address). */
export const publicBase = (ctx: AppContext) => (ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`).replace(/\/$/, '');

/**
 * Sends one scheduled notice, or records why not, in the caller's transaction. Rechecked at send time:
 * a notice already decided changes nothing (a job that ran twice); a later notice of the same order, or
 * the order ended (cancelled/returned) since, supersedes it; the customer may have opted out or the
 * status been switched off meanwhile. The text is written from the order as it stands now.
 */
export async function deliverNoticeInTx(ctx: AppContext, tx: Tx, workspaceId: string, noticeId: string, now = new Date()): Promise<void> {
  const n = await tx.maybeOne<NoticeRow>('SELECT * FROM order_notices WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, noticeId]);
  if (!n || n.state !== 'scheduled') return;
  const order = await loadOrder(tx, workspaceId, n.order_id);
  if (!order) return skipNotice(tx, n, 'superseded');
  if (ENDED.includes(order.currentStatus) && !ENDED.includes(n.status)) return skipNotice(tx, n, 'order_cancelled');
  const later = await tx.maybeOne(
    `SELECT 1 FROM order_notices WHERE workspace_id = $1 AND order_id = $2 AND id <> $3 AND state <> 'skipped' AND (created_at, id) > ($4, $3) LIMIT 1`,
    [workspaceId, n.order_id, n.id, n.created_at],
  );
  if (later) return skipNotice(tx, n, 'superseded');
  if (!n.customer_id) return skipNotice(tx, n, 'no_customer');
  const customer = await currentCustomer(tx, workspaceId, n.customer_id);
  if (!customer) return skipNotice(tx, n, 'no_customer');
  if ((await isOptedOut(tx, workspaceId, customer.id)) || (await optOutIfRepliedStop(tx, workspaceId, customer.id))) return skipNotice(tx, n, 'unsubscribed');
  const settings = await loadNoticeSettings(tx, workspaceId);
  if (!settings.enabled || !settings.statuses[n.status].enabled) return skipNotice(tx, n, 'disabled');

  const identities = await tx.query<{ kind: string; value: string }>(
    'SELECT kind, value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, value',
    [workspaceId, customer.id],
  );
  const previous = await tx.maybeOne<{ ticket_id: string }>(
    `SELECT ticket_id FROM order_notices WHERE workspace_id = $1 AND order_id = $2 AND state = 'sent' AND ticket_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    [workspaceId, n.order_id],
  );
  const { route, attempts } = await routeNotice(ctx, tx, workspaceId, { id: customer.id, preferred_channel: customer.preferred_channel, identities }, previous?.ticket_id ?? null, now);
  if (!route) return skipNotice(tx, n, 'no_channel', attempts);

  const ws = await tx.one<{ name: string; timezone: string }>('SELECT name, timezone FROM workspaces WHERE id = $1', [workspaceId]);
  const lang: NoticeLanguage = customer.language === 'en' ? 'en' : 'vi';
  // The status told is the notice's own (the order may have moved on to a status that is not announced).
  const values = noticeValues({ ...order, status: n.status }, { name: customer.name, shopName: ws.name, lang, timeZone: ws.timezone });
  let body = renderNotice(settings.statuses[n.status].templates[lang], values);
  const adapter = ctx.channels.get(route.channel);
  // Email gets a one-click unsubscribe link (the link's token is the credential); chats a reply keyword.
  let tokenHash: string | null = null;
  if (adapter?.capabilities.html) {
    const token = crypto.randomBytes(18).toString('base64url');
    tokenHash = sha256(token);
    body += optOutFooter(lang, `${publicBase(ctx)}/n/unsubscribe/${token}`);
  } else {
    body += optOutFooter(lang, null);
  }

  const actor = noticeActor(workspaceId);
  let ticket: TicketRow | undefined = route.ticket && (await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, route.ticket.id]));
  if (!ticket) {
    // A conversation we start: its own ticket per order, closed at once (no agent work waits on it; a
    // reply reopens it), with a status-change reason the survey triggers leave alone.
    const subject = lang === 'vi' ? `Đơn hàng ${order.code}` : `Order ${order.code}`;
    ticket = await insertTicket(ctx.db, tx, workspaceId, { customerId: customer.id, subject, channel: route.channel as Channel, tags: [NOTICE_TICKET_TAG], channelAccountId: route.accountId ?? null }, actor);
  }
  const { message, ticket: after } = await addMessage(tx, ticket, {
    direction: 'outbound',
    authorUserId: null,
    channel: route.channel,
    ...(route.accountId ? { channelAccountId: route.accountId } : {}),
    body,
    contentType: 'text',
    attachments: [],
    // purpose/order: what Zalo's ZNS template for order notices is filled from outside its window.
    meta: { purpose: 'order_status', order: { number: order.code, status: values.status }, orderNotice: { id: n.id, orderId: n.order_id, status: n.status } },
    automated: true,
    deliver: true,
    actor,
  });
  if (!route.ticket && !['resolved', 'closed'].includes(after.status)) await changeStatus(tx, after, 'closed', actor, 'notice_sent');
  await tx.query(
    `UPDATE order_notices SET state = 'sent', reason = NULL, channel = $3, ticket_id = $4, message_id = $5, body = $6, sent_at = now(), attempts = $7,
       unsubscribe_token_hash = $8, language = $9, customer_id = $10
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, n.id, route.channel, ticket.id, message.id, body, JSON.stringify(attempts), tokenHash, lang, customer.id],
  );
  await appendEvent(tx, {
    workspaceId, type: 'notice.recorded', subjectType: 'notice', subjectId: n.id, actor,
    data: { orderId: n.order_id, customerId: customer.id, status: n.status, state: 'sent', reason: null, channel: route.channel, messageId: message.id },
  });
}

/** The variables the settings page offers (and the only ones a template may use). */
export const KNOWN_VARIABLES: readonly string[] = NOTICE_VARIABLES;
