import type { Processor } from '../events/processors.js';
import type { JobDefinition } from '../jobs/define.js';
import { foldJob, sweepJob } from './jobs.js';
import { metricsRefreshProcessor } from './processors.js';

/** The metrics engine's jobs (rollup upkeep) and processors (reporting rows written as events happen). */
export const metricsJobs: JobDefinition[] = [foldJob, sweepJob];
export const metricsProcessors: Processor[] = [metricsRefreshProcessor];
