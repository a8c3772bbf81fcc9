import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { AiSettings } from '../../../shared/ai.js';

/** "Train now" (POST /api/ai/train): a background job, one pending per workspace, shown as training until it ran; admins only. */
describe('ai: train now', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Shop Huấn Luyện');
    other = await seedWorkspace(t, 'Shop Bên Cạnh');
  });
  afterAll(() => t.close());

  const train = (cookie: string) => t.app.inject({ method: 'POST', url: '/api/ai/train', headers: { cookie } });
  const training = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/ai/settings', headers: { cookie } })).json<AiSettings>().training;

  it('queues one training; a second click while it waits changes nothing; another workspace has its own', async () => {
    const first = await train(ws.admin.cookie);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ queued: true });
    expect((await train(ws.admin.cookie)).json()).toEqual({ queued: false });
    expect(await training(ws.admin.cookie)).toBe(true);
    expect(await training(other.admin.cookie)).toBe(false);
    expect((await train(other.admin.cookie)).json()).toEqual({ queued: true });
    const n = await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'ai.train' AND data->>'workspaceId' = $1`, [ws.workspaceId]);
    expect(n.n).toBe(1);
    await t.ctx.jobs.drain();
    expect(await training(ws.admin.cookie)).toBe(false);
    // Done: the next click trains again.
    expect((await train(ws.admin.cookie)).json()).toEqual({ queued: true });
  });

  it('an agent cannot start a training', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên');
    expect((await train(agent.cookie)).statusCode).toBe(403);
  });
});
