/** Notifications: who hears about new conversations, customer messages, assignments, mentions and SLA risks; per-user settings; unread counts. */
import type { Area } from '../../core/area.js';
import { notifyReaction } from './deliver.js';
import { notificationsRoutes } from './routes.js';
import { pruneJob, slaAtRiskJob } from './sla-sweep.js';
// The area's event types, merged into core's EventCatalog.
import './events.js';

export { deliverNotifications } from './deliver.js';
export type { PlannedNotification } from './rules.js';

export const notificationsArea: Area = {
  name: 'notifications',
  routes: [{ plugin: notificationsRoutes }],
  jobs: [slaAtRiskJob, pruneJob],
  reactions: [notifyReaction],
};
