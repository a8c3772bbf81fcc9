import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AssistantSettings } from '../shared/assistant';
import type { ChannelAccountDto } from '../shared/channels';
import { http as api, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm } from './support/browser';

const SHOTS = process.env.AI_SHOTS_DIR ?? '/tmp/shots/ai';
const W = (sel: string) => `tantam-widget ${sel}`;

/** A shop's page on another origin with the widget's snippet. */
function startShopSite(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Điện máy Tận Tâm</title></head>
<body style="font-family: sans-serif; padding: 24px"><h1>Điện máy Tận Tâm</h1><p>Máy lọc nước chính hãng, bảo hành 24 tháng.</p>
<script src="${url.searchParams.get('api')}/widget.js" data-tantam-widget="${url.searchParams.get('key')}" async></script></body></html>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) }));
  });
}

/**
 * Every AI message is marked as AI: the customer sees a badge with the workspace's label in the web
 * chat widget, the agent sees it in the thread; the label is set in Settings → AI assistant, where a
 * preview shows the prefix Zalo and Messenger get.
 */
describe('the AI label in the widget, the thread and the settings', () => {
  let server: RunningServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof startShopSite>>;
  let cookie: string;
  let key: string;
  /** The Vietnamese label as last saved (the settings test changes it). */
  let label = 'Bé Tâm';
  const admin = { name: 'Phạm Minh Châu', email: 'chau@nhan-ai.vn', password: 'mat-khau-quan-tri' };
  const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
  const shot = (page: Page, name: string, w: number, fullPage = true) => page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage });

  beforeAll(async () => {
    server = await startServer();
    shop = await startShopSite();
    browser = await launchBrowser();
    const setup = await api(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    expect((await api(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { businessHours: everyDay } })).status).toBe(200);
    const article = { lang: 'vi', title: 'Chính sách bảo hành máy lọc nước', body: '## Thời hạn\n\nMáy lọc nước được bảo hành **24 tháng** kể từ ngày giao hàng.', status: 'published', categoryId: null, tags: ['bảo hành'] };
    expect((await api(server.url, 'POST', '/api/kb/articles', { cookie, body: article })).status).toBe(201);
    const settings = await api(server.url, 'PUT', '/api/assistant/settings', {
      cookie,
      body: { baseUrl: null, model: null, timeoutMs: 5000, embeddings: false, agentChannels: ['webchat', 'zalo'], agentSchedule: 'always', maxTurns: 4, threshold: 0.1, handoffTeamId: null, handoffSegmentIds: [], aiLabelVi: 'Bé Tâm' },
    });
    expect(settings.status, JSON.stringify(settings.data)).toBe(200);
    const widget = await api<ChannelAccountDto>(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'webchat', name: 'Website', config: { title: 'Tận Tâm hỗ trợ', language: 'vi', allowedOrigins: [`http://localhost:${shop.port}`], preChat: { name: 'off', phone: 'off', email: 'off' } } },
    });
    expect(widget.status).toBe(201);
    key = widget.data.address;
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await server?.stop();
  });

  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    it(`the customer sees the AI's answer badged in the widget, the agent in the thread, at ${w}x${h}`, async () => {
      const visitor = await browser.newContext({ viewport: { width: w, height: h } });
      const v = await visitor.newPage();
      await v.goto(`http://localhost:${shop.port}/shop.html?key=${encodeURIComponent(key)}&api=${encodeURIComponent(server.url)}`);
      await v.locator(W('[data-testid="tt-bubble"]')).click();
      const input = v.locator(W('[data-testid="tt-input"]'));
      await input.fill('Máy lọc nước bảo hành bao lâu ạ?');
      await input.press('Enter');
      const answer = v.locator(W('[data-testid="tt-message"][data-ai="true"]'));
      await answer.waitFor({ timeout: 20_000 });
      expect(await answer.locator('.tt-author').textContent()).toBe(`${label} AI`);
      expect(await answer.locator('[data-testid="tt-ai-badge"]').textContent()).toBe('AI');
      const text = (await answer.locator('.tt-text').textContent()) ?? '';
      expect(text).toMatch(/24 tháng/);
      expect(text.startsWith('🤖')).toBe(false);
      // The article's Markdown is not shown raw to the customer.
      expect(text).not.toContain('**');
      await shot(v, 'widget-ai-answer', w, false);
      const messageId = (await answer.getAttribute('data-id'))!;
      await visitor.close();

      const { ticket_id: ticketId } = await server.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [messageId]);
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/tickets/${ticketId}`);
      const inThread = page.locator(`[data-testid="message"][data-message-id="${messageId}"]`);
      await inThread.getByTestId('message-ai-badge').waitFor();
      await inThread.getByText(label, { exact: true }).waitFor();
      await inThread.getByTestId('message-ai-badge').hover();
      await page.getByText(`Khách thấy tin này gắn nhãn “${label}”`, { exact: false }).waitFor();
      await inThread.scrollIntoViewIfNeeded();
      await shot(page, 'thread-ai-badge', w, false);
      await page.close();
    }, 120_000);

    it(`the label is edited in Settings → AI assistant with a preview of the Zalo prefix, at ${w}x${h}`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/settings/assistant`);
      const vi = page.getByTestId('ai-label-vi');
      await vi.waitFor();
      expect(await vi.inputValue()).toBe(label);
      expect(await page.getByTestId('ai-label-preview').textContent()).toBe(`🤖 ${label}: Dạ, máy lọc nước được bảo hành 24 tháng ạ.`);
      const next = w === 1440 ? 'Trợ lý ảo Tâm' : 'Bé Tâm';
      await page.getByTestId('ai-label-en').fill(w === 1440 ? 'Tam assistant' : '');
      await vi.fill(next);
      expect(await page.getByTestId('ai-label-preview').textContent()).toMatch(new RegExp(`^🤖 ${next}: `));
      await page.getByTestId('ai-label-vi').scrollIntoViewIfNeeded();
      await shot(page, 'settings-ai-label', w, false);
      await page.getByTestId('assistant-save').click();
      await expect
        .poll(async () => (await api<AssistantSettings>(server.url, 'GET', '/api/assistant/settings', { cookie })).data)
        .toMatchObject({ aiLabelVi: next, aiLabelEn: w === 1440 ? 'Tam assistant' : null });
      label = next;
      await page.close();
    }, 120_000);
  }
});
