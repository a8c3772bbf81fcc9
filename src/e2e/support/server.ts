import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { createTestContext } from '../../server/test/harness.js';
import type { AppContext } from '../../server/core/context.js';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  stop(): Promise<void>;
}

/**
 * The real server in this process with the built web app (dist/web, from `npm run build:web`), listening
 * on a free port. The database is the test harness's: embedded PostgreSQL in memory, or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set (dropped at stop).
 */
export async function startServer(opts: { workers?: boolean } = {}): Promise<RunningServer> {
  const ctx = await createTestContext();
  // As in production the job queue runs (agent replies go out through the delivery job); with
  // workers: false deliveries are queued and a test runs them with ctx.jobs.drain().
  await ctx.jobs.start(ctx, { work: opts.workers ?? true });
  const app = await buildApp(ctx, { serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    ctx,
    async stop() {
      await app.close();
      await ctx.jobs.stop();
      await ctx.close();
    },
  };
}

/** JSON over HTTP against the running server, as a browser or an integration would call it; `T` is the answer's shape (from src/shared). */
export async function http<T = unknown>(
  base: string,
  method: string,
  urlPath: string,
  opts: { body?: unknown; cookie?: string; token?: string } = {},
): Promise<{ status: number; data: T; cookie?: string }> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(base + urlPath, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  const setCookie = res.headers.get('set-cookie');
  const cookie = setCookie ? setCookie.split(';')[0] : undefined;
  return { status: res.status, data: (text ? JSON.parse(text) : undefined) as T, cookie };
}
