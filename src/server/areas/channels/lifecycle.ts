import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';

/** Registers every channel's public routes (webhooks, widget endpoints). */
export async function registerChannelRoutes(app: FastifyInstance, ctx: AppContext) {
  for (const c of ctx.channels.all()) await c.routes?.(app, ctx);
}

/**
 * Starts every channel's background listeners in this process: `'every'` those each worker instance
 * runs (SMTP receiver), `'leader'` those only the holder of the leadership lease runs (IMAP pollers).
 * A channel that fails to start is logged and skipped: one broken mailbox must not stop the app.
 */
export async function startChannels(ctx: AppContext, which: 'every' | 'leader' | 'all' = 'all'): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const c of ctx.channels.all()) {
    const starts = [which !== 'leader' ? c.start : undefined, which !== 'every' ? c.lead : undefined];
    for (const start of starts) {
      if (!start) continue;
      try {
        stops.push(await start.call(c, ctx));
      } catch (err) {
        console.error(`channel ${c.kind} failed to start:`, (err as Error).message);
      }
    }
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error('channel stop failed', err));
  };
}
