import { deliverOutboundJob } from '../channels/delivery.js';
import { channels } from '../channels/registry.js';
import type { JobDefinition } from './define.js';

/** Every job kind the queue runs: core ones here, channel ones from their adapters. */
export function allJobDefinitions(): JobDefinition[] {
  return [deliverOutboundJob, ...channels.flatMap((c) => c.jobs ?? [])];
}
