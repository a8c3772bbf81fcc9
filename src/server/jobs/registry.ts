import { deliverOutboundJob } from '../channels/delivery.js';
import { channels } from '../channels/registry.js';
import type { JobDefinition } from './define.js';
import { surveyJobs } from '../surveys/index.js';
import { metricsJobs } from '../metrics/index.js';
import { alertJobs } from '../metrics/alerts/index.js';

/** Every job kind the queue runs: core ones here, channel ones from their adapters. */
export function allJobDefinitions(): JobDefinition[] {
  return [deliverOutboundJob, ...channels.flatMap((c) => c.jobs ?? []), ...surveyJobs, ...metricsJobs, ...alertJobs];
}
