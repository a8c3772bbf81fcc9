import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RawWriter } from '../server/test/fixtures/metrics-raw';
import { rebuildWorkspace } from '../server/areas/metrics';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, screenshot } from './support/browser';

/**
 * Issue 10 §8–9 in the browser: the setup form marks every field that needs something; after setup the
 * admin's home has a getting-started checklist that ticks itself (a canned reply added → ticked), and the
 * warning about PUBLIC_URL (this server listens elsewhere than the address its links use); the reports
 * draw a sparse CSAT trend as points with gaps and a confidence band, cards without data say why, the
 * alerts page says why nothing was raised, and the scorecards show the team side by side.
 */
describe('first run and reports that do not mislead', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { workspaceName: 'Cửa hàng Hoa Sen', name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const pageErrors: string[] = [];
  const shots = process.env.SHOTS_DIR;

  const shot = async (page: Page, name: string) => {
    await screenshot(page, name);
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      fs.copyFileSync(path.resolve('screenshots', `${name}.png`), path.join(shots, `${name}.png`));
    }
  };
  const newPage = async (width: number, height: number): Promise<[BrowserContext, Page]> => {
    const ctx = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return [ctx, page];
  };
  const noHorizontalOverflow = async (page: Page) => {
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('setup marks every field that needs something, then lands on a checklist that ticks itself', async () => {
    const [phoneCtx, phone] = await newPage(390, 844);
    await phone.goto(`${server.url}/setup`);
    await phone.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
    // A blank form: each field says what it needs (not only the password).
    for (const text of ['Nhập tên doanh nghiệp', 'Nhập họ và tên của bạn', 'Nhập email', 'Nhập mật khẩu']) await phone.getByText(text).first().waitFor();
    for (const name of ['workspaceName', 'name', 'email']) expect(await phone.locator(`input[name="${name}"]`).getAttribute('aria-invalid')).toBe('true');
    await noHorizontalOverflow(phone);
    await shot(phone, 'first-run-01-setup-blank-phone');
    await phoneCtx.close();

    const [ctx, page] = await newPage(1440, 900);
    await page.goto(`${server.url}/setup`);
    await page.locator('input[name="workspaceName"]').fill(admin.workspaceName);
    await page.locator('input[name="name"]').fill(admin.name);
    await page.locator('input[name="email"]').fill('quan@hoasen');
    await page.locator('input[name="password"]').fill('ngan');
    await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
    await page.getByText('Email chưa đúng định dạng').waitFor();
    await page.getByText('Mật khẩu cần ít nhất 8 ký tự').waitFor();
    expect(await page.locator('input[name="email"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('input[name="workspaceName"]').getAttribute('aria-invalid')).not.toBe('true');
    await shot(page, 'first-run-02-setup-errors');
    await page.locator('input[name="email"]').fill(admin.email);
    await page.locator('input[name="password"]').fill(admin.password);
    await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();

    // The home: the checklist, nothing done yet, and the public-address warning with its fix.
    const list = page.getByTestId('getting-started');
    await list.waitFor();
    expect(await list.getByText('Đã xong 0/5 bước').count()).toBe(1);
    expect(await page.getByTestId('onboarding-step-cannedReply').getAttribute('data-done')).toBe('false');
    const warning = page.getByTestId('public-url-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`PUBLIC_URL=${server.url}`);
    await shot(page, 'first-run-03-checklist');

    // A step done in settings is ticked on the way back.
    await page.getByTestId('onboarding-step-cannedReply').click();
    await page.waitForURL('**/settings/canned');
    const login = await http(server.url, 'POST', '/api/auth/login', { body: { email: admin.email, password: admin.password } });
    const created = await http(server.url, 'POST', '/api/canned-replies', { cookie: login.cookie, body: { shortcut: 'chao', title: 'Chào hỏi', body: 'Dạ em chào anh/chị ạ' } });
    expect(created.status).toBe(201);
    await page.goto(`${server.url}/`);
    await page.getByTestId('getting-started').getByText('Đã xong 1/5 bước').waitFor();
    expect(await page.getByTestId('onboarding-step-cannedReply').getAttribute('data-done')).toBe('true');

    const [phoneCtx2, phone2] = await newPage(390, 844);
    await phone2.goto(`${server.url}/login`);
    await phone2.locator('input[name="email"]').fill(admin.email);
    await phone2.locator('input[name="password"]').fill(admin.password);
    await phone2.getByRole('button', { name: 'Đăng nhập' }).click();
    await phone2.getByTestId('getting-started').waitFor();
    await noHorizontalOverflow(phone2);
    await shot(phone2, 'first-run-04-checklist-phone');

    // Hidden for good once dismissed.
    await page.getByRole('button', { name: 'Ẩn danh sách', exact: true }).click();
    await page.getByTestId('getting-started').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('public-url-warning').waitFor();
    expect(await page.getByTestId('getting-started').count()).toBe(0);
    await ctx.close();
    await phoneCtx2.close();
  });

  it('reports: CSAT as points with gaps and a band, empty cards say why, alerts say why not, the team side by side', async () => {
    const login = await http(server.url, 'POST', '/api/auth/login', { body: { email: admin.email, password: admin.password } });
    const me = await http<{ workspace: { id: string } }>(server.url, 'GET', '/api/auth/me', { cookie: login.cookie });
    const ws = me.data.workspace.id;
    const agent = await http<{ user: { id: string } }>(server.url, 'POST', '/api/users', { cookie: login.cookie, body: { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh', role: 'agent' } });
    // Sparse CSAT over the last 10 days: 1–2 answers on some days, none on others.
    const w = new RawWriter(server.ctx.db, ws);
    const day = (back: number, hour: number) => new Date(Date.now() - back * 86_400_000 - hour * 3_600_000);
    for (const [back, score] of [[9, 5], [7, 2], [7, 5], [4, 4], [2, 1], [1, 5], [1, 4]] as const) {
      await w.answer({ type: 'csat', score, at: day(back, 1), agentId: agent.data.user.id });
    }
    await rebuildWorkspace(server.ctx.db, ws);

    const [ctx, page] = await newPage(1440, 900);
    await page.goto(`${server.url}/login`);
    await page.locator('input[name="email"]').fill(admin.email);
    await page.locator('input[name="password"]').fill(admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/reports?period=7d&granularity=day&measure=csat`);
    const chart = page.getByTestId('trend-chart');
    await chart.waitFor();
    // Days without answers are gaps, thin days are hollow points, and the band is explained.
    await chart.getByTestId('trend-legend-gaps').waitFor();
    await chart.getByTestId('trend-legend-thin').waitFor();
    await chart.getByTestId('trend-legend-band').waitFor();
    expect(await chart.locator('circle').count()).toBeGreaterThanOrEqual(3);
    // No calls: the card says why instead of a dash.
    expect(await page.getByTestId('kpi-aht_call').textContent()).toContain('Chưa có cuộc gọi — kết nối tổng đài');
    await shot(page, 'first-run-05-reports');

    await page.goto(`${server.url}/reports/alerts`);
    await page.getByTestId('alert-checks').waitFor();
    await page.getByTestId('check-csat').getByText('Chưa đủ dữ liệu').waitFor();
    expect(await page.getByText('đang ổn định').count()).toBe(0);
    await shot(page, 'first-run-06-alerts');

    await page.goto(`${server.url}/reports/agents?period=30d`);
    const board = page.getByTestId('leaderboard');
    await board.waitFor();
    await board.getByText('Trần Thị Bình').waitFor();
    await page.getByTestId('leaderboard-sort-name').click();
    const first = await board.getByTestId('leaderboard-row').first().textContent();
    expect(first).toContain('Lê Minh Quân');
    await shot(page, 'first-run-07-leaderboard');
    await ctx.close();

    const [phoneCtx, phone] = await newPage(390, 844);
    await phone.goto(`${server.url}/login`);
    await phone.locator('input[name="email"]').fill(admin.email);
    await phone.locator('input[name="password"]').fill(admin.password);
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await phone.getByTestId('user-menu').waitFor();
    await phone.goto(`${server.url}/reports?period=7d&granularity=day&measure=csat`);
    await phone.getByTestId('trend-chart').getByTestId('trend-legend-gaps').waitFor();
    await noHorizontalOverflow(phone);
    await shot(phone, 'first-run-08-reports-phone');
    await phone.goto(`${server.url}/reports/alerts`);
    await phone.getByTestId('alert-checks').waitFor();
    await noHorizontalOverflow(phone);
    await shot(phone, 'first-run-09-alerts-phone');
    await phone.goto(`${server.url}/reports/agents`);
    await phone.getByTestId('leaderboard').waitFor();
    await noHorizontalOverflow(phone);
    await shot(phone, 'first-run-10-leaderboard-phone');
    await phoneCtx.close();
  });
});
