import type { Reaction } from '../../core/events/reactions.js';
import type { EventType } from '../../core/events/types.js';
import { startRunsForEvents } from './engine/start-runs.js';
import { wakeWaitingRuns } from './engine/waits.js';
import { TRIGGER_EVENT_TYPES } from './triggers.js';

/**
 * Events → runs: the live workflows whose trigger the events fire start a run each (a durable job), and
 * runs waiting for what happened wake. Idempotent: a run's key is (version, event), a wait ends once.
 */
export const workflowTriggerReaction: Reaction = {
  name: 'workflows.trigger',
  handles: TRIGGER_EVENT_TYPES as EventType[],
  concurrency: 2,
  async run(ctx, events) {
    await startRunsForEvents(ctx, events);
    await wakeWaitingRuns(ctx, events);
  },
};
