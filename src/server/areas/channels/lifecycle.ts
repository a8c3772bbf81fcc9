import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';

/** Registers every channel's public routes (webhooks, widget endpoints). */
export async function registerChannelRoutes(app: FastifyInstance, ctx: AppContext) {
  for (const c of ctx.channels.all()) await c.routes?.(app, ctx);
}

/**
 * Starts every channel's background listeners (IMAP pollers, SMTP receiver) in this process.
 * A channel that fails to start is logged and skipped: one broken mailbox must not stop the app.
 */
export async function startChannels(ctx: AppContext): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const c of ctx.channels.all()) {
    if (!c.start) continue;
    try {
      stops.push(await c.start(ctx));
    } catch (err) {
      console.error(`channel ${c.kind} failed to start:`, (err as Error).message);
    }
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error('channel stop failed', err));
  };
}
