/** Storage upkeep: deleting deleted attachments' objects and orphans from the bucket, and moving attachments between the database and the bucket (CLI). */
import type { Area } from '../../core/area.js';
import { registerStorageCommands } from './cli.js';
import { collectStorageJob, sweepStorageOrphansJob } from './jobs.js';

export { collectGarbage, sweepOrphans } from './collect.js';
export { moveAttachments, type MoveResult } from './move.js';

export const storageArea: Area = {
  name: 'storage',
  jobs: [collectStorageJob, sweepStorageOrphansJob],
  cli: registerStorageCommands,
};
