import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AssistantSettings, EmbeddingsStatus } from '../shared/assistant';
import { http as api, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm } from './support/browser';
import { startFakeOpenAi, type FakeOpenAi } from '../server/test/fakes/openai/server.js';

const SHOTS = process.env.AI_SHOTS_DIR ?? '/tmp/shots/ai';

/**
 * Settings → AI assistant against a model server that speaks the OpenAI contract (the local fake):
 * the embeddings card (model, articles and passages embedded, last run; test; re-embed as a job;
 * off), and the hand-off team and "always people" segments saved from the page.
 */
describe('Settings → AI assistant: embeddings and hand-off', () => {
  let server: RunningServer;
  let browser: Browser;
  let fake: FakeOpenAi;
  let cookie: string;
  let teamId: string;
  let segmentId: string;
  const admin = { name: 'Phạm Minh Châu', email: 'chau@embed.vn', password: 'mat-khau-quan-tri' };
  const shot = (page: Page, name: string, w: number, fullPage = true) => page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage });
  const status = async () => (await api<EmbeddingsStatus>(server.url, 'GET', '/api/assistant/embeddings', { cookie })).data;
  const settings = async () => (await api<AssistantSettings>(server.url, 'GET', '/api/assistant/settings', { cookie })).data;

  beforeAll(async () => {
    server = await startServer();
    fake = await startFakeOpenAi();
    browser = await launchBrowser();
    const setup = await api(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    teamId = (await api<{ team: { id: string } }>(server.url, 'POST', '/api/teams', { cookie, body: { name: 'Chăm sóc khách VIP' } })).data.team.id;
    const seg = await api<{ segment: { id: string } }>(server.url, 'POST', '/api/segments', { cookie, body: { name: 'Khách VIP', description: '', rule: { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }] } } });
    expect(seg.status, JSON.stringify(seg.data)).toBe(201);
    segmentId = seg.data.segment.id;
    for (const a of [
      { lang: 'vi', title: 'Chính sách bảo hành máy lọc nước', body: '## Thời hạn\n\nMáy lọc nước được bảo hành **24 tháng** kể từ ngày giao hàng.\n\n## Lõi lọc\n\nLõi lọc thay mỗi 6 tháng.', status: 'published', categoryId: null, tags: [] },
      { lang: 'vi', title: 'Cách vệ sinh điều hoà tại nhà', body: 'Tắt nguồn, tháo lưới lọc, rửa bằng nước sạch và phơi khô trước khi lắp lại.', status: 'published', categoryId: null, tags: [] },
    ]) {
      expect((await api(server.url, 'POST', '/api/kb/articles', { cookie, body: a })).status).toBe(201);
    }
    const saved = await api(server.url, 'PUT', '/api/assistant/settings', {
      cookie,
      body: { baseUrl: fake.url, model: 'fake-model', timeoutMs: 5000, embeddings: true, embeddingModel: 'fake-embed', agentChannels: ['webchat'], agentSchedule: 'always', maxTurns: 4, threshold: 0.35, handoffTeamId: null, handoffSegmentIds: [] },
    });
    expect(saved.status, JSON.stringify(saved.data)).toBe(200);
    // Articles saved before the switch was on: the re-embed job brings them in.
    expect((await api(server.url, 'POST', '/api/assistant/embeddings/reembed', { cookie, body: {} })).status).toBe(202);
    for (let i = 0; (await status()).embedded < 2 || (await status()).running; i++) {
      if (i > 120) throw new Error('the articles were not embedded in 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await server?.stop();
  });

  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    it(`shows what is embedded, tests the endpoint, re-embeds as a job, and saves the hand-off team and segments, at ${w}x${h}`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/settings/assistant`);
      const card = page.getByTestId('embeddings-card');
      await card.getByTestId('embeddings-status').and(page.locator('[data-model="fake-embed"]')).waitFor();
      expect(await card.getByTestId('embeddings-articles').textContent()).toBe('2/2');
      const before = await status();
      expect(Number(await card.getByTestId('embeddings-passages').textContent())).toBe(before.passages);
      expect(before.passages).toBeGreaterThanOrEqual(2);

      await card.getByTestId('embeddings-test').click();
      const result = card.getByTestId('embeddings-test-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/^Được: fake-embed, vector 256 chiều \(\d+ ms\)$/);

      const calls = fake.embeddingRequests.length;
      await card.getByTestId('embeddings-reembed').click();
      await page.getByText(/Đã xếp lịch mã hoá lại|Đã có một lượt mã hoá lại/).first().waitFor();
      await expect.poll(async () => (await status()).running, { timeout: 30_000 }).toBe(false);
      expect(fake.embeddingRequests.length).toBeGreaterThan(calls);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'settings-embeddings', w, false);

      // Hand-off: the team and the VIP segment, picked and saved.
      await page.getByTestId('handoff-team').click();
      await page.getByRole('option', { name: 'Chăm sóc khách VIP' }).click();
      await page.getByTestId('handoff-segments').click();
      await page.getByRole('option', { name: 'Khách VIP' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('handoff-team').scrollIntoViewIfNeeded();
      await shot(page, 'settings-handoff', w, false);
      await page.getByTestId('assistant-save').click();
      await expect.poll(async () => settings(), { timeout: 10_000 }).toMatchObject({ handoffTeamId: teamId, handoffSegmentIds: [segmentId], embeddings: true });
      await shot(page, 'settings-assistant-full', w);

      if (w === 390) {
        // Off: the card says search is by keywords; the re-embed button has nothing to do.
        await page.getByTestId('embeddings-enabled').click({ force: true });
        await page.getByTestId('assistant-save').click();
        await expect.poll(async () => (await settings()).embeddings).toBe(false);
        await card.locator('[data-testid="embeddings-status"][data-model=""]').waitFor();
        expect(await card.getByTestId('embeddings-reembed').isDisabled()).toBe(true);
        // The hand-off choices stayed.
        expect(await settings()).toMatchObject({ handoffTeamId: teamId, handoffSegmentIds: [segmentId] });
      } else {
        // Take the choices back so the phone run picks them again.
        const s = await settings();
        const r = await api(server.url, 'PUT', '/api/assistant/settings', { cookie, body: { ...s, handoffTeamId: null, handoffSegmentIds: [] } });
        expect(r.status, JSON.stringify(r.data)).toBe(200);
      }
      await page.close();
    }, 120_000);
  }
});
