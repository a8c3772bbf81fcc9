import type { FakeZaloCore } from './core.js';
import type { FakeRouter } from './router.js';

/**
 * Placeholder (owned by helper "zalo-out"): OpenAPI v3 message and upload routes
 * (POST /v3.0/oa/message/cs, /v2.0/oa/upload/image, /v2.0/oa/upload/file …). Register them on the
 * router and return this file's state; server.ts exposes it as state.messages.
 */
export function registerMessageRoutes(router: FakeRouter, core: FakeZaloCore) {
  void router;
  void core;
  return {};
}
