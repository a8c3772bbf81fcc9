import type { z } from 'zod';
import type { LifecycleStageSchema } from '../../shared/common';

/** Small web-side aliases of shared API types. */
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;
