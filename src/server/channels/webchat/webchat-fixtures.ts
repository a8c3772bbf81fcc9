import type { TestApp } from '../../test/harness.js';
import { clearWidgetCache } from './guard.js';

/** Test-only helpers of the webchat area. */

export const ALL_WEEK = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));

/** Opens the workspace around the clock (tests must not depend on the hour they run at). */
export async function openAllWeek(t: TestApp, workspaceId: string) {
  await t.ctx.db.query('UPDATE workspaces SET business_hours = $2 WHERE id = $1', [workspaceId, JSON.stringify(ALL_WEEK)]);
  await t.ctx.db.query('DELETE FROM holidays WHERE workspace_id = $1', [workspaceId]);
}

/** A widget created through the settings API; returns its public key and id. */
export async function createWidget(t: TestApp, cookie: string, config: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/channel-accounts', headers: { cookie }, payload: { kind: 'webchat', name: 'Website', config } });
  if (res.statusCode !== 201) throw new Error(`widget: ${res.statusCode} ${res.body}`);
  const body = res.json();
  const account = body.account ?? body;
  return { key: account.address as string, id: account.id as string };
}

export async function patchWidget(t: TestApp, cookie: string, id: string, config: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/channel-accounts/${id}`, headers: { cookie }, payload: { config } });
  if (res.statusCode !== 200) throw new Error(`patch widget: ${res.statusCode} ${res.body}`);
  clearWidgetCache();
}

let ipCounter = 1;
/** A fresh client address per simulated visitor, so per-address budgets of one test do not leak into the next. */
export const nextIp = () => `10.1.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

/** A visitor calling the widget API (inject) from their own address. */
export function visitorClient(t: TestApp, key: string, opts: { ip?: string; origin?: string } = {}) {
  const ip = opts.ip ?? nextIp();
  let token: string | undefined;
  const call = async (method: 'GET' | 'POST' | 'OPTIONS', path: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (token) h['x-visitor-token'] = token;
    if (opts.origin) h.origin = opts.origin;
    const res = await t.app.inject({ method, url: `/api/widget/${key}${path}`, payload: payload as any, headers: h, remoteAddress: ip });
    let body: any;
    try {
      body = res.json();
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, res };
  };
  return {
    ip,
    call,
    get token() {
      return token;
    },
    set token(v: string | undefined) {
      token = v;
    },
    async start(fields: Record<string, unknown> = {}) {
      const r = await call('POST', '/sessions', { ...(token ? { visitorToken: token } : {}), ...fields });
      if (r.status !== 200) throw new Error(`session: ${r.status} ${JSON.stringify(r.body)}`);
      token = r.body.visitorToken;
      return r.body;
    },
    async say(body: string, clientId: string = crypto.randomUUID(), extra: Record<string, unknown> = {}) {
      return call('POST', '/messages', { clientId, body, ...extra });
    },
  };
}

export { connectSocket } from '../../test/ws-client.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a truthy value (after-commit processors run asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(25);
  }
}
