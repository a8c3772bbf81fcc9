import type { Sql } from '../../../core/db/types.js';
import type { WebhookDeliveryDetail } from '../../../../shared/webhooks.js';
import { presentAttempt, presentDelivery, type AttemptDbRow, type DeliveryDbRow } from '../presenters.js';

/** One delivery with its body and every attempt (status code, answer excerpt, duration); undefined when not this workspace's. */
export async function webhookDelivery(sql: Sql, workspaceId: string, deliveryId: string): Promise<WebhookDeliveryDetail | undefined> {
  const d = await sql.maybeOne<DeliveryDbRow & { body: string }>(`SELECT * FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2`, [workspaceId, deliveryId]);
  if (!d) return undefined;
  const attempts = await sql.query<AttemptDbRow>(`SELECT * FROM webhook_attempts WHERE workspace_id = $1 AND delivery_id = $2 ORDER BY attempt`, [workspaceId, deliveryId]);
  return { ...presentDelivery(d), body: d.body, attemptLog: attempts.map(presentAttempt) };
}
