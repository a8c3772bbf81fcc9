import type { AppContext } from '../core/context.js';
import type { Actor } from '../core/http/actor.js';
import { createCustomer } from '../areas/customers/index.js';
import type { CustomerCreate } from '../../shared/customers.js';

/**
 * Builders for tests (Outline's factories): each goes through the area's own command, so what a test
 * sets up is what the product would have written — identities normalised, events appended, reactions queued.
 */

let seq = 0;

/** A customer made by the customers area's create command; a name is made up when none is given. */
export async function buildCustomer(ctx: Pick<AppContext, 'db'>, workspaceId: string, overrides: Partial<CustomerCreate> = {}, actor: Actor | null = null) {
  return createCustomer(ctx.db, { workspaceId, data: { name: `Khách Hàng ${++seq}`, ...overrides }, actor: actor ?? { kind: 'system', workspaceId } });
}
