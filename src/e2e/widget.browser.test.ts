import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccountDto } from '../shared/channels';
import type { Message } from '../shared/tickets';
import type { Browser, BrowserContext, Frame, Page, WebSocketRoute } from 'playwright-core';
import { http as api, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * The website chat widget end to end: a shop's page on ANOTHER origin embeds the built bundle with the
 * admin's snippet; a visitor chats with an agent who works in the real web app; the conversation
 * survives a dropped connection and a reload. A page on an origin the widget does not allow gets no widget.
 */

/** A stranger's website: its own origin, hostile global CSS, and the snippet. */
function startShopSite(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/shop.html') {
      res.writeHead(404).end();
      return;
    }
    const src = `${url.searchParams.get('api')}/widget.js`;
    const key = url.searchParams.get('key') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cửa hàng Hoa Sen — Máy lọc nước</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${new URL(src).origin}; connect-src 'self' ${new URL(src).origin} ${new URL(src).origin.replace(/^http/, 'ws')}; img-src 'self' ${new URL(src).origin}; style-src 'self' 'nonce-shop'">
<style nonce="shop">
  body { font-family: Georgia, serif; margin: 0; padding: 32px 40px; background: #fdf6e3; color: #333; }
  h1 { color: #7c2d12; }
  /* Rules a real site might have; none of them may reach into the widget. */
  button { background: lime !important; border: 6px solid red !important; font-size: 30px !important; }
  div, p { color: #b00 !important; }
  * { letter-spacing: 2px; }
</style></head>
<body>
  <h1>Cửa hàng Hoa Sen</h1>
  <p>Máy lọc nước chính hãng, giao nhanh trong 2 giờ tại Hà Nội và TP. Hồ Chí Minh.</p>
  <p>Bảo hành 24 tháng · Đổi trả trong 7 ngày · Hotline 1900 1234</p>
  <button type="button">Mua ngay</button>
  <script src="${src}" data-tantam-widget="${key}" async></script>
</body></html>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

const W = (sel: string) => `tantam-widget ${sel}`;

describe('website chat widget', () => {
  let server: RunningServer;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof startShopSite>>;
  let shopOrigin = '';
  let otherOrigin = '';
  let cookie = '';
  let key = '';
  let enKey = '';
  let ticketId = '';
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

  const shopUrl = (k: string, origin = shopOrigin) => `${origin}/shop.html?key=${encodeURIComponent(k)}&api=${encodeURIComponent(server.url)}`;
  const agentMessages = (p: Page | Frame) => p.locator(W('[data-testid="tt-message"][data-direction="agent"]'));

  beforeAll(async () => {
    // Agent replies go out through the delivery job, which runs by itself as in production.
    server = await startServer();
    shop = await startShopSite();
    // localhost and 127.0.0.1 are different origins: one is allowed, the other is not.
    shopOrigin = `http://localhost:${shop.port}`;
    otherOrigin = `http://127.0.0.1:${shop.port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await server?.stop();
  });

  it('is a small bundle (≤ 35 KB gzipped)', () => {
    const file = path.resolve('dist/widget/widget.js');
    const gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    console.log(`widget.js gzipped: ${(gz / 1024).toFixed(1)} KB`);
    expect(gz).toBeLessThanOrEqual(35 * 1024);
  });

  it('sets up a workspace, an agent and two widgets through the API', async () => {
    const setup = await api(server.url, 'POST', '/api/setup', {
      body: { workspaceName: 'Cửa hàng Hoa Sen', name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' },
    });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    expect((await api(server.url, 'POST', '/api/users', { cookie, body: { ...agent, role: 'agent', locale: 'vi' } })).status).toBe(201);
    // Open around the clock, so the chat is live whenever the test runs.
    expect((await api(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { businessHours: everyDay } })).status).toBe(200);

    const widget = await api<ChannelAccountDto>(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: {
        kind: 'webchat',
        name: 'Website hoasen.vn',
        config: {
          title: 'Hoa Sen hỗ trợ',
          greeting: 'Xin chào! Cửa hàng Hoa Sen có thể giúp gì cho anh/chị?',
          color: '#c2255c',
          language: 'vi',
          position: 'right',
          allowedOrigins: [shopOrigin],
          preChat: { name: 'required', phone: 'optional', email: 'optional' },
        },
      },
    });
    expect(widget.status).toBe(201);
    key = widget.data.address;
    const en = await api<ChannelAccountDto>(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: {
        kind: 'webchat',
        name: 'English site',
        config: { title: 'Hoa Sen Support', greeting: 'Hi! How can we help?', color: '#ffd43b', language: 'en', position: 'left', allowedOrigins: [shopOrigin], preChat: { name: 'off', phone: 'off', email: 'off' } },
      },
    });
    expect(en.status).toBe(201);
    enKey = en.data.address;
  });

  it('a page on a non-allowed origin gets no widget (the config call is refused)', async () => {
    // The server refuses that origin…
    const refused = await fetch(`${server.url}/api/widget/${key}/config`, { headers: { origin: otherOrigin } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { id: string } }).error.id).toBe('widget.origin_not_allowed');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // …so in the browser the config call fails (no CORS grant) and nothing is shown.
    const page = await browser.newPage();
    const configCall = new Promise<string>((resolve) => {
      page.on('requestfailed', (r) => r.url().includes(`/api/widget/${key}/config`) && resolve('failed'));
      page.on('response', (r) => r.url().includes(`/api/widget/${key}/config`) && resolve(String(r.status())));
    });
    await page.goto(shopUrl(key, otherOrigin));
    expect(['failed', '403']).toContain(await configCall);
    await page.waitForTimeout(500);
    expect(await page.locator('tantam-widget').count()).toBe(0);
    await page.close();
  });

  it('a visitor on the shop site chats live with an agent in the app, through a dropped connection and a reload', async () => {
    // A visitor in Vietnam (times on screen are the visitor's own).
    const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    const agentCtx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const v = await visitorCtx.newPage();
    const a = await agentCtx.newPage();
    const errors: string[] = [];
    v.on('pageerror', (e) => errors.push(`visitor: ${e.message}`));
    a.on('pageerror', (e) => errors.push(`agent: ${e.message}`));

    // A switchable network between the visitor and our server: sockets pass through until cut.
    const network = { down: false, socketsDown: false, sockets: [] as WebSocketRoute[] };
    await v.routeWebSocket(/\/api\/widget\/.*\/ws/, (ws) => {
      if (network.down || network.socketsDown) return void ws.close();
      network.sockets.push(ws, ws.connectToServer());
    });
    await v.route(`${server.url}/api/widget/**`, (route) => (network.down ? route.abort('internetdisconnected') : route.fallback()));

    await v.goto(shopUrl(key));
    await v.locator(W('[data-testid="tt-bubble"]')).waitFor();
    // The host page's CSS did not reach the bubble (its lime !important background).
    expect(await v.locator(W('[data-testid="tt-bubble"]')).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 37, 92)');
    await screenshot(v, 'widget-01-closed');

    // Pre-chat form: the required name is checked before anything is sent.
    await v.locator(W('[data-testid="tt-bubble"]')).click();
    const form = v.locator(W('[data-testid="tt-prechat"]'));
    await form.waitFor();
    expect(await v.locator(W('[data-testid="tt-greeting"]')).textContent()).toContain('Cửa hàng Hoa Sen có thể giúp gì');
    // Focus went into the panel (first field).
    expect(await v.evaluate(() => (document.querySelector('tantam-widget')!.shadowRoot!.activeElement as HTMLInputElement | null)?.name)).toBe('name');
    await form.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();
    await form.getByText('Vui lòng điền thông tin này.').waitFor();
    await form.getByLabel('Email').fill('hoa@');
    await form.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();
    await form.getByText('Email không hợp lệ.').waitFor();
    await screenshot(v, 'widget-02-prechat');
    await form.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await form.getByLabel('Email').fill('');
    // Looks like a number to the browser, but the server finds no such phone number: its 400 lands on the field.
    await form.getByLabel('Số điện thoại').fill('99999999');
    await form.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();
    await form.getByText('Số điện thoại không hợp lệ.').waitFor();
    expect(await form.getByLabel('Số điện thoại').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Số điện thoại').fill('0912 345 678');
    await form.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();

    // The visitor writes; Shift+Enter is a new line, Enter sends.
    const input = v.locator(W('[data-testid="tt-input"]'));
    await input.waitFor();
    await input.click();
    await input.pressSequentially('Chào shop, máy lọc nước nhà em báo lỗi E2.');
    await input.press('Shift+Enter');
    await input.pressSequentially('Em cần làm gì ạ?');
    await input.press('Enter');
    const mine = v.locator(W('[data-testid="tt-message"][data-direction="visitor"][data-id]'));
    await mine.first().waitFor();
    expect(await mine.first().textContent()).toContain('báo lỗi E2.\nEm cần làm gì ạ?');
    expect(await input.inputValue()).toBe('');

    // The agent finds the chat in the inbox and opens it.
    await loginThroughForm(a, server.url, agent.email, agent.password);
    await a.goto(`${server.url}/?view=all`);
    const row = a.getByTestId('inbox-row').filter({ hasText: 'Nguyễn Thị Hoa' });
    await row.first().waitFor({ timeout: 15_000 });
    ticketId = (await row.first().getAttribute('data-ticket-id'))!;
    await row.first().click();
    await a.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await a.getByTestId('message').getByText('báo lỗi E2').waitFor();

    // Typing shows both ways. The agent's page subscribes to the ticket's live topic only after it
    // loaded, and the widget sends at most one typing signal per 2 s: keep typing until it shows.
    for (let attempt = 0; ; attempt++) {
      await input.pressSequentially('Dạ');
      try {
        await a.getByTestId('visitor-typing').waitFor({ timeout: 3_000 });
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
    await a.getByTestId('reply-input').pressSequentially('Dạ chào chị Hoa');
    await v.locator(W('[data-testid="tt-typing"]')).getByText(/đang nhập…/).waitFor({ timeout: 10_000 });
    await input.fill('');

    // The agent answers; the visitor sees it live, and it gets acknowledged as delivered.
    const reply1 = 'Dạ chào chị Hoa, lỗi E2 là do lõi lọc cần thay. Em gửi kỹ thuật qua trong hôm nay ạ.';
    await a.getByTestId('reply-input').fill(reply1);
    await a.getByTestId('reply-input').press('Control+Enter');
    await agentMessages(v).filter({ hasText: 'lõi lọc cần thay' }).waitFor({ timeout: 15_000 });
    expect(await agentMessages(v).first().textContent()).toContain(agent.name);
    await expect
      .poll(async () => {
        const r = await api<{ messages: Message[] }>(server.url, 'GET', `/api/tickets/${ticketId}/messages`, { cookie });
        const m = r.data.messages.find((x) => x.body === reply1);
        return m?.deliveryStatus;
      }, { timeout: 15_000 })
      .toBe('delivered');
    await screenshot(v, 'widget-03-conversation');

    // A file: an image goes up and comes back as a thumbnail; a forbidden type is refused at once.
    // A real picture: a piece of the agent's screen.
    const png = await a.screenshot({ clip: { x: 0, y: 0, width: 360, height: 220 } });
    await v.locator(W('[data-testid="tt-file"]')).setInputFiles({ name: 'loi-e2.png', mimeType: 'image/png', buffer: png });
    await v.locator(W('[data-testid="tt-message"][data-id] img[alt="loi-e2.png"]')).waitFor({ timeout: 15_000 });
    await v.locator(W('[data-testid="tt-file"]')).setInputFiles({ name: 'virus.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await v.locator(W('[data-testid="tt-composer-error"]')).getByText('Loại tệp này không được phép gửi.').waitFor();

    // A send whose answer is lost in the network (and the socket is down too, so nothing else tells
    // the widget it arrived): the automatic retry reuses the clientId, the server stores it once, and
    // the widget shows it once — also after the socket's catch-up brings it again.
    network.socketsDown = true;
    for (const ws of network.sockets.splice(0)) await ws.close();
    let dropped = 0;
    await v.route(`${server.url}/api/widget/*/messages`, async (route) => {
      if (route.request().method() === 'POST' && dropped === 0) {
        dropped++;
        await route.fetch(); // reaches the server…
        await route.abort('connectionreset'); // …but the browser never hears back
      } else await route.fallback();
    });
    await input.fill('Chị ở số 12 Hàng Bạc, Hoàn Kiếm.');
    await input.press('Enter');
    const address = v.locator(W('[data-testid="tt-message"]')).filter({ hasText: 'số 12 Hàng Bạc' });
    await address.and(v.locator(W('[data-status="failed"]'))).waitFor({ timeout: 10_000 });
    await address.and(v.locator(W('[data-id]'))).waitFor({ timeout: 20_000 });
    expect(dropped).toBe(1);
    network.socketsDown = false;
    await v.locator(W('[data-testid="tt-reconnecting"]')).waitFor({ state: 'hidden', timeout: 30_000 });
    expect(await address.count()).toBe(1);
    const thread = await api<{ messages: Message[] }>(server.url, 'GET', `/api/tickets/${ticketId}/messages`, { cookie });
    expect(thread.data.messages.filter((m) => m.body.includes('số 12 Hàng Bạc'))).toHaveLength(1);
    await v.unroute(`${server.url}/api/widget/*/messages`);

    // The network drops (socket closed, HTTP failing); the agent writes meanwhile; once back, the
    // catch-up (after=<last seq>) brings the missed answer, once.
    network.down = true;
    for (const ws of network.sockets.splice(0)) await ws.close();
    await v.locator(W('[data-testid="tt-reconnecting"]')).waitFor({ state: 'visible', timeout: 10_000 });
    const reply2 = 'Dạ em ghi nhận địa chỉ rồi ạ, kỹ thuật sẽ qua lúc 15 giờ.';
    await a.getByTestId('reply-input').fill(reply2);
    await a.getByTestId('reply-input').press('Control+Enter');
    await a.locator('[data-testid="message"][data-direction="outbound"]').getByText(reply2).waitFor();
    await v.waitForTimeout(1500);
    expect(await agentMessages(v).filter({ hasText: 'kỹ thuật sẽ qua lúc 15 giờ' }).count()).toBe(0);
    await screenshot(v, 'widget-04-reconnecting');
    network.down = false;
    await agentMessages(v).filter({ hasText: 'kỹ thuật sẽ qua lúc 15 giờ' }).waitFor({ timeout: 20_000 });
    await v.locator(W('[data-testid="tt-reconnecting"]')).waitFor({ state: 'hidden' });
    expect(await agentMessages(v).count()).toBe(2);

    // Closed panel: a new answer shows as unread on the bubble; Esc closed it and focus went back to the bubble.
    await v.keyboard.press('Escape');
    await v.locator(W('[data-testid="tt-panel"]')).waitFor({ state: 'hidden' });
    expect(await v.evaluate(() => (document.querySelector('tantam-widget')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.testid)).toBe('tt-bubble');
    await a.getByTestId('reply-input').fill('Chị cần thêm gì cứ nhắn em nhé. Hướng dẫn thay lõi: https://hoasen.vn/huong-dan/thay-loi.');
    await a.getByTestId('reply-input').press('Control+Enter');
    await v.locator(W('[data-testid="tt-badge"]')).getByText('1').waitFor({ timeout: 15_000 });
    expect(await v.locator(W('[data-testid="tt-bubble"]')).getAttribute('aria-label')).toContain('1 tin nhắn mới');
    await screenshot(v, 'widget-05-unread');

    // A reload: the returning visitor (token kept per widget) sees the whole conversation.
    const before = await v.locator(W('[data-testid="tt-message"][data-id]')).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
    await v.reload();
    await v.locator(W('[data-testid="tt-bubble"]')).click();
    await agentMessages(v).nth(2).waitFor({ timeout: 15_000 });
    const after = await v.locator(W('[data-testid="tt-message"][data-id]')).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect(after).toEqual(before);
    expect(await v.locator(W('[data-testid="tt-prechat"]')).count()).toBe(0);
    expect(await v.locator(W('[data-testid="tt-badge"]')).isHidden()).toBe(true);
    // Addresses in a message are links (the full stop after it is not part of it).
    expect(await agentMessages(v).nth(2).locator('a').getAttribute('href')).toBe('https://hoasen.vn/huong-dan/thay-loi');

    // A phone: the panel takes the whole screen.
    const phone = await visitorCtx.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(shopUrl(key));
    await phone.locator(W('[data-testid="tt-bubble"]')).click();
    await agentMessages(phone).nth(2).waitFor({ timeout: 15_000 });
    const box = await phone.locator(W('[data-testid="tt-panel"]')).boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    await screenshot(phone, 'widget-06-mobile');

    // The visitor ends the chat; the widget says so.
    await phone.locator(W('[data-testid="tt-end"]')).click();
    await phone.locator(W('[data-testid="tt-ended"]')).waitFor();
    await phone.locator(W('[data-testid="tt-end"]')).waitFor({ state: 'hidden' });

    // A token the server does not know (another browser's, or a deleted visitor) reads nothing: back to the form.
    await phone.evaluate((k) => localStorage.setItem(`tantam-widget:${k}`, JSON.stringify({ token: 'wv_not-a-real-token' })), key);
    await phone.reload();
    await phone.locator(W('[data-testid="tt-bubble"]')).click();
    await phone.locator(W('[data-testid="tt-prechat"]')).waitFor();
    expect(await phone.locator(W('[data-testid="tt-message"]')).count()).toBe(0);

    expect(errors).toEqual([]);
    await visitorCtx.close();
    await agentCtx.close();
  });

  it('outside business hours says when the team is back and takes a message (no email asked without a mailbox)', async () => {
    // Open only on a weekday that is not today (in the workspace's zone): closed now.
    const today = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', weekday: 'short' }).format(new Date()).toLowerCase().slice(0, 3);
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const openDay = days[(days.indexOf(today) + 2) % 7];
    expect((await api(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { businessHours: { [openDay]: [['08:00', '17:30']] } } })).status).toBe(200);

    const ctx: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    const v = await ctx.newPage();
    await v.goto(shopUrl(key));
    await v.locator(W('[data-testid="tt-bubble"]')).click();
    const offline = v.locator(W('[data-testid="tt-offline"]'));
    await offline.waitFor();
    expect(await offline.textContent()).toMatch(/Chúng tôi sẽ quay lại lúc \d{2}\/\d{2}\/\d{4} 08:00\./);
    const form = v.locator(W('[data-testid="tt-offline-form"]'));
    // This workspace has no mailbox: the answer comes back in the chat, so no email is demanded (the
    // widget's own optional pre-chat email may stay; the message below goes without one).
    await form.getByText('chúng tôi sẽ trả lời ngay trong khung chat này').waitFor();
    expect(await form.locator('input[required][name="email"], input[aria-required="true"][name="email"]').count()).toBe(0);
    await form.getByLabel('Họ và tên').fill('Phạm Văn Nam');
    await form.getByRole('button', { name: 'Gửi lời nhắn' }).click();
    await form.getByText('Vui lòng điền thông tin này.').waitFor();
    await form.getByLabel('Lời nhắn').fill('Tôi muốn đặt 2 máy lọc nước cho văn phòng, báo giá giúp tôi.');
    await screenshot(v, 'widget-07-offline');
    await form.getByRole('button', { name: 'Gửi lời nhắn' }).click();
    await v.locator(W('[data-testid="tt-offline-thanks"]')).getByText('trả lời trong khung chat này').waitFor();
    await screenshot(v, 'widget-08-offline-sent');

    // The message is in the inbox under the visitor's name.
    const found = await api(server.url, 'GET', `/api/customers?q=${encodeURIComponent('Phạm Văn Nam')}`, { cookie });
    expect(JSON.stringify(found.data)).toContain('Phạm Văn Nam');

    // The English widget (no pre-chat fields, bubble on the left) speaks English.
    const en = await ctx.newPage();
    await en.goto(shopUrl(enKey));
    await en.locator(W('[data-testid="tt-bubble"]')).click();
    await en.locator(W('[data-testid="tt-offline"]')).getByText(/We will be back at \d{2}\/\d{2}\/\d{4} 08:00\./).waitFor();
    expect(await en.locator(W('[data-testid="tt-close"]')).getAttribute('aria-label')).toBe('Close chat');
    await screenshot(en, 'widget-09-offline-en');
    await ctx.close();
  });
});
