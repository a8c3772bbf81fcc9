import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';
import { startSmtpSink } from '../server/test/fixtures/email';
import type { NoticeList, NoticeSettings } from '../shared/notices';

/** Screenshots to look at (1440×900 and 390×844), besides the suite's own folder. */
const SHOTS = process.env.NOTICES_SHOTS_DIR ?? '/tmp/shots/notices';

/**
 * Order notices end to end: orders change status over the API, notices go out by email (a local SMTP
 * sink) or are skipped with their reason; the settings page edits a template with a live preview and
 * saves; the log shows each notice's state; the 360 shows the notice in the timeline and the agent's
 * subscription switch.
 */
describe('order notices: settings page, log and the 360', () => {
  let server: RunningServer;
  let browser: Browser;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let cookie = '';
  const admin = { name: 'Lê Thu Trang', email: 'trang@dienmay-notices.vn', password: 'mat-khau-quan-tri' };
  const ids: Record<string, string> = {};

  async function order(code: string, status: string, customer: Record<string, string>) {
    const r = await http(server.url, 'PUT', `/api/orders/api/${code}`, {
      cookie,
      body: {
        status,
        customer,
        orderedAt: new Date(Date.now() - 3600_000).toISOString(),
        updatedAt: new Date().toISOString(),
        carrier: 'Giao Hàng Nhanh',
        items: [{ sku: 'TL-PANA-322', name: 'Tủ lạnh Panasonic 322L', quantity: 1, unitPrice: 12_490_000 }],
      },
    });
    expect(r.status, JSON.stringify(r.data)).toBeLessThan(300);
  }

  async function settings(change: (s: NoticeSettings) => NoticeSettings) {
    const cur = await http<{ settings: NoticeSettings }>(server.url, 'GET', '/api/notices/settings', { cookie });
    const r = await http(server.url, 'PUT', '/api/notices/settings', { cookie, body: change(cur.data.settings) });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Kim Sơn', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const mb = await http(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'email', name: 'CSKH', config: { inbound: 'forward', displayName: 'Điện máy Kim Sơn', address: 'donhang@kimson.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } }, secrets: {} },
    });
    expect(mb.status, JSON.stringify(mb.data)).toBe(201);
    await settings((s) => ({ ...s, quietHours: { ...s.quietHours, enabled: false } }));
    await order('DH-2001', 'confirmed', { email: 'hoa.nguyen@khach.vn', name: 'Nguyễn Thị Hoa' });
    await order('DH-2001', 'shipping', { email: 'hoa.nguyen@khach.vn', name: 'Nguyễn Thị Hoa' });
    await order('DH-2002', 'confirmed', { phone: '+12025550143', name: 'John Carter' });
    await order('DH-2003', 'cancelled', { email: 'minh.tran@khach.vn', name: 'Trần Văn Minh' });
    // One waiting for the end of quiet hours.
    await settings((s) => ({ ...s, quietHours: { enabled: true, start: '00:00', end: '23:59' } }));
    await order('DH-2004', 'confirmed', { email: 'lan.pham@khach.vn', name: 'Phạm Thị Lan' });
    await settings((s) => ({ ...s, quietHours: { enabled: true, start: '21:00', end: '08:00' } }));
    // The delivery workers send the queued mails (hooks cannot use expect.poll).
    for (let i = 0; i < 60; i++) {
      if ((await http<NoticeList>(server.url, 'GET', '/api/notices?display=sent', { cookie })).data.items.length >= 3) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const c = await http<{ items: { id: string; name: string }[] }>(server.url, 'GET', '/api/customers?q=Hoa', { cookie });
    ids.hoa = c.data.items.find((x) => x.name === 'Nguyễn Thị Hoa')!.id;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  async function newPage(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width, height }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginThroughForm(page, server.url, admin.email, admin.password);
    return { page, errors };
  }

  async function shot(page: Page, name: string) {
    await screenshot(page, name);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  it('edits a template with a live preview, switches a status on and saves; the log shows each state', async () => {
    const { page, errors } = await newPage(1440, 900);
    await page.goto(`${server.url}/settings/notices`);
    await page.getByRole('heading', { name: 'Theo trạng thái đơn' }).waitFor();
    const preview = page.getByTestId('notice-preview-shipping');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('DH10245');
    expect(await preview.textContent()).toContain('Giao Hàng Tiết Kiệm');
    const area = page.getByRole('textbox', { name: 'Đang giao · Tiếng Việt' });
    await area.fill('Đơn {{order_code}} của {{customer_name}} đang trên đường giao.');
    await expect.poll(() => preview.textContent()).toContain('Đơn DH10245 của Nguyễn Thị Lan đang trên đường giao.');
    await page.getByRole('switch', { name: 'Đã thanh toán' }).click({ force: true });
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu cài đặt thông báo').waitFor();
    const saved = await http<{ settings: NoticeSettings }>(server.url, 'GET', '/api/notices/settings', { cookie });
    expect(saved.data.settings.statuses.paid.enabled).toBe(true);
    expect(saved.data.settings.statuses.shipping.templates.vi).toBe('Đơn {{order_code}} của {{customer_name}} đang trên đường giao.');

    // The log: sent (with the delivery status), skipped with the reason, waiting for quiet hours.
    await page.locator('text=không kênh nào gửi được >> visible=true').first().waitFor();
    await page.locator('text=Chờ gửi >> visible=true').first().waitFor();
    await expect.poll(() => page.getByText('DH-2001').count()).toBeGreaterThan(0);
    await shot(page, 'notices-settings-1440');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('on a phone: the same page, the log as cards', async () => {
    const { page, errors } = await newPage(390, 844);
    await page.goto(`${server.url}/settings/notices`);
    await page.getByTestId('notice-preview-shipping').waitFor();
    await page.locator('text=không kênh nào gửi được >> visible=true').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'notices-settings-390');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the 360 shows the notices in the timeline and the agent can stop them', async () => {
    const { page, errors } = await newPage(390, 844);
    await page.goto(`${server.url}/customers/${ids.hoa}`);
    await page.getByText(/Thông báo đơn DH-2001: Đang giao/).first().waitFor();
    const card = page.getByTestId('notice-subscription');
    await card.waitFor();
    await card.getByRole('switch').click({ force: true });
    await expect
      .poll(async () => (await http<{ subscribed: boolean }>(server.url, 'GET', `/api/customers/${ids.hoa}/notice-subscription`, { cookie })).data.subscribed)
      .toBe(false);
    await card.getByText(/Khách đã huỷ nhận/).waitFor();
    await shot(page, 'notices-360-390');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
