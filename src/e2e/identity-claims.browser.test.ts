import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * Issue 9 §2 in the agent's browser: a chat visitor who typed one customer's phone and another's email
 * lands on their own profile; the ticket's customer panel shows both as unverified, each with the
 * profile that has it; "Xác nhận là khách hàng …" merges the chat into that profile.
 */
describe('identity claims in the ticket', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Võ Thị Hạnh', email: 'hanh@claims-demo.vn', password: 'mat-khau-quan-tri' };
  let cookie = '';
  let ticketId = '';

  beforeAll(async () => {
    server = await startServer({ workers: false });
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Mai', ...admin } });
    cookie = setup.cookie!;
    const hours = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
    expect((await http(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { businessHours: hours } })).status).toBe(200);
    expect((await http(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Nguyễn Văn An', phone: '0912000111' } })).status).toBe(201);
    expect((await http(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Trần Thị Bích', email: 'bich@example.vn' } })).status).toBe(201);
    const acc = await http<{ account?: { address: string }; address?: string }>(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'webchat', name: 'Website', config: { preChat: { name: 'optional', phone: 'optional', email: 'optional' } } },
    });
    const key = (acc.data.account ?? acc.data).address!;
    const s = await http<{ visitorToken: string }>(server.url, 'POST', `/api/widget/${key}/sessions`, { body: { name: 'Khách Lạ', phone: '0912 000 111', email: 'bich@example.vn' } });
    const res = await fetch(`${server.url}/api/widget/${key}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': s.data.visitorToken },
      body: JSON.stringify({ clientId: crypto.randomUUID(), body: 'Cho tôi xem đơn hàng của tôi' }),
    });
    expect(res.status).toBe(201);
    const inbox = await http<{ items: { id: string; channel: string }[] }>(server.url, 'GET', '/api/tickets', { cookie });
    ticketId = inbox.data.items.find((x) => x.channel === 'webchat')!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    it(`shows what the visitor typed as unverified, with the profiles that have it (${width} px)`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height }, timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/tickets/${ticketId}`);
      const claims = page.getByTestId('identity-claims');
      await claims.waitFor();
      await expect.poll(() => claims.textContent()).toContain('Thông tin khách tự nhập (chưa xác minh)');
      const text = (await claims.textContent()) ?? '';
      expect(text).toContain('bich@example.vn');
      expect(text).toContain('Xác nhận là khách hàng Nguyễn Văn An');
      expect(text).toContain('Xác nhận là khách hàng Trần Thị Bích');
      await claims.scrollIntoViewIfNeeded();
      await screenshot(page, `identity-claims-${width}`);
      expect(errors).toEqual([]);
      await ctx.close();
    });
  }

  it('"Xác nhận là khách hàng Nguyễn Văn An" merges the chat into that profile', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.getByRole('button', { name: 'Xác nhận là khách hàng Nguyễn Văn An' }).click();
    await page.getByText('Đã gộp cuộc trò chuyện vào hồ sơ Nguyễn Văn An').waitFor();
    const ticket = await http<{ ticket: { customerId?: string; customer?: { id: string; name: string } } }>(server.url, 'GET', `/api/tickets/${ticketId}`, { cookie });
    expect(JSON.stringify(ticket.data.ticket)).toContain('Nguyễn Văn An');
    await screenshot(page, 'identity-claims-confirmed');
    await ctx.close();
  });
});
