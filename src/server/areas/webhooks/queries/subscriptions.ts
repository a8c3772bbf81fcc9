import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { WebhookDelivery } from '../../../../shared/webhooks.js';
import { presentDelivery, type DeliveryDbRow, type SubscriptionDbRow } from '../presenters.js';

const WITH_LAST = `SELECT s.*, l.status AS last_status, l.created_at AS last_at, l.last_status_code AS last_code
  FROM webhook_subscriptions s
  LEFT JOIN LATERAL (SELECT status, created_at, last_status_code FROM webhook_deliveries d WHERE d.workspace_id = s.workspace_id AND d.subscription_id = s.id ORDER BY created_at DESC LIMIT 1) l ON true`;

/** The workspace's subscriptions with their last delivery, by name. */
export const listSubscriptions = (sql: Sql, workspaceId: string) => sql.query<SubscriptionDbRow>(`${WITH_LAST} WHERE s.workspace_id = $1 ORDER BY lower(s.name), s.created_at`, [workspaceId]);

export async function getSubscription(sql: Sql, workspaceId: string, id: string): Promise<SubscriptionDbRow> {
  const row = await sql.maybeOne<SubscriptionDbRow>(`${WITH_LAST} WHERE s.workspace_id = $1 AND s.id = $2`, [workspaceId, id]);
  if (!row) throw notFound('Webhook subscription', 'webhooks.not_found');
  return row;
}

/** A page of deliveries, newest first: one subscription's, or (subscriptionId null) the workflows' calls. */
export async function listDeliveries(sql: Sql, workspaceId: string, q: { subscriptionId: string | null; status?: string; before?: string; limit: number }): Promise<{ items: WebhookDelivery[]; nextBefore: string | null }> {
  const rows = await sql.query<DeliveryDbRow>(
    `SELECT * FROM webhook_deliveries d
     WHERE d.workspace_id = $1 AND ($2::uuid IS NULL AND d.subscription_id IS NULL OR d.subscription_id = $2::uuid)
       AND ($3::text IS NULL OR d.status = $3)
       AND ($4::uuid IS NULL OR (d.created_at, d.id) < (SELECT created_at, id FROM webhook_deliveries WHERE workspace_id = $1 AND id = $4::uuid))
     ORDER BY d.created_at DESC, d.id DESC LIMIT $5`,
    [workspaceId, q.subscriptionId, q.status ?? null, q.before ?? null, q.limit + 1],
  );
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(presentDelivery);
  return { items, nextBefore: more ? items[items.length - 1].id : null };
}
