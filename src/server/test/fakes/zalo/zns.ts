import type { FakeZaloCore } from './core.js';
import type { FakeRouter } from './router.js';

/**
 * Placeholder (owned by helper "zalo-out"): ZNS routes (POST /message/template, GET /template/info/v2 …)
 * served on the same fake server (ZALO_ZNS_BASE points here too). Returns this file's state (state.zns).
 */
export function registerZnsRoutes(router: FakeRouter, core: FakeZaloCore) {
  void router;
  void core;
  return {};
}
