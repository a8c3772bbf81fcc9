import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApiToken } from '../shared/access';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * Every page of the app at 390 × 844 (an iPhone 12–15): nothing may be wider than the screen, so no
 * page scrolls sideways. The data is what a small shop has after a day: customers who wrote in on
 * Zalo and by phone, a ticket answered, one routed to a team, a canned reply, a survey, an API token.
 */
describe('phone layout: no page is wider than a 390 px screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  let ticketId = '';
  let customerId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.stop();
  });

  /** The page's width, and when it is too wide, the outermost elements that stick out (for the failure message). */
  const overflow = () =>
    page.evaluate((limit) => {
      const width = document.documentElement.scrollWidth;
      const culprits: string[] = [];
      if (width > limit) {
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
          const r = el.getBoundingClientRect();
          if (r.right <= limit + 0.5 || r.width === 0) continue;
          const parent = el.parentElement?.getBoundingClientRect();
          if (parent && parent.right > limit + 0.5) continue; // report the outermost only
          culprits.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} [${el.dataset.testid ?? ''}] right=${Math.round(r.right)} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
        }
      }
      return { width, culprits: culprits.slice(0, 8) };
    }, PHONE.width);

  const expectFits = async (path: string, ready: () => Promise<unknown>) => {
    await page.goto(`${server.url}${path}`);
    await ready();
    // Late content (charts, lists filled after a second request) has to fit too.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const { width, culprits } = await overflow();
    expect(width, `${path} is ${width} px wide:\n${culprits.join('\n')}`).toBeLessThanOrEqual(PHONE.width);
  };

  it('setup and login', async () => {
    await expectFits('/setup', () => page.locator('input[name="workspaceName"], input[name="email"]').first().waitFor());
    await screenshot(page, 'phone-setup');
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Điện máy Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!;
    const tok = await http<{ token: string; apiToken: ApiToken }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Zalo OA' } });
    expect(tok.status).toBe(201);
    const inbound = async (externalId: string, name: string, phone: string, body: string) => {
      const r = await http<{ ticketId: string; customerId: string }>(server.url, 'POST', '/api/inbound/messages', {
        token: tok.data.token,
        body: { channel: 'zalo', externalId, from: { kind: 'phone', value: phone, name }, body },
      });
      expect(r.status).toBe(201);
      return r.data;
    };
    // Long words and long subjects are what push a phone layout wider.
    const first = await inbound('z-1', 'Nguyễn Thị Phương Thảo Ngọc Anh', '+84 912 345 678', 'Máy giặt cửa trước Electrolux UltimateCare 900 báo lỗi E20 không xả nước được, em kiểm tra giúp chị với ạ https://example.vn/hoa-don/2026/12/DH-1024-chi-tiet-don-hang-rat-dai');
    ticketId = first.ticketId;
    customerId = first.customerId;
    await inbound('z-2', 'Phạm Văn Hùng', '+84 987 654 321', 'Cho mình hỏi đơn DH1025 bao giờ giao ạ?');
    await inbound('z-3', 'Trần Bích', '+84 903 111 222', 'Điều hoà kêu to');
    expect((await http(server.url, 'POST', `/api/tickets/${ticketId}/messages`, { cookie, body: { kind: 'reply', body: 'Dạ chị rút điện 5 phút rồi cắm lại giúp em ạ.' } })).status).toBe(201);
    expect((await http(server.url, 'PATCH', `/api/tickets/${ticketId}`, { cookie, body: { tags: ['bảo-hành', 'khách-quen'], priority: 'high' } })).status).toBe(200);
    expect((await http(server.url, 'POST', '/api/teams', { cookie, body: { name: 'Kỹ thuật bảo hành' } })).status).toBe(201);
    expect((await http(server.url, 'POST', '/api/canned-replies', { cookie, body: { title: 'Chào khách', shortcut: 'chao', body: 'Dạ em chào anh/chị ạ' } })).status).toBe(201);

    await page.goto(`${server.url}/`);
    await expectFits('/login', () => page.locator('input[name="password"]').waitFor());
    await loginThroughForm(page, server.url, admin.email, admin.password);
  });

  it('inbox, a ticket, customers and a customer 360', async () => {
    await expectFits('/', () => page.getByTestId('inbox-row').first().waitFor());
    // On a phone the inbox is a list of cards: the subject is readable, not cut to a letter.
    const subject = page.getByTestId('inbox-subject').first();
    expect((await subject.boundingBox())!.width).toBeGreaterThan(150);
    await screenshot(page, 'phone-inbox');
    await expectFits(`/tickets/${ticketId}`, () => page.getByTestId('ticket-title').waitFor());
    await screenshot(page, 'phone-ticket');
    await expectFits('/customers', () => page.getByText('Phạm Văn Hùng').first().waitFor());
    await expectFits(`/customers/${customerId}`, () => page.getByTestId('customer-name').waitFor());
    // "Sửa hồ sơ" was cut off at the right edge: it is on screen now.
    const edit = page.getByRole('button', { name: 'Sửa hồ sơ' });
    const box = (await edit.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'phone-360');
  });

  it('reports and every tab', async () => {
    for (const path of ['/reports', '/reports/agents', '/reports/me', '/reports/live', '/reports/alerts']) {
      await expectFits(path, () => page.getByTestId('reports-tab-overview').or(page.getByRole('tab').first()).first().waitFor());
    }
  });

  it('every settings page and the notifications page', async () => {
    for (const path of ['/settings/users', '/settings/teams', '/settings/sla', '/settings/hours', '/settings/canned', '/settings/tokens', '/settings/channels', '/settings/surveys']) {
      await expectFits(path, () => page.locator('main').getByRole('heading').first().waitFor());
    }
    await expectFits('/notifications', () => page.locator('main').first().waitFor());
  });

  it('the navigation drawer and the log-call dialog fit too', async () => {
    await expectFits(`/customers/${customerId}`, () => page.getByTestId('customer-name').waitFor());
    await page.getByTestId('log-call-button').first().click();
    await page.getByRole('dialog').waitFor();
    expect((await overflow()).width).toBeLessThanOrEqual(PHONE.width);
    await page.keyboard.press('Escape');
  });
});
