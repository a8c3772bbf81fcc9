import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccountDto } from '../shared/channels';
import type { Browser } from 'playwright-core';
import { http as api, startServer, type RunningServer } from './support/server';
import { launchBrowser, screenshot } from './support/browser';

/**
 * A CSAT survey in the chat widget: the visitor's chat ticket is resolved, the delayed survey job
 * comes due, and the visitor sees score buttons in the widget on the shop's page (another origin),
 * clicks one (the answer endpoint records it), then adds a comment.
 */

function startShop(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const src = `${url.searchParams.get('api')}/widget.js`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head>
<body style="font-family: Georgia, serif; background: #fdf6e3"><h1>Cửa hàng Hoa Sen</h1>
<script src="${src}" data-tantam-widget="${url.searchParams.get('key')}" async></script></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) })),
  );
}

const W = (sel: string) => `tantam-widget ${sel}`;

describe('survey buttons in the chat widget', () => {
  let server: RunningServer;
  let shop: Awaited<ReturnType<typeof startShop>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    shop = await startShop();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await server?.stop();
  });

  it('the visitor rates the chat with one click and adds a comment', async () => {
    const setup = await api(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' } });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!;
    const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    expect((await api(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { businessHours: everyDay } })).status).toBe(200);
    const widget = await api<ChannelAccountDto>(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'webchat', name: 'Website', config: { title: 'Hoa Sen hỗ trợ', color: '#c2255c', language: 'vi', preChat: { name: 'required', phone: 'off', email: 'off' } } },
    });
    expect(widget.status).toBe(201);

    const ctx = await browser.newContext({ viewport: { width: 1100, height: 820 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const v = await ctx.newPage();
    const errors: string[] = [];
    v.on('pageerror', (e) => errors.push(e.message));
    await v.goto(`http://localhost:${shop.port}/?key=${encodeURIComponent(widget.data.address)}&api=${encodeURIComponent(server.url)}`);
    await v.locator(W('[data-testid="tt-bubble"]')).click();
    const form = v.locator(W('[data-testid="tt-prechat"]'));
    await form.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await form.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();
    const box = v.locator(W('[data-testid="tt-input"]'));
    await box.fill('Máy lọc nước giao khi nào ạ?');
    await box.press('Enter');
    await v.locator(W('[data-testid="tt-message"][data-direction="visitor"]:not([data-status])')).first().waitFor();

    // The agent resolves the chat's ticket; its survey job waits for the template's delay.
    const ticket = await server.ctx.db.one<{ id: string }>(`SELECT id FROM tickets WHERE channel = 'webchat' ORDER BY created_at DESC LIMIT 1`);
    expect((await api(server.url, 'PATCH', `/api/tickets/${ticket.id}`, { cookie, body: { status: 'resolved' } })).status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const n = await server.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'surveys.send' AND data->>'ticketId' = $1`, [ticket.id]);
      if (n.n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Time passes: the job is due now, the workers send it and the socket pushes it to the widget.
    await server.ctx.db.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'surveys.send' AND state = 'created'`);

    const survey = v.locator(W('[data-testid="tt-survey"]'));
    await survey.waitFor({ timeout: 15_000 });
    const options = survey.locator('.tt-survey-opt');
    expect(await options.allTextContents()).toEqual(['5★ Rất hài lòng', '4★ Hài lòng', '3★ Bình thường', '2★ Không hài lòng', '1★ Tệ']);
    await screenshot(v, 'survey-widget-01-buttons');

    await survey.getByRole('button', { name: '5★ Rất hài lòng' }).click();
    await survey.getByTestId('tt-survey-thanks').waitFor();
    expect(await survey.getByTestId('tt-survey-thanks').textContent()).toBe('Cảm ơn anh/chị đã đánh giá!');
    await survey.getByTestId('tt-survey-comment').fill('Nhân viên tư vấn rất nhiệt tình.');
    await screenshot(v, 'survey-widget-02-comment');
    await survey.getByTestId('tt-survey-send').click();
    await survey.getByText('Đã nhận góp ý. Cảm ơn anh/chị!').waitFor();

    const answer = await server.ctx.db.one<{ score: number; comment: string; channel: string; ticket_id: string }>('SELECT score, comment, channel, ticket_id FROM survey_answers');
    expect(answer).toEqual({ score: 5, comment: 'Nhân viên tư vấn rất nhiệt tình.', channel: 'webchat', ticket_id: ticket.id });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
