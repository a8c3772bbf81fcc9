import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../shared/access';
import type { UnreadCounts } from '../shared/notifications';
import { visitorClient } from '../server/test/fixtures/webchat';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

declare global {
  interface Window {
    /** Oscillators started by the page (the notification chime is two). */
    __chimeTones?: number;
  }
}

/**
 * "No one hears a customer" (issue 10, item 1): an agent works on the customers page; a visitor starts
 * a chat through the website widget's API. The agent gets a toast, the chime, the tab title "(1) Tận Tâm"
 * and the unread badge on "Hộp thư"; opening the ticket reads it. The settings page "Thông báo" saves
 * per-kind switches. Desktop and phone screenshots.
 */
describe('notifications in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  let adminCookie = '';
  let agentCookie = '';
  let widgetKey = '';
  const pageErrors: string[] = [];

  /** A logged-in browser context for the agent at a size, counting the chime's tones. */
  async function agentPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN' });
    await context.addInitScript(() => {
      window.__chimeTones = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
        window.__chimeTones = (window.__chimeTones ?? 0) + 1;
        return start.apply(this, args);
      };
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, agent.email, agent.password);
    return { context, page };
  }

  /** Opens a page of the app and waits for its live connection (a push sent before it opens is not replayed). */
  async function openLive(page: Page, path: string) {
    await page.goto(`${server.url}${path}`);
    await page.getByText('Đang cập nhật trực tiếp').waitFor({ state: 'attached', timeout: 15_000 });
  }

  /** A visitor opens the chat on the shop's website and writes. */
  async function visitorWrites(name: string, body: string) {
    const visitor = visitorClient({ app: server.app, ctx: server.ctx, close: server.stop }, widgetKey);
    await visitor.start({ name });
    const r = await visitor.say(body);
    expect(r.status).toBe(201);
    return r.body as { ticketId?: string };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    adminCookie = setup.cookie!;
    const created = await http<{ user: User }>(server.url, 'POST', '/api/users', { cookie: adminCookie, body: { ...agent, role: 'agent', locale: 'vi' } });
    expect(created.status).toBe(201);
    agentCookie = (await http(server.url, 'POST', '/api/auth/login', { body: { email: agent.email, password: agent.password } })).cookie!;
    // Open around the clock, so the chat is live whenever the test runs.
    const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    expect((await http(server.url, 'PATCH', '/api/settings/workspace', { cookie: adminCookie, body: { businessHours: everyDay } })).status).toBe(200);
    const widget = await http<{ address?: string; account?: { address: string } }>(server.url, 'POST', '/api/channel-accounts', {
      cookie: adminCookie,
      body: { kind: 'webchat', name: 'Website hoasen.vn', config: { title: 'Hoa Sen hỗ trợ', language: 'vi', preChat: { name: 'required', phone: 'off', email: 'off' } } },
    });
    expect(widget.status).toBe(201);
    widgetKey = widget.data.account?.address ?? widget.data.address ?? '';
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an agent on the customers page hears a new chat: toast, chime, "(1) Tận Tâm", badge on Hộp thư', async () => {
    const { context, page } = await agentPage(1440, 900);
    await openLive(page, '/customers');
    expect(await page.title()).toBe('Tận Tâm');
    await expect.poll(() => page.evaluate(() => window.__chimeTones)).toBe(0);

    await visitorWrites('Phạm Thu Trang', 'Chào shop, máy lọc nước nhà em báo lỗi E2 ạ');

    const toast = page.getByTestId('toast-new_conversation');
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.innerText()).toContain('Cuộc trò chuyện mới · Phạm Thu Trang');
    expect(await toast.innerText()).toContain('máy lọc nước nhà em báo lỗi E2');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Tận Tâm');
    await expect.poll(() => page.getByTestId('nav-unread-badge').innerText()).toBe('1');
    // The chime: two tones.
    await expect.poll(() => page.evaluate(() => window.__chimeTones)).toBe(2);
    const counts = await http<UnreadCounts>(server.url, 'GET', '/api/notifications/unread', { cookie: agentCookie });
    expect(counts.data).toMatchObject({ unassigned: 1, forMe: 1 });
    await screenshot(page, 'notifications-01-toast-desktop');

    // The inbox shows the unread count on its "Chưa giao" view.
    await page.getByRole('link', { name: /Hộp thư/ }).click();
    await expect.poll(() => page.getByTestId('view-unread-unassigned').innerText(), { timeout: 10_000 }).toBe('1');
    await screenshot(page, 'notifications-02-inbox-unread');

    // A click on the toast opens the ticket, which reads it: the title and the badge count down.
    await openLive(page, '/customers');
    await visitorWrites('Hoàng Văn Nam', 'Shop ơi đơn hàng của em giao chưa?');
    const second = page.getByTestId('toast-new_conversation').filter({ hasText: 'Hoàng Văn Nam' });
    await second.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.title()).toBe('(2) Tận Tâm');
    await second.click();
    await page.waitForURL(/\/tickets\//);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Tận Tâm');
    await expect.poll(() => page.getByTestId('nav-unread-badge').innerText()).toBe('1');
    await context.close();
  }, 120_000);

  it('"Thông báo" in the user menu: per-kind switches saved for this user, permission asked only on a click', async () => {
    const { context, page } = await agentPage(1440, 900);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-notifications').click();
    await page.waitForURL(/\/notifications$/);
    await page.getByRole('heading', { name: 'Thông báo' }).waitFor();
    // Nothing asked on load: the browser's permission is still "default" and the page offers the button.
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    await page.getByRole('button', { name: 'Cho phép thông báo' }).waitFor();
    await screenshot(page, 'notifications-03-settings-desktop');

    const sound = page.getByLabel('Có cuộc trò chuyện mới — Âm thanh');
    expect(await sound.isChecked()).toBe(true);
    await sound.click({ force: true });
    await page.getByText('Đã lưu cài đặt thông báo').waitFor();
    const saved = await http<{ prefs: { new_conversation: { sound: boolean; toast: boolean } } }>(server.url, 'GET', '/api/notifications/prefs', { cookie: agentCookie });
    expect(saved.data.prefs.new_conversation).toMatchObject({ sound: false, toast: true });

    // Now a new chat shows the toast without the chime.
    await openLive(page, '/customers');
    await visitorWrites('Đỗ Minh Khoa', 'Cho em hỏi giờ mở cửa');
    await page.getByTestId('toast-new_conversation').filter({ hasText: 'Đỗ Minh Khoa' }).waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.evaluate(() => window.__chimeTones)).toBe(0);
    await context.close();
  }, 120_000);

  it('works at phone width: toast on screen, settings as cards, nothing wider than the screen', async () => {
    const { context, page } = await agentPage(390, 844);
    await openLive(page, '/customers');
    await visitorWrites('Vũ Thị Hạnh', 'Em muốn đổi size áo ạ');
    const toast = page.getByTestId('toast-new_conversation').filter({ hasText: 'Vũ Thị Hạnh' });
    await toast.waitFor({ timeout: 15_000 });
    // The toast slides in from the right edge: judge where it comes to rest, not a frame of the animation.
    await expect
      .poll(async () => {
        const box = await toast.boundingBox();
        return Boolean(box && box.x >= 0 && box.x + box.width <= 390);
      }, { timeout: 5_000 })
      .toBe(true);
    await expect.poll(() => page.title()).toMatch(/^\(\d+\) Tận Tâm$/);
    await screenshot(page, 'notifications-04-toast-phone');
    await page.goto(`${server.url}/notifications`);
    await page.getByLabel('Có người nhắc đến tôi trong ghi chú nội bộ — Màn hình máy tính').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'notifications-05-settings-phone');
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
