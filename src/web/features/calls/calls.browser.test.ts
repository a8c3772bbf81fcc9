import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CallPageSchema } from '../../../shared/calls';
import type { ChannelAccountDto } from '../../../shared/channels';
import type { Customer } from '../../../shared/customers';
import type { Browser } from 'playwright-core';
import { http, startServer, type RunningServer } from '../../../e2e/support/server';
import { launchBrowser, loginThroughForm, screenshot } from '../../../e2e/support/browser';
import { signCallWebhook } from '../../../server/areas/channels/phone';

/**
 * Calls in the agents' app: a PBX posts a missed call and an answered one through the signed webhook;
 * the customer's 360 timeline shows both as call entries; the agent logs a call by hand from the 360
 * page and it appears in the timeline; the ticket thread shows the call card.
 */
describe('calls in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@sen.vn', password: 'mat-khau-an-toan' };
  const secret = 'bi-mat-tong-dai-rat-dai-123';
  let key = '';
  let customerId = '';
  let ticketId = '';
  const pageErrors: string[] = [];

  const post = async (body: unknown) => {
    const raw = JSON.stringify(body);
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${server.url}/api/hooks/phone/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts), 'x-tantam-signature': signCallWebhook(secret, ts, raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Sen Việt', ...admin } });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!;
    const account = await http<ChannelAccountDto>(server.url, 'POST', '/api/channel-accounts', { cookie, body: { kind: 'phone', name: 'Tổng đài', config: {}, secrets: { signingSecret: secret } } });
    expect(account.status).toBe(201);
    key = account.data.address;
    const customer = await http<{ customer: Customer }>(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Nguyễn Thị Hồng', phone: '0912 345 678' } });
    expect(customer.status).toBe(201);
    customerId = customer.data.customer.id;
    const base = { direction: 'inbound', from: '+84912345678', to: '19001234' };
    const t0 = Date.now() - 3 * 3600_000;
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    await post({ events: [{ ...base, callId: 'pbx-1', event: 'ringing', at: at(0) }, { ...base, callId: 'pbx-1', event: 'missed', at: at(0.5), waitSeconds: 30 }] });
    await post({
      events: [
        { ...base, callId: 'pbx-2', event: 'ringing', at: at(60) },
        { ...base, callId: 'pbx-2', event: 'answered', at: at(60.2), agent: { email: admin.email } },
        { ...base, callId: 'pbx-2', event: 'ended', at: at(64), talkSeconds: 228, wrapUpSeconds: 40, recordingUrl: 'https://pbx.example.vn/rec/pbx-2.mp3' },
      ],
    });
    const calls = await http<z.infer<typeof CallPageSchema>>(server.url, 'GET', `/api/customers/${customerId}/calls`, { cookie });
    ticketId = calls.data.calls[0].ticketId!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows webhook calls in the 360 timeline and logs a call by hand from there', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByText('Cuộc gọi đến · Nhỡ').first().waitFor();
    await page.getByText('Cuộc gọi đến · Đã nghe · 03:48').first().waitFor();

    await page.getByTestId('log-call-button').click();
    const form = page.getByTestId('log-call-form');
    await form.waitFor();
    await form.getByLabel('Thời gian đàm thoại').fill('ba phút');
    await form.getByRole('button', { name: 'Lưu cuộc gọi' }).click();
    await form.getByText('Nhập dạng phút:giây (3:15) hoặc số phút').waitFor();
    await form.getByLabel('Thời gian đàm thoại').fill('2:05');
    await form.getByLabel('Thời gian hoàn tất sau cuộc gọi').fill('0:30');
    await form.getByLabel('Ghi chú').fill('Đã gọi lại, khách hẹn mai ghé cửa hàng.');
    await screenshot(page, 'calls-log-modal');
    await form.getByRole('button', { name: 'Lưu cuộc gọi' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Cuộc gọi đi · Đã nghe · 02:05').first().waitFor();
    await page.getByText('Đã gọi lại, khách hẹn mai ghé cửa hàng.').first().waitFor();
    await screenshot(page, 'calls-customer-360');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the call entries in the ticket thread', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.getByTestId('call-card').first().waitFor();
    expect(await page.getByTestId('call-card').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'calls-ticket-thread');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
