import type { Tx } from '../../../core/db/types.js';

/**
 * Writes the Zalo part of the customer's attributes (attributes.zalo: the user id, follower state,
 * profile), shown by the 360 with the other attributes. Channels do not own customers' columns, but
 * attributes are the profile's open JSON for exactly such channel facts.
 */
export async function patchZaloAttributes(tx: Tx, workspaceId: string, customerId: string, patch: Record<string, unknown>) {
  await tx.query(
    `UPDATE customers SET attributes = attributes || jsonb_build_object('zalo', coalesce(attributes->'zalo', '{}'::jsonb) || $3::jsonb), updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, customerId, JSON.stringify(patch)],
  );
}
