import type { Processor } from '../../events/processors.js';
import type { JobDefinition } from '../../jobs/define.js';

/** Early warning: the scheduled check and any processors. */
export const alertJobs: JobDefinition[] = [];
export const alertProcessors: Processor[] = [];
