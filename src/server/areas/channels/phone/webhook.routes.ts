import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { findAccountByAddress } from '../../../core/channels/accounts.js';
import { CallBatchSchema, CallEventSchema, eventsOf } from '../../calls/index.js';
import { recordCallEvents } from '../../calls/index.js';
import { verifyPhoneRequest } from './signature.js';
import { cleanValue } from '../../../core/http/text-safety.js';

/** "events.2.at: Invalid ISO datetime" — where and what, for the PBX integrator. */
function describeIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * POST /api/hooks/phone/:key — a PBX posts call events (docs/telephony-webhook.md). Public route:
 * its authentication is the HMAC signature over the raw body, checked with the endpoint's secret.
 * Order of checks: endpoint (404) → signature (401) → JSON (400) → payload (400) → record.
 */
export const phoneWebhookRoutes = (ctx: AppContext): FastifyPluginAsync => async (app) => {
  // The signature covers the exact bytes sent: keep the body as a string in this plugin's scope
  // (any content type; some PBXs send JSON as text/plain) and parse it only after verifying.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { key: string } }>(
    '/hooks/phone/:key',
    {
      config: { public: true },
      schema: {
        tags: ['channels'],
        summary: 'Telephony webhook: signed call events (ringing, answered, ended, missed)',
        description: 'See docs/telephony-webhook.md. Headers X-TanTam-Timestamp and X-TanTam-Signature (sha256=HMAC of "<timestamp>.<raw body>").',
      },
    },
    async (req) => {
      const account = await findAccountByAddress(ctx, 'phone', req.params.key);
      if (!account) throw new AppError(404, 'phone.unknown_endpoint', 'No enabled telephony endpoint has this key');
      verifyPhoneRequest(req, account);

      let json: unknown;
      try {
        // Cleaned only now: the signature covers the raw bytes (NUL and lone surrogates as everywhere, core/http/text-safety.ts).
        json = cleanValue(JSON.parse(typeof req.body === 'string' ? req.body : '') as unknown);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw badRequest('phone.invalid_json', 'The body is not valid JSON');
      }
      // One event or { events: [...] }: validate against the shape it claims, so errors point at the field.
      const isBatch = !!json && typeof json === 'object' && 'events' in json;
      const parsed = isBatch ? CallBatchSchema.safeParse(json) : CallEventSchema.safeParse(json);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        const first = issues[0];
        throw badRequest('phone.invalid_payload', first ? `Invalid ${first.path || 'payload'}: ${first.message}` : 'Invalid payload', issues);
      }
      const events = eventsOf(parsed.data);
      const calls = await recordCallEvents(ctx, account, events);
      return { received: events.length, newEvents: calls.reduce((n, c) => n + c.newEvents, 0), calls: calls.map((c) => ({ callId: c.callId, status: c.status })) };
    },
  );
};
