/** Calls: phone calls as records (answered, missed, durations), call-back tasks, and calls logged by hand. */
import type { Area } from '../../core/area.js';
// call.logged, call.ended: merged into core's EventCatalog.
import './events.js';
import { callsRoutes } from './routes.js';

export { recordCallEvents } from './commands/record-call-events.js';
export { CallBatchSchema, CallEventSchema, eventsOf, type CallEvent } from './call-event.js';

export const callsArea: Area = {
  name: 'calls',
  routes: [{ plugin: callsRoutes }],
};
