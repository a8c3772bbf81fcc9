/** Workflows: no-code automations as versioned graphs over durable events, with runs, test runs and a run log. */
import type { Area } from '../../core/area.js';
import { runJob } from './engine/run-job.js';
import { pruneJob } from './engine/prune.js';
import { sweepJob } from './engine/sweep.js';
import { workflowTriggerReaction } from './reactions.js';
import { defaultWorkflowsReaction, workflowTemplatesRoutes } from './templates/index.js';
import { workflowsRoutes } from './workflows.routes.js';
// The workflows' event types, merged into core's EventCatalog.
import './events.js';

export { seedDefaultWorkflowsFor } from './templates/index.js';
export { pruneWorkflowData, WORKFLOW_RETENTION_DAYS } from './engine/prune.js';

export const workflowsArea: Area = {
  name: 'workflows',
  routes: [{ plugin: workflowTemplatesRoutes }, { plugin: workflowsRoutes }],
  jobs: [runJob, sweepJob, pruneJob],
  reactions: [workflowTriggerReaction, defaultWorkflowsReaction],
};
