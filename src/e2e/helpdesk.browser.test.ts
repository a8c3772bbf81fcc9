import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ApiToken, User } from '../shared/access';
import type { InboundResultSchema } from '../shared/tickets';
import type { Browser } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

type InboundResult = z.infer<typeof InboundResultSchema>;

/**
 * The agents' app end to end: the real server with the built web app, seeded over HTTP the way an
 * installation and an integration would be, driven in Chromium by two agents at once.
 */
describe('agents web app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  let ticketId = '';
  let customerId = '';
  let token = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a first visitor to setup', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.waitForURL(/\/setup$/);
    await page.getByRole('button', { name: 'Tạo và bắt đầu' }).waitFor();
    await screenshot(page, '01-setup');
    await page.close();
  });

  it('seeds a workspace, an agent, a token and an inbound conversation over HTTP', async () => {
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!;
    const user = await http<{ user: User }>(server.url, 'POST', '/api/users', { cookie, body: { ...agent, role: 'agent', locale: 'vi' } });
    expect(user.status).toBe(201);
    const tok = await http<{ token: string; apiToken: ApiToken }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Zalo OA' } });
    expect(tok.status).toBe(201);
    token = tok.data.token;

    const inbound = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: {
        // Handed in by an integration (channel api: replies are recorded). A 'zalo' conversation now needs a
        // connected Zalo OA to answer into (zalo-messenger.browser.test.ts), else the reply box blocks it.
        channel: 'api',
        externalId: 'api-msg-1',
        from: { kind: 'phone', value: '+84 912 345 678', name: 'Nguyễn Văn An' },
        subject: 'Máy lọc nước báo lỗi E2',
        body: 'Chào shop, máy lọc nước tôi mua tháng trước báo lỗi E2 từ sáng nay. Tôi cần làm gì ạ?',
      },
    });
    expect(inbound.status).toBe(201);
    ticketId = inbound.data.ticketId;
    customerId = inbound.data.customerId;

    // A few more conversations so the inbox looks like a working day.
    const more = [
      { channel: 'email', from: { kind: 'email', value: 'thu.pham@gmail.com', name: 'Phạm Thị Thu' }, subject: 'Hỏi về chính sách đổi trả', body: '<p>Chào shop,</p><p>Tôi muốn <b>đổi size</b> áo đã mua. <script>alert(1)</script></p>', contentType: 'html' },
      { channel: 'messenger', from: { kind: 'messenger', value: 'psid-8812', name: 'Hoàng Đức Long' }, subject: 'Đơn hàng giao chậm', body: 'Đơn #DH10293 của mình đặt 5 ngày rồi chưa thấy giao.' },
      { channel: 'webchat', from: { kind: 'phone', value: '0987 654 321', name: 'Đỗ Thị Mai' }, subject: 'Tư vấn máy lọc nước cho gia đình 5 người', body: 'Nhà mình 5 người thì nên dùng loại nào ạ?' },
    ];
    const priorities = ['high', 'urgent', 'low'];
    for (const [i, m] of more.entries()) {
      const r = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', { token, body: { externalId: `seed-${i}`, ...m } });
      expect(r.status).toBe(201);
      const patch = { priority: priorities[i], ...(i === 1 ? { assigneeId: user.data.user.id, status: 'verified' } : {}) };
      expect((await http(server.url, 'PATCH', `/api/tickets/${r.data.ticketId}`, { cookie, body: patch })).status).toBe(200);
    }
    await http(server.url, 'POST', '/api/canned-replies', {
      cookie,
      body: { shortcut: 'chao', title: 'Lời chào', body: 'Dạ chào anh/chị {{customer.name}}, em là {{agent.name}} từ Cửa hàng Hoa Sen ạ.' },
    });
  });

  it('logs in, finds the customer by phone, and a reply shows up live for a colleague', async () => {
    const ctxA = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const ctxB = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(e.message));
    b.on('pageerror', (e) => errors.push(e.message));

    await a.goto(`${server.url}/login`);
    await a.locator('input[name="email"]').waitFor();
    await screenshot(a, '02-login');
    // A wrong password gets a readable Vietnamese message, not a code.
    await a.locator('input[name="email"]').fill(admin.email);
    await a.locator('input[name="password"]').fill('sai-mat-khau');
    await a.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => a.getByTestId('login-error').textContent()).toContain('Email hoặc mật khẩu không đúng');
    await loginThroughForm(a, server.url, admin.email, admin.password);
    await a.goto(`${server.url}/?view=all`);
    await a.getByTestId('inbox-row').first().waitFor();
    expect(await a.getByTestId('inbox-row').count()).toBe(4);
    await screenshot(a, '03-inbox');

    // A new conversation lands in the open inbox without a reload.
    await a.evaluate(() => (window.__inboxDocument = true));
    const fresh = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: { channel: 'zalo', externalId: 'zalo-live-1', from: { kind: 'phone', value: '0903 111 222', name: 'Vũ Quốc Huy' }, body: 'Shop ơi cho mình hỏi giờ mở cửa cuối tuần?' },
    });
    expect(fresh.status).toBe(201);
    await a.locator(`[data-ticket-id="${fresh.data.ticketId}"]`).waitFor({ timeout: 15_000 });
    expect(await a.getByTestId('inbox-row').count()).toBe(5);
    expect(await a.evaluate(() => window.__inboxDocument)).toBe(true);

    // The inbox search reads names without diacritics.
    await a.getByTestId('inbox-search').fill('hoang duc');
    await expect.poll(() => a.getByTestId('inbox-row').count()).toBe(1);
    expect(await a.getByTestId('inbox-row').first().textContent()).toContain('Hoàng Đức Long');
    await a.getByTestId('inbox-search').fill('');
    await expect.poll(() => a.getByTestId('inbox-row').count()).toBe(5);

    // Quick lookup: the phone typed the way people say it finds the +84 number.
    await a.getByTestId('quick-lookup').click();
    await a.getByTestId('quick-lookup-input').fill('0912345678');
    await a.getByTestId('quick-lookup-hit').first().waitFor();
    await expect.poll(() => a.getByTestId('quick-lookup-hit').first().textContent()).toContain('Nguyễn Văn An');
    await screenshot(a, '04-lookup');
    await a.keyboard.press('Enter');
    await a.waitForURL(new RegExp(`/customers/${customerId}$`));
    await a.getByText('Nguyễn Văn An').first().waitFor();
    await a.waitForTimeout(500);
    await screenshot(a, '05-customer-360');

    // The colleague opens the same ticket in another browser.
    await loginThroughForm(b, server.url, agent.email, agent.password);
    await b.goto(`${server.url}/tickets/${ticketId}`);
    await b.getByTestId('message').getByText('báo lỗi E2 từ sáng nay').waitFor();
    await b.evaluate(() => (window.__sameDocument = true));

    // The admin opens the ticket from the inbox and replies with Ctrl+Enter.
    await a.goto(`${server.url}/?view=all`);
    await a.locator(`[data-ticket-id="${ticketId}"]`).click();
    await a.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await a.getByTestId('customer-panel').waitFor();
    await screenshot(a, '06-ticket');
    // A canned reply comes back with this ticket's variables filled in.
    await a.getByTestId('canned-button').click();
    await a.getByText('Lời chào').click();
    await expect.poll(() => a.getByTestId('reply-input').inputValue()).toContain('Dạ chào anh/chị Nguyễn Văn An');
    await screenshot(a, '06b-ticket-canned');

    const reply = 'Dạ chào anh An, lỗi E2 là do lõi lọc cần thay. Em gửi kỹ thuật qua trong hôm nay ạ.';
    await a.getByTestId('reply-input').fill(reply);
    await a.getByTestId('reply-input').press('Control+Enter');
    await a.locator('[data-testid="message"][data-direction="outbound"]').getByText(reply).waitFor();

    // Live: it appears for the colleague without a reload.
    await b.locator('[data-testid="message"][data-direction="outbound"]').getByText(reply).waitFor({ timeout: 15_000 });
    expect(await b.evaluate(() => window.__sameDocument)).toBe(true);
    await screenshot(b, '07-ticket-live-colleague');

    // An internal note stays yellow and marked as such.
    await a.getByTestId('tab-note').click();
    await a.getByTestId('reply-input').fill('Khách mua ngày 12/10, còn bảo hành 11 tháng.');
    await a.getByTestId('send-button').click();
    await a.locator('[data-testid="message"][data-direction="note"]').first().waitFor();
    await screenshot(a, '08-ticket-note');

    // English switch.
    await a.locator('label').filter({ hasText: /^EN$/ }).click();
    await a.getByText('Ticket details').waitFor();
    await screenshot(a, '09-ticket-en');

    // Ctrl+K opens the lookup from anywhere, even from the reply box.
    await a.getByTestId('reply-input').press('Control+k');
    await a.getByTestId('quick-lookup-input').waitFor();
    await a.keyboard.press('Escape');

    // A phone-sized screen still gets a usable inbox.
    const phone = await ctxA.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/?view=all`);
    await phone.getByTestId('inbox-row').first().waitFor();
    await screenshot(phone, '10-inbox-mobile');

    expect(errors).toEqual([]);
    await ctxA.close();
    await ctxB.close();
  });
});
