import type { AppContext } from '../context.js';
import type { StoredEvent } from '../db/types.js';
import { channels } from '../channels/registry.js';
import { surveyProcessors } from '../surveys/index.js';
import { metricsProcessors } from '../metrics/index.js';
import { alertProcessors } from '../metrics/alerts/index.js';

/**
 * An after-commit processor: declares the event types it handles. It runs after the write committed,
 * so it never undoes a write; a failure is logged and does not affect other processors.
 */
export interface Processor {
  name: string;
  handles: string[] | '*';
  run(ctx: AppContext, events: StoredEvent[]): Promise<void> | void;
}

const processors: Processor[] = [
  { name: 'realtime-push', handles: '*', run: (ctx, events) => ctx.realtime.publish(events) },
];

export function registerProcessors(ctx: AppContext) {
  const all = [...processors, ...channels.flatMap((c) => c.processors ?? []), ...surveyProcessors, ...metricsProcessors, ...alertProcessors];
  ctx.db.onCommittedEvents((events) => {
    for (const p of all) {
      const mine = p.handles === '*' ? events : events.filter((e) => (p.handles as string[]).includes(e.type));
      if (mine.length === 0) continue;
      Promise.resolve()
        .then(() => p.run(ctx, mine))
        .catch((err) => console.error(`processor ${p.name} failed`, err));
    }
  });
}
