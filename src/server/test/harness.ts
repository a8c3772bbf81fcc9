import fs from 'node:fs';
import { inject } from 'vitest';
import { copyPostgresTemplate, ensureEmbeddedTemplate, ensurePostgresTemplate } from './template.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { AppContext } from '../core/context.js';
import { createEmbeddedDb, createPostgresDb } from '../core/db/client.js';
import { migrate } from '../core/db/migrate.js';
import { loadEnv } from '../core/env.js';
import { assembleContext } from '../boot.js';
import { createWorkspace } from '../areas/access/index.js';
import { hashPassword } from '../core/lib/passwords.js';
import { newId } from '../core/lib/ids.js';
import type { Role } from '../core/http/actor.js';

/**
 * A real database for one test file: a copy of the migrated template (test/template.ts, made once per
 * run by the global setup) — in-memory PGlite by default, or a fresh PostgreSQL database created from
 * the template database (dropped at close) when TEST_DATABASE_URL is set — so files never share state
 * and a rerun on the same server needs no cleanup.
 */
export async function createTestContext(): Promise<AppContext & { close(): Promise<void> }> {
  // Tests run real mail servers on loopback (smtp-server sinks, Dovecot in CI): allowed here only.
  // and a local receiver for outgoing webhooks.
  const env = loadEnv({ ALLOW_PRIVATE_MAIL_HOSTS: 'true', ALLOW_PRIVATE_WEBHOOK_URLS: 'true', ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = providedTemplate('pgliteTemplate') ?? (await ensureEmbeddedTemplate());
    const db = await createEmbeddedDb(undefined, { loadDataDir: new Blob([fs.readFileSync(template)]) });
    await migrate(db);
    const ctx = assembleContext(db, env, { pollingIntervalSeconds: 0.5, clock: false });
    return { ...ctx, close: () => ctx.counters.close().then(() => db.close()) };
  }
  const template = providedTemplate('pgTemplate') ?? (await ensurePostgresTemplate(url));
  const copy = await copyPostgresTemplate(url, template);
  const db = createPostgresDb(copy.url, 10);
  await migrate(db);
  const ctx = assembleContext(db, { ...env, DATABASE_URL: copy.url }, { pollingIntervalSeconds: 0.5, clock: false });
  return {
    ...ctx,
    async close() {
      await ctx.counters.close();
      await db.close();
      await copy.drop();
    },
  };
}

/** The template the global setup made, when running under Vitest with it (bench scripts make their own). */
function providedTemplate(key: 'pgliteTemplate' | 'pgTemplate'): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * The app on a fresh database. The job queue is created; with `workers: true` jobs also run by
 * themselves (polling every 0.5 s), otherwise a test runs them with `ctx.jobs.drain()`. `eager: false`:
 * this process never runs a job, not even right after its own writes — for tests whose real instances
 * (child processes with the cluster bus) must run every job; the test's app has no bus, so what it ran
 * would reach no other instance's sockets.
 */
export async function createTestApp(opts: { workers?: boolean; eager?: boolean } = {}): Promise<TestApp> {
  const ctx = await createTestContext();
  return startTestApp(ctx, opts.workers ?? false, () => ctx.close(), opts.eager);
}

/**
 * The app on a context, ready for inject: its jobs started (with or without workers); close stops the
 * app, then the jobs, then runs `closeContext`. For createTestApp and for the in-process second
 * instances of test/cluster/in-process.ts, which close their own pool and bus.
 */
export async function startTestApp(ctx: AppContext, work: boolean, closeContext: () => Promise<void>, eager?: boolean): Promise<TestApp> {
  await ctx.jobs.start(ctx, { work, eager });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await ctx.jobs.stop();
      await closeContext();
    },
  };
}

export interface SeededWorkspace {
  workspaceId: string;
  admin: { id: string; email: string; password: string; cookie: string };
}

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A workspace with a logged-in admin; returns the admin's session cookie header. */
export async function seedWorkspace(t: TestApp, name = 'Cửa hàng Test'): Promise<SeededWorkspace> {
  const email = `admin-${uniq()}@example.vn`;
  const password = 'mat-khau-123';
  const { workspace, user } = await createWorkspace(t.ctx.db, { workspaceName: name, admin: { name: 'Quản Trị', email, password } });
  const cookie = await loginCookie(t.app, email, password);
  return { workspaceId: workspace.id, admin: { id: user.id, email, password, cookie } };
}

// Tests create many users; a fast hash keeps them quick while staying a real argon2id hash.
let cachedHash: Promise<string> | undefined;

/** A user of a role in a workspace, logged in; returns id and cookie header. */
export async function seedUser(t: TestApp, workspaceId: string, role: Role, name = 'Nhân Viên') {
  const email = `${role}-${uniq()}@example.vn`;
  const password = 'mat-khau-123';
  cachedHash ??= hashPassword(password);
  const id = newId();
  await t.ctx.db.query(
    `INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, workspaceId, email, name, await cachedHash, role],
  );
  return { id, email, password, cookie: await loginCookie(t.app, email, password) };
}

export async function loginCookie(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'tt_session');
  if (!c) throw new Error('no session cookie');
  return `tt_session=${c.value}`;
}

/** An API token for a workspace (as an integration would hold it). */
export async function seedToken(t: TestApp, cookie: string, name = 'Tích hợp') {
  const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}
