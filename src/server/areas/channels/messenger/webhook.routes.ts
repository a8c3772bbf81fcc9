import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { findAccountByAddress } from '../../../core/channels/accounts.js';
import type { AppContext } from '../../../core/context.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { cleanValue } from '../../../core/http/text-safety.js';
import { appendJob } from '../../../core/jobs/append.js';
import { WebhookBodySchema } from './events-schema.js';
import { WEBHOOK_JOB } from './process.js';
import { SIGNATURE_HEADER, verifyMessengerSignature } from './signature.js';

const unknownEndpoint = () => new AppError(404, 'messenger.unknown_endpoint', 'No enabled Messenger Page has this webhook key');

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/**
 * The Page's webhook (docs: Messenger Platform → Webhooks). Public routes: GET is Facebook's
 * subscription check (the verify token typed in both places), POST carries events signed with the app
 * secret over the raw bytes. A POST is accepted durably — its entries become one job in the same
 * commit — and answered 200 at once (Facebook retries slow or failed deliveries and eventually
 * disables the webhook); the job files messages, echoes and receipts right after.
 */
export const messengerWebhookRoutes = (ctx: AppContext): FastifyPluginAsync => async (app) => {
  // The signature covers the exact bytes: keep the body as a Buffer here and parse it only after verifying.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get<{ Params: { key: string }; Querystring: Record<string, string | undefined> }>(
    '/hooks/messenger/:key',
    {
      config: { public: true },
      schema: { tags: ['channels'], summary: 'Messenger webhook: Facebook\'s subscription check (hub.mode, hub.verify_token, hub.challenge)' },
    },
    async (req, reply) => {
      const account = await findAccountByAddress(ctx, 'messenger', req.params.key);
      if (!account) throw unknownEndpoint();
      const q = req.query;
      const expected = String(account.secrets.verifyToken ?? '');
      if (q['hub.mode'] !== 'subscribe' || !expected || !sameText(q['hub.verify_token'] ?? '', expected)) {
        throw new AppError(403, 'messenger.verify_token_mismatch', 'hub.mode must be subscribe and hub.verify_token the verify token of this Page\'s settings');
      }
      return reply.type('text/plain; charset=utf-8').send(q['hub.challenge'] ?? '');
    },
  );

  app.post<{ Params: { key: string } }>(
    '/hooks/messenger/:key',
    {
      config: { public: true },
      schema: {
        tags: ['channels'],
        summary: 'Messenger webhook: Page events (messages, echoes, deliveries, reads, postbacks)',
        description: 'Signed by Facebook: X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, raw body). Answered 200 once accepted; processed right after.',
      },
    },
    async (req) => {
      const account = await findAccountByAddress(ctx, 'messenger', req.params.key);
      if (!account) throw unknownEndpoint();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      verifyMessengerSignature(account.secrets.appSecret, req.headers[SIGNATURE_HEADER], raw);

      let json: unknown;
      try {
        json = cleanValue(JSON.parse(raw.toString('utf8')) as unknown);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw badRequest('messenger.invalid_json', 'The body is not valid JSON');
      }
      const parsed = WebhookBodySchema.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw badRequest('messenger.invalid_payload', `Invalid ${first?.path.join('.') || 'payload'}: ${first?.message ?? ''}`);
      }
      // Instagram messaging arrives as object "instagram" on the same app: not handled yet (acknowledged so Facebook does not retry).
      if (parsed.data.object !== 'page') return { received: 0, ignored: parsed.data.object };
      const entries = parsed.data.entry;
      const events = entries.reduce((n, e) => n + (e.messaging?.length ?? 0), 0);
      if (events > 0) {
        await ctx.db.tx(async (tx) => {
          appendJob(tx, WEBHOOK_JOB, { workspaceId: account.workspaceId, accountId: account.id, entries });
        });
        if (ctx.jobs.running()) void ctx.jobs.kick([WEBHOOK_JOB]).catch((err) => console.error('messenger webhook job failed to run', (err as Error).message));
      }
      return { received: events };
    },
  );
};
