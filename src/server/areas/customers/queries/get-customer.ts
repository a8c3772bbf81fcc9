import type { Sql } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerRow } from '../commands/customer-columns.js';
import type { CustomerIdentityRow } from '../commands/identities.js';

/** The identities of a customer, by kind then age. */
export function listCustomerIdentities(sql: Sql, workspaceId: string, customerId: string) {
  return sql.query<CustomerIdentityRow>('SELECT * FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY kind, created_at', [workspaceId, customerId]);
}

/** A customer of the workspace with its identities; 404 customer.not_found otherwise. */
export async function getCustomer(sql: Sql, workspaceId: string, id: string) {
  const customer = await sql.maybeOne<CustomerRow>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!customer) throw notFound('customer');
  return { customer, identities: await listCustomerIdentities(sql, workspaceId, id) };
}
