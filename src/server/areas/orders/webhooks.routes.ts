import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest } from '../../core/errors.js';
import { cleanValue } from '../../core/http/text-safety.js';
import { OrderCodeSchema, OrderUpsertSchema } from '../../../shared/orders.js';
import { findOrderSource, markReceived, type OrderSourceRow } from './commands/order-webhooks.js';
import { upsertOrder, type OrderData, type UpsertOutcome } from './commands/upsert-order.js';
import { HaravanOrderSchema, mapHaravan } from './webhooks/haravan.js';
import { KiotVietDocumentSchema, KiotVietEnvelopeSchema, mapKiotViet } from './webhooks/kiotviet.js';
import { genericSignatureValid, haravanSignatureValid, kiotVietSignatureValid } from './webhooks/signatures.js';

type Tally = Record<UpsertOutcome | 'ignored' | 'failed', number>;
const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, stale: 0, ignored: 0, failed: 0 });

/** Applies one mapped order; a refused one (bad code, no usable identity …) is counted and logged, never fatal to the batch. */
async function apply(ctx: AppContext, source: OrderSourceRow, code: string, data: OrderData, counts: Tally, log: FastifyBaseLogger): Promise<UpsertOutcome | 'failed'> {
  try {
    const { outcome } = await upsertOrder(ctx.db, { workspaceId: source.workspace_id, source: source.name, code: OrderCodeSchema.parse(code), data, actor: { kind: 'system', workspaceId: source.workspace_id }, lenientIdentities: true });
    counts[outcome]++;
    return outcome;
  } catch (err) {
    if (!(err instanceof AppError) && !(err instanceof z.ZodError)) throw err;
    counts.failed++;
    log.warn({ orderSource: source.id, kind: source.kind, reason: err instanceof AppError ? err.id : 'invalid_code' }, 'order webhook: an order was refused');
    return 'failed';
  }
}

const parseJson = (raw: string): unknown => cleanValue(JSON.parse(raw) as unknown);

/**
 * POST /api/hooks/orders/<kind>/<key>: shop platforms post orders (docs/orders-webhooks.md). Public
 * routes: the credential is the HMAC signature over the raw body with the source's secret.
 *
 * KiotViet stops sending to a URL that answers 400/401/403/404/405, so its route answers 200 to
 * everything it does not process (unknown URL, forged signature, unreadable body, other events) and
 * logs why — a bad signature is still never processed.
 */
export const orderWebhookRoutes = (ctx: AppContext): FastifyPluginAsync => async (app) => {
  // The signature covers the exact bytes sent: keep the body as a string in this plugin's scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const rawOf = (body: unknown) => (typeof body === 'string' ? body : '');

  app.post<{ Params: { key: string } }>(
    '/hooks/orders/kiotviet/:key',
    { config: { public: true }, schema: { tags: ['orders'], summary: 'KiotViet webhook (order.update, invoice.update), X-Hub-Signature; always 200 (KiotViet stops sending after a 4xx)' } },
    async (req) => {
      const counts = tally();
      const ignore = (reason: string) => {
        req.log.warn({ reason, kind: 'kiotviet' }, 'order webhook: delivery ignored');
        return { ok: false, ignored: reason };
      };
      const source = await findOrderSource(ctx, 'kiotviet', req.params.key);
      if (!source) return ignore('unknown_endpoint');
      const raw = rawOf(req.body);
      if (!kiotVietSignatureValid(source.signingSecret, req.headers, raw)) return ignore('signature_invalid');
      let envelope: z.infer<typeof KiotVietEnvelopeSchema>;
      try {
        envelope = KiotVietEnvelopeSchema.parse(parseJson(raw));
      } catch {
        return ignore('invalid_payload');
      }
      await markReceived(ctx.db, source.id);
      for (const n of envelope.Notifications) {
        const action = n.Action.toLowerCase();
        const kind = action.startsWith('order.update') ? 'order' : action.startsWith('invoice.update') ? 'invoice' : null;
        if (!kind) {
          counts.ignored += Math.max(1, n.Data.length);
          req.log.info({ action: n.Action.slice(0, 60), kind: 'kiotviet' }, 'order webhook: event not about orders, ignored');
          continue;
        }
        for (const item of n.Data) {
          const doc = KiotVietDocumentSchema.safeParse(item);
          let mapped: ReturnType<typeof mapKiotViet> | undefined;
          try {
            mapped = doc.success ? mapKiotViet(kind, doc.data) : undefined;
          } catch {
            mapped = undefined;
          }
          if (!mapped) {
            counts.ignored++;
            req.log.warn({ reason: 'invalid_document', kind: 'kiotviet' }, 'order webhook: a document was ignored');
            continue;
          }
          await apply(ctx, source, mapped.code, mapped.data, counts, req.log);
        }
      }
      return { ok: true, ...counts };
    },
  );

  app.post<{ Params: { key: string } }>(
    '/hooks/orders/haravan/:key',
    { config: { public: true }, schema: { tags: ['orders'], summary: 'Haravan webhook (orders/* topics), X-Haravan-Hmac-Sha256' } },
    async (req) => {
      const source = await findOrderSource(ctx, 'haravan', req.params.key);
      if (!source) throw new AppError(404, 'orders.unknown_webhook', 'No enabled order webhook has this address');
      const raw = rawOf(req.body);
      if (!haravanSignatureValid(source.signingSecret, req.headers, raw)) throw new AppError(401, 'orders.signature_invalid', 'The webhook signature is not valid (X-Haravan-Hmac-Sha256)');
      const topic = String(req.headers['x-haravan-topic'] ?? '');
      const counts = tally();
      if (topic && !topic.startsWith('orders/')) {
        req.log.info({ topic: topic.slice(0, 60), kind: 'haravan' }, 'order webhook: topic not about orders, ignored');
        return { ok: true, ...counts, ignored: 1 };
      }
      let mapped: ReturnType<typeof mapHaravan>;
      try {
        mapped = mapHaravan(HaravanOrderSchema.parse(parseJson(raw)));
      } catch {
        throw badRequest('orders.invalid_payload', 'The body is not a Haravan order');
      }
      await markReceived(ctx.db, source.id);
      await apply(ctx, source, mapped.code, mapped.data, counts, req.log);
      return { ok: true, ...counts };
    },
  );

  const GenericOrder = OrderUpsertSchema.extend({ code: OrderCodeSchema });
  const GenericBody = z.union([z.object({ orders: z.array(GenericOrder).min(1).max(100) }), GenericOrder]);

  app.post<{ Params: { key: string } }>(
    '/hooks/orders/webhook/:key',
    {
      config: { public: true },
      schema: { tags: ['orders'], summary: 'Generic signed order webhook: one order or { orders: [...] } as in PUT /api/orders, X-TanTam-Signature: sha256=<hex HMAC of the raw body>' },
    },
    async (req) => {
      const source = await findOrderSource(ctx, 'webhook', req.params.key);
      if (!source) throw new AppError(404, 'orders.unknown_webhook', 'No enabled order webhook has this address');
      const raw = rawOf(req.body);
      if (!genericSignatureValid(source.signingSecret, req.headers, raw)) throw new AppError(401, 'orders.signature_invalid', 'The webhook signature is not valid (X-TanTam-Signature: sha256=<hex HMAC-SHA256 of the raw body>)');
      let json: unknown;
      try {
        json = parseJson(raw);
      } catch {
        throw badRequest('orders.invalid_json', 'The body is not valid JSON');
      }
      const parsed = GenericBody.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw badRequest('orders.invalid_payload', `Invalid ${issues[0]?.path || 'payload'}: ${issues[0]?.message ?? ''}`, issues);
      }
      await markReceived(ctx.db, source.id);
      const list = 'orders' in parsed.data ? parsed.data.orders : [parsed.data];
      const counts = tally();
      const results: { code: string; outcome: UpsertOutcome | 'failed' }[] = [];
      for (const { code, ...data } of list) results.push({ code, outcome: await apply(ctx, source, code, data, counts, req.log) });
      return { ok: true, ...counts, results };
    },
  );
};
