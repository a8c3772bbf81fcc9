import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeZaloCore } from './core.js';
import { registerMessageRoutes } from './message-routes.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerOpenApiUserRoutes } from './openapi-user.js';
import { FakeRouter } from './router.js';
import { registerZnsRoutes } from './zns.js';

export type { FakeZaloUser } from './openapi-user.js';
export { FakeZaloCore } from './core.js';

/**
 * One local HTTP server that speaks Zalo's documented formats: OAuth v4 (oauth.ts), OpenAPI v3 users
 * and attachment files (openapi-user.ts), messages/uploads (message-routes.ts) and ZNS (zns.ts).
 * Tests point ctx.env.ZALO_OAUTH_BASE, ZALO_API_BASE and ZALO_ZNS_BASE at its url (fakeZaloEnv).
 * state.core: the app/OA it plays and the tokens it accepts; state.<area>: what each route file kept.
 */
export async function startFakeZalo() {
  const router = new FakeRouter();
  const core = new FakeZaloCore();
  const state = {
    core,
    calls: router.calls,
    oauth: registerOAuthRoutes(router, core),
    users: registerOpenApiUserRoutes(router, core),
    messages: registerMessageRoutes(router, core),
    zns: registerZnsRoutes(router, core),
  };
  const server = http.createServer((req, res) => {
    router.handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  core.url = url;
  return {
    url,
    state,
    /** The env settings that send the app to this server. */
    env: { ZALO_OAUTH_BASE: url, ZALO_API_BASE: url, ZALO_ZNS_BASE: url },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeZalo = Awaited<ReturnType<typeof startFakeZalo>>;
