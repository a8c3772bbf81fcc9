import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { listCalls, type CallFilter } from './list-calls.js';

/** A customer's calls, newest first; 404 customer.not_found when the workspace has no such customer. */
export async function listCustomerCalls(sql: Sql, workspaceId: string, customerId: string, f: Omit<CallFilter, 'customerId'>) {
  const customer = await sql.maybeOne('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  if (!customer) throw notFound('customer');
  return listCalls(sql, workspaceId, { ...f, customerId });
}
