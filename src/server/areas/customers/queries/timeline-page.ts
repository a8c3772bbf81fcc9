import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { customerTimeline } from './customer-360.js';

/** A further page of a customer's timeline; 404 customer.not_found when the workspace has no such customer. */
export async function timelinePage(sql: Sql, workspaceId: string, customerId: string, opts: { cursor?: string; limit?: number }) {
  const exists = await sql.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!exists) throw notFound('customer');
  return customerTimeline(sql, workspaceId, customerId, opts);
}
