import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../shared/customers';
import type { Browser, Page } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * Customers and settings pages end to end: an agent adds a customer through the form, is stopped
 * from creating a duplicate, finds the customer again without diacritics, and writes a note; the
 * admin creates an API token whose secret is shown once, and the agent does not see admin actions.
 */
describe('customers and settings pages', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Võ Thị Hạnh', email: 'hanh@sendo-demo.vn', password: 'mat-khau-quan-tri' };
  const agent = { name: 'Đặng Văn Tú', email: 'tu@sendo-demo.vn', password: 'mat-khau-nhan-vien' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Sen Việt', ...admin } });
    expect(setup.status).toBe(201);
    const user = await http(server.url, 'POST', '/api/users', { cookie: setup.cookie, body: { ...agent, role: 'agent', locale: 'vi' } });
    expect(user.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  it('creates a customer through the form, refuses a duplicate phone, finds it by "nguyen van"', async () => {
    const { page, errors } = await newPage();
    await loginThroughForm(page, server.url, agent.email, agent.password);
    await page.goto(`${server.url}/customers`);
    await page.getByTestId('create-customer').waitFor();
    await page.getByText('Chưa có khách hàng nào').waitFor();
    // Agents add customers but neither import nor export them.
    expect(await page.getByRole('button', { name: 'Nhập CSV' }).count()).toBe(0);

    await page.getByTestId('create-customer').click();
    const form = page.getByTestId('create-customer-form');
    await form.locator('input[name="name"]').fill('Nguyễn Văn Bình');
    await form.locator('input[name="phone"]').fill('0912 34');
    await form.locator('button[type="submit"]').click();
    // The server's refusal lands on the phone field, in Vietnamese.
    await expect.poll(() => form.textContent()).toContain('Số điện thoại không hợp lệ');
    await form.locator('input[name="phone"]').fill('0912 345 678');
    await form.locator('input[name="email"]').fill('binh.nguyen@gmail.com');
    await form.getByPlaceholder('dd/mm/yyyy').fill('15/03/1990');
    await form.locator('input[name="email"]').click();
    await form.locator('button[type="submit"]').click();

    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Nguyễn Văn Bình');
    const identities = await page.getByTestId('identities').textContent();
    expect(identities).toContain('0912 345 678');
    expect(identities).toContain('binh.nguyen@gmail.com');
    expect(await page.getByText('15/03/1990').count()).toBeGreaterThan(0);

    // A note shows up on the profile.
    await page.getByPlaceholder('Viết ghi chú nội bộ', { exact: false }).fill('Khách thích được gọi sau 18 giờ.');
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await page.getByText('Khách thích được gọi sau 18 giờ.').first().waitFor();
    await screenshot(page, 'customers-01-360');

    // The same phone written another way is the same person: the form points to the existing profile.
    await page.goto(`${server.url}/customers`);
    await page.getByTestId('create-customer').click();
    await form.locator('input[name="name"]').fill('Bình Nguyễn');
    await form.locator('input[name="phone"]').fill('+84912345678');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.textContent()).toContain('Đã có hồ sơ với số điện thoại hoặc email này');
    await page.keyboard.press('Escape');

    // Search without diacritics.
    await page.getByTestId('customer-search').fill('nguyen van');
    await expect.poll(() => page.url()).toContain('q=nguyen+van');
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.getByTestId('customer-row').count()).toBe(1);
    expect(await page.getByTestId('customer-row').first().textContent()).toContain('Nguyễn Văn Bình');
    expect(await page.getByTestId('customer-row').first().textContent()).toContain('0912 345 678');
    await screenshot(page, 'customers-02-search');

    // Admin-only settings actions are hidden from an agent.
    await page.goto(`${server.url}/settings/users`);
    await page.getByText(admin.name).waitFor();
    expect(await page.getByRole('button', { name: 'Thêm người dùng' }).count()).toBe(0);
    expect(await page.getByText('Chỉ quản trị viên mới thay đổi được mục này.').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('merges a duplicate profile into another through the 360 page, then undoes it', async () => {
    const login = await http(server.url, 'POST', '/api/auth/login', { body: { email: admin.email, password: admin.password } });
    const cookie = login.cookie;
    const kept = await http<{ customer: Customer }>(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Trương Thị Lệ', phone: '0988 111 222' } });
    const dup = await http(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Lệ Trương', phone: '0977 333 444', email: 'le.truong@yahoo.com' } });
    expect([kept.status, dup.status]).toEqual([201, 201]);
    const keptId = kept.data.customer.id;

    const { page, errors } = await newPage();
    await loginThroughForm(page, server.url, agent.email, agent.password);
    await page.goto(`${server.url}/customers/${keptId}`);
    await page.getByTestId('customer-name').waitFor();
    await page.getByRole('button', { name: 'Thêm thao tác' }).click();
    await page.getByRole('menuitem', { name: 'Gộp hồ sơ' }).click();
    await page.getByRole('dialog').getByPlaceholder('Tìm hồ sơ cần gộp', { exact: false }).fill('0977333444');
    await page.getByRole('dialog').getByText('Lệ Trương').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gộp hồ sơ' }).click();
    // The duplicate's phone and email now belong to the kept profile, and the merge can be undone.
    await expect.poll(() => page.getByTestId('identities').textContent()).toContain('0977 333 444');
    expect(await page.getByTestId('identities').textContent()).toContain('le.truong@yahoo.com');
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hoàn tác' }).click();
    await expect.poll(() => page.getByTestId('identities').textContent()).not.toContain('0977 333 444');
    await page.getByText('Đã hoàn tác').first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets the admin create an API token shown once, then lists it by prefix', async () => {
    const { page, errors } = await newPage();
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/settings/tokens`);
    await page.getByText('Chưa có token nào').waitFor();
    await page.getByRole('button', { name: 'Tạo token' }).click();
    await page.getByRole('dialog').getByLabel('Tên').fill('Website bán hàng');
    await page.getByRole('dialog').getByRole('button', { name: 'Tạo' }).click();
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'customers-03-token');
    await page.getByRole('button', { name: 'Tôi đã lưu token' }).click();

    // The secret works for the API and is not on the page any more; the list shows its prefix.
    const me = await http(server.url, 'GET', '/api/auth/me', { token: secret });
    expect(me.status).toBe(200);
    await page.getByText('Website bán hàng').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
