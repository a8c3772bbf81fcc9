import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api } from '../../../test/fixtures/tickets.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai/server.js';
import type { EmbeddingsStatus, EmbeddingsTest } from '../../../../shared/assistant.js';

/**
 * The routes behind Settings → AI assistant → embeddings: the status (model, articles current with
 * their text, passages, last run, a re-embed pending), the test of the saved endpoint's /v1/embeddings,
 * and the re-embed job (one pending per workspace, every article again); off, they say so.
 */
describe('assistant: embeddings status, test and re-embed', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agentCookie: string;
  let fake: FakeOpenAi;
  const base = {
    baseUrl: null as string | null, model: null as string | null, timeoutMs: 5000, embeddings: false, agentChannels: [], agentSchedule: 'always',
    maxTurns: 4, threshold: 0.35, handoffTeamId: null, handoffSegmentIds: [],
  };
  const save = async (patch: Record<string, unknown>) => {
    const r = await api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', { ...base, ...patch });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await t.ctx.jobs.drain();
  };
  const status = async () => {
    const r = await api(t, ws.admin.cookie, 'GET', '/api/assistant/embeddings');
    expect(r.status).toBe(200);
    return r.body as EmbeddingsStatus;
  };
  const testCall = async () => (await api(t, ws.admin.cookie, 'POST', '/api/assistant/embeddings/test')).body as EmbeddingsTest;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Vector');
    agentCookie = (await seedUser(t, ws.workspaceId, 'agent', 'Lan')).cookie;
    fake = await startFakeOpenAi();
    for (const a of [
      { lang: 'vi', title: 'Chính sách bảo hành máy lọc nước', body: '## Thời hạn\n\nBảo hành 24 tháng kể từ ngày giao.\n\n## Lõi lọc\n\nLõi lọc thay mỗi 6 tháng.', status: 'published', categoryId: null, tags: [] },
      { lang: 'vi', title: 'Vệ sinh điều hoà', body: 'Tắt nguồn, tháo lưới lọc, rửa bằng nước sạch.', status: 'published', categoryId: null, tags: [] },
      { lang: 'en', title: 'Returns', body: 'Returns within 7 days with the receipt.', status: 'draft', categoryId: null, tags: [] },
    ]) {
      const r = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', a);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await t.ctx.jobs.drain();
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });

  it('off: lexical search, the test says why, and there is nothing to re-embed', async () => {
    expect(await status()).toEqual({ model: null, articles: 3, embedded: 0, passages: 0, lastEmbeddedAt: null, running: false });
    expect(await testCall()).toMatchObject({ ok: false, model: null, dimensions: null, error: 'assistant.no_embeddings' });
    const r = await api(t, ws.admin.cookie, 'POST', '/api/assistant/embeddings/reembed');
    expect(r.status).toBe(400);
    expect(r.body.error.id).toBe('assistant.no_embeddings');
    // An endpoint with the switch off is still off.
    await save({ baseUrl: fake.url, model: 'fake-chat', embeddings: false });
    expect((await status()).model).toBeNull();
    expect(fake.embeddingRequests).toHaveLength(0);
  });

  it('on: every article embedded by the named model, passages counted, the time of the last run', async () => {
    await save({ baseUrl: fake.url, model: 'fake-chat', embeddings: true, embeddingModel: 'fake-embed' });
    const s = await status();
    expect(s).toMatchObject({ model: 'fake-embed', articles: 3, embedded: 3, running: false });
    // The warranty article is two passages (one per heading) at least.
    expect(s.passages).toBeGreaterThanOrEqual(4);
    expect(Date.now() - new Date(s.lastEmbeddedAt!).getTime()).toBeLessThan(5 * 60_000);
    expect(new Set(fake.embeddingRequests.map((r) => r.model))).toEqual(new Set(['fake-embed']));
  });

  it('the test embeds one sentence with the saved endpoint: the vector size, or the error', async () => {
    const n = fake.embeddingRequests.length;
    expect(await testCall()).toMatchObject({ ok: true, model: 'fake-embed', dimensions: 256, error: null });
    expect(fake.embeddingRequests.length).toBe(n + 1);
    fake.embeddings = { status: 500 };
    const failed = await testCall();
    expect(failed).toMatchObject({ ok: false, model: 'fake-embed', dimensions: null });
    expect(failed.error).toMatch(/http/);
    fake.embeddings = 'malformed';
    expect((await testCall()).ok).toBe(false);
    fake.embeddings = 'ok';
  });

  it('re-embed: a job, one pending per workspace, every article again; shown as running until done', async () => {
    const before = await status();
    const first = await api(t, ws.admin.cookie, 'POST', '/api/assistant/embeddings/reembed');
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ queued: true });
    expect((await api(t, ws.admin.cookie, 'POST', '/api/assistant/embeddings/reembed')).body).toEqual({ queued: false });
    expect((await status()).running).toBe(true);
    const n = fake.embeddingRequests.length;
    await t.ctx.jobs.drain();
    const after = await status();
    expect(after).toMatchObject({ model: 'fake-embed', embedded: 3, passages: before.passages, running: false });
    // Every article again, current or not (one request per article here: fewer than 16 passages each).
    expect(fake.embeddingRequests.length - n).toBe(3);
    expect(new Date(after.lastEmbeddedAt!).getTime()).toBeGreaterThan(new Date(before.lastEmbeddedAt!).getTime());
  });

  it('agents can neither test nor re-embed', async () => {
    expect((await api(t, agentCookie, 'POST', '/api/assistant/embeddings/test')).status).toBe(403);
    expect((await api(t, agentCookie, 'POST', '/api/assistant/embeddings/reembed')).status).toBe(403);
  });
});
