import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ApiToken } from '../shared/access';
import type { InboxPage } from '../shared/tickets';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * The inbox worked from the keyboard and in bulk, as a Front or Zendesk user would: j/k move the
 * cursor, x selects, the bulk bar assigns and tags every selected ticket (one request, all or nothing),
 * Enter opens, r opens with the reply box focused, ? lists the shortcuts; the order is a menu.
 */
describe('inbox keyboard and bulk actions', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let cookie = '';
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const tok = await http<{ token: string; apiToken: ApiToken }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Zalo OA' } });
    const people: [string, string, string][] = [
      ['Nguyễn Văn An', '+84 912 000 001', 'Máy giặt báo lỗi E20'],
      ['Trần Thị Bích', '+84 912 000 002', 'Tủ lạnh không lạnh'],
      ['Lê Văn Cường', '+84 912 000 003', 'Đổi trả nồi cơm điện'],
      ['Phạm Thu Dung', '+84 912 000 004', 'Hỏi giá điều hoà'],
    ];
    for (const [i, [name, phone, body]] of people.entries()) {
      const r = await http(server.url, 'POST', '/api/inbound/messages', {
        token: tok.data.token,
        body: { channel: 'zalo', externalId: `z-${i}`, from: { kind: 'phone', value: phone, name }, body },
      });
      expect(r.status).toBe(201);
    }
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, admin.email, admin.password);
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.stop();
  });

  const rows = () => page.getByTestId('inbox-row');
  const activeIndex = () => page.evaluate(() => Array.from(document.querySelectorAll('[data-testid="inbox-row"]')).findIndex((r) => r.hasAttribute('data-active')));
  const inbox = async () => (await http<InboxPage>(server.url, 'GET', '/api/tickets?limit=50', { cookie })).data.items;

  it('moves with j/k, selects with x, and assigns and tags the selection from the bulk bar', async () => {
    await page.goto(`${server.url}/?view=all`);
    await rows().first().waitFor();
    await expect.poll(() => rows().count()).toBe(4);
    // Today's messages show their clock time.
    expect(await page.getByTestId('inbox-time').first().textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await page.getByTestId('view-count-all').textContent()).toBe('4');
    expect(await activeIndex()).toBe(0);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await activeIndex()).toBe(2);
    await page.keyboard.press('k');
    expect(await activeIndex()).toBe(1);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await page.getByTestId('bulk-count').textContent()).toBe('Đã chọn 2');
    const chosen = await Promise.all([1, 2].map((i) => rows().nth(i).getAttribute('data-ticket-id')));

    // Assign both to me in one request.
    const bulk = page.waitForResponse((r) => r.url().endsWith('/api/tickets/bulk'));
    await page.getByTestId('bulk-assign').click();
    await page.getByRole('option', { name: admin.name }).click();
    expect((await bulk).status()).toBe(200);
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    await expect.poll(async () => (await inbox()).filter((t) => t.assignee?.name === admin.name).map((t) => t.id).sort()).toEqual([...chosen].sort());
    await expect.poll(() => page.getByTestId('view-count-mine').textContent()).toBe('2');

    // Select them again (x on each) and tag them.
    await rows().nth(0).getByTestId('row-select').check();
    await page.getByTestId('select-all').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('Đã chọn 4');
    await page.getByTestId('bulk-tag').click();
    await page.getByTestId('bulk-tag-input').fill('cần-gọi-lại');
    await page.getByTestId('bulk-tag-add').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    await expect.poll(async () => (await inbox()).every((t) => t.tags.includes('cần-gọi-lại'))).toBe(true);
    await screenshot(page, 'inbox-bulk');
  });

  it('orders by the sort menu, shows the shortcuts on ?, opens with Enter and replies with r', async () => {
    // The oldest ticket becomes urgent: the priority order puts it first, the default order last.
    const oldest = (await inbox()).at(-1)!;
    expect((await http(server.url, 'PATCH', `/api/tickets/${oldest.id}`, { cookie, body: { priority: 'urgent' } })).status).toBe(200);
    await page.goto(`${server.url}/?view=all`);
    await rows().first().waitFor();
    await expect.poll(() => rows().count()).toBe(4);
    expect(await rows().last().getAttribute('data-ticket-id')).toBe(oldest.id);
    await page.getByTestId('inbox-sort').click();
    await page.getByRole('option', { name: 'Ưu tiên cao trước' }).click();
    await page.waitForURL(/sort=priority/);
    await expect.poll(() => rows().first().getAttribute('data-ticket-id')).toBe(oldest.id);

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-modal').getByText('Mở phiếu và trả lời ngay').waitFor();
    await page.keyboard.press('Escape');
    await page.getByText('Mở phiếu và trả lời ngay').waitFor({ state: 'detached' });

    await page.keyboard.press('j');
    const second = await rows().nth(1).getAttribute('data-ticket-id');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${second}$`));
    await page.getByTestId('ticket-title').waitFor();

    await page.goBack();
    await expect.poll(() => rows().count()).toBe(4);
    const first = await rows().first().getAttribute('data-ticket-id');
    await page.keyboard.press('r');
    await page.waitForURL(new RegExp(`/tickets/${first}`));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('reply-input');
    await page.keyboard.type('Dạ em gọi lại cho anh ngay ạ');
    expect(await page.getByTestId('reply-input').inputValue()).toBe('Dạ em gọi lại cho anh ngay ạ');
  });

  it('says how late an overdue ticket is ("trễ 1 ngày"), in the inbox, its SLA filter and on the ticket', async () => {
    const late = (await inbox()).find((t) => !t.firstResponseAt)!;
    await server.ctx.db.query(`UPDATE tickets SET first_response_due_at = now() - interval '25 hours' WHERE id = $1`, [late.id]);
    await page.goto(`${server.url}/?view=all`);
    const row = page.locator(`[data-testid="inbox-row"][data-ticket-id="${late.id}"]`);
    await expect.poll(() => row.getByTestId('sla-countdown').textContent()).toBe('trễ 1 ngày');
    await page.getByTestId('filter-sla').click();
    await page.getByRole('option', { name: 'Đã trễ hạn' }).click();
    await page.waitForURL(/sla=breached/);
    await expect.poll(() => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id')))).toEqual([late.id]);
    await row.click();
    await expect.poll(() => page.getByTestId('ticket-due').textContent()).toBe('hạn phản hồi đầu: trễ 1 ngày');
  });
});
