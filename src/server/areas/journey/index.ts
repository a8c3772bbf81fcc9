/** Journey: each customer's stage (pre-sale, in-sale, post-sale) derived from orders, touchpoints filed under it, and the journey map with its drop-offs. */
import type { Area } from '../../core/area.js';
import { journeyRoutes } from './journey.routes.js';

export { orderDeliveredNowSql, orderInSaleNowSql, stageNowSql } from './queries/stage-sql.js';

export const journeyArea: Area = {
  name: 'journey',
  routes: [{ plugin: journeyRoutes }],
};
