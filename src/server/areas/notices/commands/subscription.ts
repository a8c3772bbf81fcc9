import type { Db, Sql, Tx } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { sha256 } from '../../../core/lib/ids.js';
import type { NoticeSubscription } from '../../../../shared/notices.js';

export type OptOutVia = 'link' | 'agent' | 'reply';

/** Whether the customer asked for no order notices. */
export async function isOptedOut(sql: Sql, workspaceId: string, customerId: string): Promise<boolean> {
  return (await sql.maybeOne('SELECT 1 FROM notice_optouts WHERE workspace_id = $1 AND customer_id = $2', [workspaceId, customerId])) !== undefined;
}

/** A customer's subscription as the 360 shows it; 404 customer.not_found outside the workspace. */
export async function noticeSubscription(sql: Sql, workspaceId: string, customerId: string): Promise<NoticeSubscription> {
  const c = await sql.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!c) throw notFound('customer');
  const o = await sql.maybeOne<{ via: string; created_at: Date }>('SELECT via, created_at FROM notice_optouts WHERE workspace_id = $1 AND customer_id = $2', [workspaceId, customerId]);
  return { customerId, subscribed: !o, optedOutAt: o ? new Date(o.created_at).toISOString() : null, via: o?.via ?? null };
}

/**
 * Opts a customer out of order notices or back in. Repeating it changes nothing (no second event);
 * 404 customer.not_found outside the workspace.
 */
export async function setNoticeSubscription(db: Db, workspaceId: string, customerId: string, subscribed: boolean, via: OptOutVia, actor: Actor): Promise<NoticeSubscription> {
  return db.tx(async (tx) => {
    await setInTx(tx, workspaceId, customerId, subscribed, via, actor);
    return noticeSubscription(tx, workspaceId, customerId);
  });
}

/** A customer's answer that asks to stop: "HUY", "Hủy", "huỷ", "STOP" alone (with punctuation at most). */
export const STOP_REPLY = '^[[:space:]]*(huy|hủy|huỷ|stop|dừng|dung)[[:space:]]*[.!]*[[:space:]]*$';

/**
 * Chat notices end with "reply HUY to stop". Read when the next notice is due rather than on every
 * inbound message (no work added to ingest): an answer matching STOP_REPLY after the customer's latest
 * sent notice, and after their subscription last changed (an agent's resubscribe wins over an older
 * HUY), opts them out (via 'reply'). True when it did.
 */
export async function optOutIfRepliedStop(tx: Tx, workspaceId: string, customerId: string): Promise<boolean> {
  const hit = await tx.maybeOne(
    `WITH since AS (
       SELECT greatest(
         (SELECT max(sent_at) FROM order_notices WHERE workspace_id = $1 AND customer_id = $2 AND state = 'sent'),
         (SELECT max(created_at) FROM events WHERE workspace_id = $1 AND subject_type = 'customer' AND subject_id = $2 AND type = 'notice.subscription_changed')
       ) AS at,
       (SELECT max(sent_at) FROM order_notices WHERE workspace_id = $1 AND customer_id = $2 AND state = 'sent') AS notified
     )
     SELECT 1 FROM messages m, since
     WHERE since.notified IS NOT NULL AND m.customer_id = $2 AND m.workspace_id = $1 AND m.direction = 'inbound' AND m.created_at > since.at
       AND lower(m.body) ~ $3
     LIMIT 1`,
    [workspaceId, customerId, STOP_REPLY],
  );
  if (!hit) return false;
  await setInTx(tx, workspaceId, customerId, false, 'reply', { kind: 'customer', id: customerId, workspaceId });
  return true;
}

async function setInTx(tx: Tx, workspaceId: string, customerId: string, subscribed: boolean, via: OptOutVia, actor: Actor): Promise<boolean> {
  const c = await tx.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, customerId]);
  if (!c) throw notFound('customer');
  const changed = subscribed
    ? await tx.query('DELETE FROM notice_optouts WHERE workspace_id = $1 AND customer_id = $2 RETURNING customer_id', [workspaceId, customerId])
    : await tx.query('INSERT INTO notice_optouts (workspace_id, customer_id, via) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING customer_id', [workspaceId, customerId, via]);
  if (changed.length === 0) return false;
  await appendEvent(tx, { workspaceId, type: 'notice.subscription_changed', subjectType: 'customer', subjectId: customerId, actor, data: { subscribed, via } });
  return true;
}

/** The notice an email's unsubscribe link names (by the token's hash), with its customer. */
export async function noticeByToken(sql: Sql, token: string) {
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(token)) return undefined;
  return sql.maybeOne<{ workspace_id: string; customer_id: string | null; workspace_name: string; language: string }>(
    `SELECT n.workspace_id, n.customer_id, w.name AS workspace_name, n.language FROM order_notices n JOIN workspaces w ON w.id = n.workspace_id
     WHERE n.unsubscribe_token_hash = $1`,
    [sha256(token)],
  );
}

/** The customer confirms on the public page: opted out (once; again changes nothing). False: unknown link. */
export async function unsubscribeByToken(db: Db, token: string): Promise<boolean> {
  const n = await noticeByToken(db, token);
  if (!n?.customer_id) return false;
  await db.tx((tx) => setInTx(tx, n.workspace_id, n.customer_id!, false, 'link', { kind: 'customer', id: n.customer_id!, workspaceId: n.workspace_id }));
  return true;
}
