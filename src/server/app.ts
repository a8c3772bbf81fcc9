import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyLoggerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { sharedRateLimitStore } from './core/http/shared-rate-limit.js';
import { memoryWindows } from './core/counters/index.js';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { API_DOCS_DESCRIPTION, apiDocsUi } from './core/http/api-docs.js';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './core/context.js';
import { errorHandler } from './core/http/errors.js';
import { loggableError, registerTextSafety } from './core/http/text-safety.js';
import { registerWebApp } from './core/http/web-app.js';
import { registerAuth } from './core/http/auth.js';
import { runInRequestScope } from './core/http/request-scope.js';
import { areas } from './boot.js';
import { healthRoutes } from './core/http/health.routes.js';
import { realtimeRoutes } from './core/events/realtime.routes.js';

export const BODY_LIMIT_BYTES = 12 * 1024 * 1024; // room for a few base64 attachments of ≤ 5 MB

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface BuildOptions {
  logger?: boolean | object;
  /** Serve the built web app from dist/web (off in API tests). */
  serveWeb?: boolean;
  /**
   * Request rate-limit counters in ctx.counters (shared by every instance) instead of this process's
   * memory; main.ts turns it on with PostgreSQL, and it is on whenever REDIS_URL is set. Tests keep
   * per-app counters.
   */
  sharedRateLimits?: boolean;
}

/** The HTTP app: plugins, auth, every route; no listening and no workers (main.ts does that). */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Any `{ err }` logged through the app's logger drops what errors carry of personal data (query parameters, details).
    logger: opts.logger ? ({ ...(typeof opts.logger === 'object' ? opts.logger : {}), serializers: { err: loggableError } } as FastifyLoggerOptions) : false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: ctx.env.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Every JSON body, querystring and path parameter: NUL and lone surrogates cleaned before validation.
  registerTextSafety(app);
  // The client's address for what a request writes (the audit log), without passing it through every command.
  app.addHook('onRequest', (req, _reply, done) => runInRequestScope({ ip: req.ip ?? null }, done));

  await app.register(cookie);
  // With Redis configured the counters are always shared (that is what it is for); with the database, when asked;
  // otherwise this process counts alone (memoryWindows: each request its own count, so a burst is cut at the limit).
  const shared = opts.sharedRateLimits || ctx.counters.kind === 'redis';
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(shared ? ctx.counters : memoryWindows()) });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Before any route: every route after this is checked at startup (public, or declares its action),
  // and every request is authenticated, then authorized against its route's action.
  registerAuth(app, ctx);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tận Tâm API', version: '0.1.0', description: API_DOCS_DESCRIPTION },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Mã truy cập API từ Cài đặt → Mã truy cập API (API token from Settings → API tokens)' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'tt_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, apiDocsUi);
  await app.register(healthRoutes(ctx));
  await app.register(realtimeRoutes(ctx), { prefix: '/api' });
  for (const area of areas) {
    for (const r of area.routes ?? []) await app.register(r.plugin(ctx), { prefix: r.prefix ?? '/api' });
  }

  await registerWebApp(app, opts.serveWeb ? webDist : undefined);
  return app;
}
