import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { findAccountByAddress } from '../../../core/channels/accounts.js';
import { appendJob } from '../../../core/jobs/append.js';
import { verifyZaloDelivery } from './webhook-parse.js';

export const WEBHOOK_JOB = 'zalo.webhook-event';

/**
 * POST /api/hooks/zalo/:key — Zalo posts OA events here (the URL set in the app's Webhook settings).
 * Public route: its authentication is X-ZEvent-Signature over the raw bytes (webhook-parse.ts).
 * Zalo wants an answer within 2 s, so the delivery is only verified and accepted DURABLY here — a
 * job carrying the raw body, committed before we answer 200 — and processed by that job (inbound.ts),
 * kicked right after commit. A crash after our 200 loses nothing; a crash before it makes Zalo retry.
 * Order of checks: endpoint (404) → JSON (400) → signature (401) → app (403) → freshness (403).
 */
export const zaloWebhookRoutes = (ctx: AppContext): FastifyPluginAsync => async (app) => {
  // The MAC covers the exact bytes: keep the body as a Buffer in this plugin's scope (any content type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { key: string } }>(
    '/hooks/zalo/:key',
    {
      config: { public: true },
      schema: {
        tags: ['channels'],
        summary: 'Zalo OA webhook: signed events (messages, follows, shared info, delivery and seen receipts)',
        description: 'Header X-ZEvent-Signature: mac=sha256(app_id + raw body + timestamp + OA secret key). Events older than 10 minutes are refused.',
      },
    },
    async (req) => {
      const account = await findAccountByAddress(ctx, 'zalo', req.params.key);
      if (!account) throw new AppError(404, 'zalo.unknown_endpoint', 'No enabled Zalo account has this webhook key');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
      const { event } = verifyZaloDelivery(raw, req.headers['x-zevent-signature'], {
        appId: String(account.config.appId ?? ''),
        oaSecretKey: account.secrets.oaSecretKey as string | undefined,
      });
      await ctx.db.tx(async (tx) => {
        appendJob(tx, WEBHOOK_JOB, { accountId: account.id, body: raw.toString('utf8'), receivedAt: new Date().toISOString() });
      });
      // Processed right away in this process when the queue runs here; else by any worker.
      if (ctx.jobs.running()) void ctx.jobs.kick([WEBHOOK_JOB]).catch(() => undefined);
      return { ok: true, event: String(event.event_name ?? '') };
    },
  );
};
