import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api } from '../../../test/fixtures/tickets.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai/server.js';
import { searchKnowledge } from '../../knowledge/index.js';
import { queryEmbedding } from './endpoint.js';

/**
 * Hybrid knowledge-base retrieval against the fake OpenAI server's /v1/embeddings (deterministic hashed
 * bag of words with a toy thesaurus): passages embedded by a durable job on save, stored as real[] on
 * both databases, BM25 + cosine fused; a paraphrase with no word in common with its article is found
 * only with embeddings on; BM25 alone when they are off, offline, or the endpoint fails.
 */
describe('knowledge-base embeddings', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let fake: FakeOpenAi;
  const ids: Record<string, string> = {};
  const PARAPHRASE = 'washer cleaning tips';

  const settings = async (patch: Record<string, unknown>) => {
    const body = {
      baseUrl: fake.url, model: 'fake-chat', timeoutMs: 5000, embeddings: false, agentChannels: ['webchat'], agentSchedule: 'always',
      maxTurns: 3, threshold: 0.35, handoffTeamId: null, handoffSegmentIds: [], ...patch,
    };
    const r = await api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await t.ctx.jobs.drain();
    return r.body;
  };
  const search = async (q: string) => {
    const semantic = await queryEmbedding(t.ctx, ws.workspaceId, q);
    return { semantic, hits: await searchKnowledge(t.ctx.db, ws.workspaceId, q, { publishedOnly: true, limit: 3, semantic }) };
  };
  const stored = () => t.ctx.db.query<{ article_id: string; chunk_no: number; model: string; vector: number[] }>('SELECT article_id, chunk_no, model, vector FROM kb_chunk_embeddings WHERE workspace_id = $1 ORDER BY article_id, chunk_no', [ws.workspaceId]);

  async function article(key: string, a: { lang?: string; title: string; body: string }) {
    const r = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', tags: [], status: 'published', ...a });
    expect(r.status).toBe(201);
    ids[key] = r.body.article.id;
    return r.body.article;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Ngữ nghĩa');
    fake = await startFakeOpenAi();
    await article('cleaning', { title: 'Vệ sinh lồng giặt', body: 'Mỗi tháng nên vệ sinh lồng giặt một lần.\n\nDùng chế độ vệ sinh lồng với nước nóng, không cần bột giặt.' });
    await article('returns', { title: 'Chính sách đổi trả', body: 'Đổi trả trong 7 ngày nếu sản phẩm lỗi do nhà sản xuất.' });
    await article('delivery', { lang: 'en', title: 'Delivery times', body: 'Orders arrive within 3 days in Hanoi and Ho Chi Minh City.' });
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await t.close();
  });
  beforeEach(() => {
    fake.embeddings = 'ok';
    fake.embeddingRequests.length = 0;
  });

  it('off: nothing is embedded and a paraphrase with no shared word finds nothing (BM25 alone)', async () => {
    await settings({ embeddings: false });
    expect(fake.embeddingRequests).toEqual([]);
    expect(await stored()).toEqual([]);
    const { semantic, hits } = await search(PARAPHRASE);
    expect(semantic).toBeNull();
    expect(hits.map((h) => h.article.id)).not.toContain(ids.cleaning);
  });

  it('on: a durable job embeds every article’s passages with the embedding model, stored as real[]; the paraphrase is found first', async () => {
    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    expect(fake.embeddingRequests.every((r) => r.model === 'fake-embed')).toBe(true);
    const rows = await stored();
    // Two passages for the cleaning article, one each for the others.
    expect(rows.filter((r) => r.article_id === ids.cleaning).map((r) => r.chunk_no)).toEqual([0, 1]);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.model === 'fake-embed' && r.vector.length === 256 && r.vector.every((x) => typeof x === 'number'))).toBe(true);

    const { semantic, hits } = await search(PARAPHRASE);
    expect(semantic?.model).toBe('fake-embed');
    expect(hits[0]?.article.id).toBe(ids.cleaning);
    expect(hits[0]?.confidence).toBeGreaterThan(0.35);
    // Words still count: a keyword question keeps its article first (found by both lists).
    expect((await search('chính sách đổi trả')).hits[0]?.article.id).toBe(ids.returns);
  });

  it('staff search, reply-box suggestions and the public help centre use the same hybrid retrieval', async () => {
    const slug = `ngu-nghia-${ws.workspaceId.slice(0, 8)}`;
    expect((await api(t, ws.admin.cookie, 'PUT', '/api/kb/help-centre', { slug, title: '', enabled: true })).status).toBe(200);
    const staff = async () => (await api(t, ws.admin.cookie, 'GET', `/api/kb/search?q=${encodeURIComponent(PARAPHRASE)}`)).body.items.map((h: { id: string }) => h.id);
    const pub = async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/public/help/${slug}/search?q=${encodeURIComponent(PARAPHRASE)}` });
      expect(r.statusCode).toBe(200);
      return (r.json().items as { title: string }[]).map((h) => h.title);
    };
    const c = await buildCustomer(t.ctx, ws.workspaceId);
    const ticket = await buildTicket(t.ctx, ws.workspaceId, { channel: 'email', customerId: c.id, body: PARAPHRASE }, { kind: 'customer', id: c.id, workspaceId: ws.workspaceId });
    const suggested = async () => (await api(t, ws.admin.cookie, 'GET', `/api/kb/suggestions?ticketId=${ticket.id}`)).body.items.map((h: { id: string }) => h.id);

    await settings({ embeddings: false });
    expect(await staff()).not.toContain(ids.cleaning);
    expect(await pub()).not.toContain('Vệ sinh lồng giặt');
    expect(await suggested()).not.toContain(ids.cleaning);

    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    fake.embeddingRequests.length = 0;
    expect((await staff())[0]).toBe(ids.cleaning);
    expect((await pub())[0]).toBe('Vệ sinh lồng giặt');
    expect((await suggested())[0]).toBe(ids.cleaning);
    // Each search embedded its question with the workspace's embedding model.
    expect(fake.embeddingRequests.filter((r) => r.input.includes(PARAPHRASE)).length).toBeGreaterThanOrEqual(3);

    // The endpoint failing leaves every search working, lexically.
    fake.embeddings = { status: 500 };
    expect(await staff()).not.toContain(ids.cleaning);
    expect(await pub()).not.toContain('Vệ sinh lồng giặt');
  });

  it('re-embeds only an article whose text changed; a deleted article’s passages go with it', async () => {
    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    const before = fake.embeddingRequests.length;
    const a = (await api(t, ws.admin.cookie, 'GET', `/api/kb/articles/${ids.returns}`)).body.article;
    const put = (body: string) => api(t, ws.admin.cookie, 'PUT', `/api/kb/articles/${ids.returns}`, { lang: a.lang, title: a.title, body, tags: a.tags, status: a.status, categoryId: null });
    expect((await put(a.body)).status).toBe(200);
    await t.ctx.jobs.drain();
    expect(fake.embeddingRequests.length).toBe(before);
    expect((await put('Đổi trả trong 7 ngày nếu sản phẩm lỗi.\n\nHoàn tiền trong 3 ngày làm việc.')).status).toBe(200);
    await t.ctx.jobs.drain();
    expect(fake.embeddingRequests.slice(before).flatMap((r) => r.input)).toEqual(['Chính sách đổi trả\nĐổi trả trong 7 ngày nếu sản phẩm lỗi.', 'Chính sách đổi trả\nHoàn tiền trong 3 ngày làm việc.']);
    // "reimbursement" shares no word with the article; the thesaurus of the fake's model links it to "hoàn tiền".
    expect((await search('reimbursement')).hits[0]?.article.id).toBe(ids.returns);

    const extra = await article('extra', { title: 'Bài tạm', body: 'Sẽ xoá.' });
    await t.ctx.jobs.drain();
    expect((await stored()).some((r) => r.article_id === extra.id)).toBe(true);
    expect((await api(t, ws.admin.cookie, 'DELETE', `/api/kb/articles/${extra.id}`)).status).toBe(204);
    expect((await stored()).some((r) => r.article_id === extra.id)).toBe(false);
  });

  it('falls back to BM25 alone when the endpoint fails (HTTP error, malformed answer) or is unreachable: no error', async () => {
    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    for (const mode of [{ status: 500 }, 'malformed'] as const) {
      fake.embeddings = mode;
      const { semantic, hits } = await search(PARAPHRASE);
      expect(semantic).toBeNull();
      expect(hits.map((h) => h.article.id)).not.toContain(ids.cleaning);
      expect((await search('vệ sinh lồng giặt')).hits[0]?.article.id).toBe(ids.cleaning);
    }
    fake.embeddings = 'ok';
    await settings({ embeddings: true, embeddingModel: 'fake-embed', baseUrl: 'http://127.0.0.1:9/v1' });
    expect((await search(PARAPHRASE)).semantic).toBeNull();
    // Another model than the stored passages': nothing to compare with, BM25 alone.
    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    const other = await searchKnowledge(t.ctx.db, ws.workspaceId, PARAPHRASE, { semantic: { model: 'other-model', vector: new Array(256).fill(1) } });
    expect(other.map((h) => h.article.id)).not.toContain(ids.cleaning);
  });

  it('the AI agent gives the model the passage the embeddings found', async () => {
    await settings({ embeddings: true, embeddingModel: 'fake-embed' });
    fake.requests.length = 0;
    fake.reply = () => ({ text: 'Dạ, anh/chị dùng chế độ vệ sinh lồng với nước nóng ạ.' });
    const c = await buildCustomer(t.ctx, ws.workspaceId);
    // No word in common with the article (and a neutral mood: "tips" reads as a complaint to the sentiment model).
    const question = 'how do I keep the laundry machine clean';
    expect((await searchKnowledge(t.ctx.db, ws.workspaceId, question, { publishedOnly: true })).map((h) => h.article.id)).not.toContain(ids.cleaning);
    await buildTicket(t.ctx, ws.workspaceId, { channel: 'webchat', customerId: c.id, body: question }, { kind: 'customer', id: c.id, workspaceId: ws.workspaceId });
    await t.ctx.jobs.drain();
    const agentCall = fake.requests.find((r) => r.tools?.length);
    expect(agentCall?.messages[0]?.content).toContain('Vệ sinh lồng giặt');
    const answer = await t.ctx.db.one<{ body: string }>(`SELECT body FROM messages WHERE customer_id = $1 AND direction = 'outbound'`, [c.id]);
    expect(answer.body).toMatch(/^Dạ, anh\/chị dùng chế độ vệ sinh lồng với nước nóng ạ\./);
  });
});
