/** Workflows: no-code automations as versioned graphs over durable events, with runs, test runs and a run log. */
import type { Area } from '../../core/area.js';

export const workflowsArea: Area = {
  name: 'workflows',
};
