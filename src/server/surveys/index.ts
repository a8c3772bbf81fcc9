import type { Processor } from '../events/processors.js';
import type { JobDefinition } from '../jobs/define.js';

/** The survey area's background jobs (delayed sends, campaigns) and event processors (triggers). */
export const surveyJobs: JobDefinition[] = [];
export const surveyProcessors: Processor[] = [];
