import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';
import { startReceiver } from '../server/areas/webhooks/receiver.test-helper';

const SHOTS = process.env.WEBHOOKS_SHOTS_DIR ?? '/tmp/shots/webhooks';

/**
 * Settings → Webhooks and Settings → Audit log in a browser, on a desktop and a phone: the subscription
 * with its last delivery, the delivery log and one delivery's attempts, and the audit log's rows.
 */
describe('webhooks and audit log pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const admin = { name: 'Lê Thu Trang', email: 'trang@webhook-demo.vn', password: 'mat-khau-quan-tri' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    receiver = await startReceiver();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!;
    await http(server.url, 'PATCH', '/api/settings/workspace', { cookie, body: { name: 'Điện máy Tận Tâm HN' } });
    await http(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'KiotViet' } });
    const sub = await http<{ subscription: { id: string } }>(server.url, 'POST', '/api/webhooks/subscriptions', { cookie, body: { name: 'CRM nội bộ', url: receiver.url, eventTypes: ['customer.*', 'ticket.created'] } });
    expect(sub.status).toBe(201);
    receiver.reply(500);
    await http(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } });
    await http(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Trần Văn Minh', phone: '0987654321' } });
    await server.ctx.jobs.drain();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    it(`shows subscriptions, the delivery log and the audit log at ${w}x${h}`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/settings/webhooks`);
      await page.getByTestId('webhook-row').first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, `webhooks-${w}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Nhật ký gửi' }).first().click();
      await page.getByTestId('delivery-row').first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, `webhooks-log-${w}.png`) });
      await page.getByTestId('delivery-row').first().click();
      await page.getByTestId('delivery-resend').waitFor();
      await page.screenshot({ path: path.join(SHOTS, `webhooks-delivery-${w}.png`) });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/settings/audit`);
      await page.getByTestId('audit-row').first().waitFor();
      expect(await page.getByTestId('audit-row').count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: path.join(SHOTS, `audit-${w}.png`), fullPage: true });
      await screenshot(page, `audit-${w}`);
      await page.close();
    }, 90_000);
  }
});
