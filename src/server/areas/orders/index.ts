/** Orders: orders, quotes and contracts from the API, CSV files and shop platforms' webhooks (KiotViet, Haravan, signed generic), their items, warranties and status history. */
import type { Area } from '../../core/area.js';
import { registerOrdersCommands } from './cli/import-orders.js';
import { orderSummaryMergeReaction } from './reactions.js';
import { orderAreaRoutes } from './routes.js';
// The orders' event types, merged into core's EventCatalog.
import './events.js';

export { upsertOrder, upsertOrderInTx, type OrderData, type UpsertOutcome } from './commands/upsert-order.js';
export { importOrders } from './commands/import-orders.js';
export { customerOrders } from './queries/customer-orders.js';
export { getOrder } from './queries/load-orders.js';
export { listOrders } from './queries/list-orders.js';
export { liveProfiles, profileFamilies, rebuildOrderSummaries, refreshOrderSummaries } from './commands/order-summary.js';
export { isNetOrder, netOrderSql } from './net-revenue.js';

export const ordersArea: Area = {
  name: 'orders',
  routes: [{ plugin: orderAreaRoutes }],
  reactions: [orderSummaryMergeReaction],
  cli(program, openContext) {
    registerOrdersCommands(program, openContext);
  },
};
