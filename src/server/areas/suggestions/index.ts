/** Suggestions: cross-sell / upsell learned from the workspace's own orders (item-to-item co-occurrence), per customer. */
import type { Area } from '../../core/area.js';
import { ordersChangedReaction, recomputeJob, recomputeStaleJob } from './jobs.js';
import { suggestionsRoutes } from './suggestions.routes.js';

export { recomputeAssociations } from './recompute.js';
export { customerSuggestions } from './customer-suggestions.js';

export const suggestionsArea: Area = {
  name: 'suggestions',
  routes: [{ plugin: suggestionsRoutes }],
  jobs: [recomputeJob, recomputeStaleJob],
  reactions: [ordersChangedReaction],
};
