/** Metrics: the measures of service (FRT, FCR, AHT, CSAT, NPS…), their rollups and reports, and the early warnings. */
import type { Area } from '../../core/area.js';
import { alertsRoutes } from './alerts.routes.js';
import { alertJobs } from './alerts/jobs.js';
import { registerMetricsCommand } from './cli.js';
import { foldJob, sweepJob } from './jobs.js';
import { leaderboardRoutes } from './leaderboard.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { metricsRefreshReaction } from './reactions.js';
import { retentionFoldJob, retentionSweepJob } from './retention/jobs.js';
import { retentionRefreshReaction } from './retention/reactions.js';
import { retentionRoutes } from './retention/retention.routes.js';
// The alerts' event types, merged into core's EventCatalog.
import './events.js';

export { DEFAULT_DETECTOR_CONFIG, detect, evaluate } from './alerts/detect.js';
export type { Comparison, Scope } from './alerts/detect.js';
export { scopesFor, simulator } from './alerts/simulate.js';
export { adjustPValues } from './alerts/stats.js';
export { registerMetricsCommand } from './cli.js';
export { addDays, dayIn } from './days.js';
export { metricsSettled, sourcesOf } from './reactions.js';
export { foldDirty, rebuildWorkspace, refreshTicket } from './refresh.js';
export { overview, scorecard } from './reports.js';
export { customerValue } from './retention/customer-value.js';
export { ensureRetentionFolded, rebuildRetention, refreshCustomers } from './retention/refresh.js';
export { retentionReport } from './retention/report.js';

export const metricsArea: Area = {
  name: 'metrics',
  routes: [{ plugin: metricsRoutes }, { plugin: leaderboardRoutes }, { plugin: alertsRoutes }, { plugin: retentionRoutes }],
  jobs: [foldJob, sweepJob, ...alertJobs, retentionFoldJob, retentionSweepJob],
  reactions: [metricsRefreshReaction, retentionRefreshReaction],
  cli: registerMetricsCommand,
};
