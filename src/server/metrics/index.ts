import type { Processor } from '../events/processors.js';
import type { JobDefinition } from '../jobs/define.js';

/** The metrics engine's jobs (rollup upkeep) and processors (reporting rows written as events happen). */
export const metricsJobs: JobDefinition[] = [];
export const metricsProcessors: Processor[] = [];
