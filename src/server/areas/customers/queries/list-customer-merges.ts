import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerMergeHistoryRow } from '../presenters.js';

/** Merges into or out of a customer, newest first (at most 200), with both profiles' and the merger's names. */
export async function listCustomerMerges(sql: Sql, workspaceId: string, customerId: string) {
  const exists = await sql.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!exists) throw notFound('customer');
  return sql.query<CustomerMergeHistoryRow>(
    `SELECT g.*, s.name AS source_name, t.name AS target_name, u.name AS merged_by_name
     FROM customer_merges g
     JOIN customers s ON s.id = g.source_id
     JOIN customers t ON t.id = g.target_id
     LEFT JOIN users u ON u.id = g.merged_by
     WHERE g.workspace_id = $1 AND (g.target_id = $2 OR g.source_id = $2) ORDER BY g.created_at DESC, g.id DESC LIMIT 200`,
    [workspaceId, customerId],
  );
}
