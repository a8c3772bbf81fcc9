import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/** Screenshots to look at (1440×900 and 390×844), besides the suite's own folder. */
const SHOTS = process.env.JOURNEY_SHOTS_DIR ?? '/tmp/shots/journey';

/**
 * Orders first and the journey map, end to end: the 360 shows the customer's latest order with its
 * status and items and their journey stage; the ticket panel links the ticket to an order; the
 * journey page counts the customers in each stage.
 */
describe('orders on the 360 and the journey page', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = '';
  const admin = { name: 'Lê Thu Trang', email: 'trang@dienmay-demo.vn', password: 'mat-khau-quan-tri' };
  const ids: Record<string, string> = {};
  const daysAgo = (n: number, hour = 9) => {
    const d = new Date(Date.now() - n * 86_400_000);
    d.setUTCHours(hour - 7, 0, 0, 0);
    return d.toISOString();
  };

  async function order(code: string, phone: string, steps: [string, string][], items: { sku: string; name: string; quantity: number; unitPrice: number; warrantyMonths?: number }[]) {
    for (const [status, at] of steps) {
      const r = await http<{ order: { id: string } }>(server.url, 'PUT', `/api/orders/kiotviet/${code}`, {
        cookie,
        body: { status, customer: { phone }, orderedAt: steps[0]![1], updatedAt: at, items, paymentMethod: 'cod', carrier: 'GHN', ...(status === 'delivered' ? { deliveredAt: at } : {}) },
      });
      expect(r.status, JSON.stringify(r.data)).toBeLessThan(300);
    }
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const customer = async (name: string, phone: string) => {
      const r = await http<{ customer: { id: string } }>(server.url, 'POST', '/api/customers', { cookie, body: { name, phone } });
      expect(r.status).toBe(201);
      return r.data.customer.id;
    };
    ids.hoa = await customer('Nguyễn Thị Hoa', '0912345678');
    ids.minh = await customer('Trần Văn Minh', '0987654321');
    ids.lan = await customer('Phạm Thị Lan', '0905111222');
    // Hoa: a fridge delivered 20 days ago (12-month warranty), then a fan on its way.
    await order('HD-1001', '0912345678', [
      ['confirmed', daysAgo(25)],
      ['shipping', daysAgo(23)],
      ['delivered', daysAgo(20)],
    ], [{ sku: 'TL-PANA-322', name: 'Tủ lạnh Panasonic 322L', quantity: 1, unitPrice: 12_490_000, warrantyMonths: 24 }]);
    await order('HD-1002', '0912345678', [
      ['confirmed', daysAgo(3)],
      ['shipping', daysAgo(2)],
    ], [
      { sku: 'QD-SENKO', name: 'Quạt đứng Senko', quantity: 2, unitPrice: 450_000 },
      { sku: 'ND-KANGA', name: 'Nồi chiên không dầu Kangaroo', quantity: 1, unitPrice: 1_290_000, warrantyMonths: 12 },
    ]);
    // Minh: a TV delivered; Lan: only asked (a ticket, no order).
    await order('HD-1003', '0987654321', [
      ['confirmed', daysAgo(40)],
      ['delivered', daysAgo(35)],
    ], [{ sku: 'TV-SONY-55', name: 'Tivi Sony 55 inch', quantity: 1, unitPrice: 15_990_000, warrantyMonths: 24 }]);
    const ticket = async (customerId: string, subject: string, body: string, channel = 'zalo') => {
      const r = await http<{ ticket: { id: string } }>(server.url, 'POST', '/api/tickets', { cookie, body: { customerId, subject, channel, firstMessage: { kind: 'inbound', body } } });
      expect(r.status, JSON.stringify(r.data)).toBe(201);
      return r.data.ticket.id;
    };
    ids.hoaTicket = await ticket(ids.hoa, 'Quạt chưa giao tới', 'Chào shop, đơn quạt của chị đến đâu rồi em?');
    await ticket(ids.lan, 'Hỏi giá máy lọc nước', 'Máy lọc nước Karofi loại 10 lõi giá bao nhiêu vậy shop?', 'messenger');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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

  it('the 360 shows the latest order with its status and items, open orders, warranties and the journey stage', async () => {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      const { page, errors } = await newPage(w, h);
      await page.goto(`${server.url}/customers/${ids.hoa}`);
      const card = page.getByTestId('orders-card');
      await card.waitFor();
      await expect.poll(() => card.textContent()).toContain('HD-1002');
      const latest = page.getByTestId('order-summary').first();
      expect(await latest.textContent()).toContain('Đang giao');
      expect(await latest.textContent()).toContain('Quạt đứng Senko');
      // Lifetime value: 12.490.000 + 2 × 450.000 + 1.290.000 = 14.680.000 ₫.
      expect(await page.getByTestId('lifetime-value').textContent()).toMatch(/14\.680\.000\s₫/);
      expect(await card.textContent()).toContain('Tủ lạnh Panasonic 322L');
      // A fan on its way: in-sale.
      await expect.poll(() => page.getByTestId('journey-current-stage').textContent()).toContain('Trong bán');
      // Order events in the 360 timeline.
      await page.getByText('Đơn HD-1001: Đã giao').first().waitFor();
      await shot(page, `journey-360-${w}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 240_000);

  it('the ticket panel links the ticket to an order', async () => {
    const { page, errors } = await newPage(1440, 900);
    await page.goto(`${server.url}/tickets/${ids.hoaTicket}`);
    const card = page.getByTestId('ticket-order-card');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('HD-1002');
    await page.getByTestId('link-latest-order').click();
    await expect.poll(() => card.textContent()).toContain('Phiếu này về đơn');
    await shot(page, 'journey-ticket-1440');
    const linked = await http<{ ticket: { orderId: string | null } }>(server.url, 'GET', `/api/tickets/${ids.hoaTicket}`, { cookie });
    expect(linked.data.ticket.orderId).not.toBeNull();
    // The inbox filter "about an open order" lists it.
    await page.goto(`${server.url}/?view=all&aboutOrder=open`);
    await page.getByText('Quạt chưa giao tới').first().waitFor();
    expect(await page.getByText('Hỏi giá máy lọc nước').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the journey page counts customers per stage and draws the flow, touchpoints and drop-offs', async () => {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      const { page, errors } = await newPage(w, h);
      await page.goto(`${server.url}/journey`);
      await page.getByTestId('journey-stage-pre_sale').waitFor();
      const count = (s: string) => page.getByTestId(`journey-stage-${s}`).getByTestId('journey-stage-count').textContent();
      // Lan asked only; Hoa has a fan on its way; Minh has his TV.
      await expect.poll(() => count('pre_sale')).toBe('1');
      expect(await count('in_sale')).toBe('1');
      expect(await count('post_sale')).toBe('1');
      await page.getByTestId('journey-flow').locator('svg .recharts-sankey-nodes, svg path').first().waitFor();
      expect(await page.getByTestId('dropoff-lead_never_ordered').textContent()).toContain('Khách hỏi nhưng chưa mua');
      await shot(page, `journey-page-${w}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 240_000);
});
