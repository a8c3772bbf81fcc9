import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/** Both sizes people use, for the screenshots a person looks at (screenshots/search-*.png). */
const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

async function shoot(page: Page, name: string) {
  await screenshot(page, name);
  const extra = process.env.SHOTS_DIR;
  if (extra) {
    fs.mkdirSync(extra, { recursive: true });
    await page.screenshot({ path: path.join(extra, `${name}.png`) });
  }
}

// Issue 10 §2 and §10: search reads Vietnamese as people type it, marks what matched, finds customers
// by part of an email, and the customer list sorts and counts.
describe('search in the agents app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@dienmay.vn', password: 'mat-khau-an-toan' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    const tok = await http<{ token: string }>(server.url, 'POST', '/api/tokens', { cookie: setup.cookie, body: { name: 'Tích hợp' } });
    const conversations = [
      { channel: 'zalo', from: { kind: 'phone', value: '0912 345 678', name: 'Nguyễn Văn An' }, subject: 'Điều hòa không lạnh', body: 'Máy chạy nhưng không ra hơi lạnh.' },
      { channel: 'webchat', from: { kind: 'phone', value: '0903 111 222', name: 'Trần Thị Ngọc' }, subject: 'Hỏi bảo hành', body: 'Dạ em chào anh chị, máy điều hoà nhà em bị chảy nước từ hôm qua ạ. Em mua ở cửa hàng Quận 3 tháng trước.' },
      { channel: 'email', from: { kind: 'email', value: 'thu.pham@hotmail.com', name: 'Phạm Thu' }, subject: 'Đổi trả tủ lạnh', body: 'Tôi muốn đổi tủ lạnh sang loại lớn hơn.' },
      { channel: 'zalo', from: { kind: 'phone', value: '0987 000 111', name: 'Đỗ Hoa' }, subject: 'Hoa tươi giao trễ', body: 'Điều chỉnh giờ giao giúp mình.' },
    ];
    for (const [i, body] of conversations.entries()) {
      const r = await http(server.url, 'POST', '/api/inbound/messages', { token: tok.data.token, body: { externalId: `search-${i}`, ...body } });
      expect(r.status).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [size, viewport] of SIZES) {
    it(`finds "điều hòa" and "điều hoà" when typed "dieu hoa" in the inbox, matched words marked (${size})`, async () => {
      const page = await browser.newPage({ viewport });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/?view=all`);
      await page.getByTestId('inbox-row').first().waitFor();
      await page.getByTestId('inbox-search').fill('dieu hoa');
      await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(2);
      const marks = await page.getByTestId('search-highlight').allTextContents();
      // The subject written "Điều hòa" and the message written "điều hoà" (other tone placement).
      expect(marks).toEqual(expect.arrayContaining(['Điều hòa', 'điều hoà']));
      // The second ticket matched in its message: its preview is the excerpt around the match.
      expect(await page.getByTestId('inbox-row').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('máy điều hoà nhà em bị chảy nước')]));
      await shoot(page, `search-inbox-${size}`);
      await page.close();
    });
  }

  it('finds a customer by part of an email in the quick lookup and the list, which sorts and counts', async () => {
    for (const [size, viewport] of SIZES) {
      const page = await browser.newPage({ viewport });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/customers`);
      await page.getByTestId('customer-row').first().waitFor();
      await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('4 khách hàng');
      // Name A → Z (accents do not decide the order: "Đỗ" sorts as "Do").
      await page.getByTestId('customer-sort').click();
      await page.getByRole('option', { name: 'Tên A → Z' }).click();
      const byName = ['Đỗ Hoa', 'Nguyễn Văn An', 'Phạm Thu', 'Trần Thị Ngọc'];
      await expect.poll(async () => (await page.getByTestId('customer-row').allTextContents()).map((row) => byName.find((n) => row.includes(n)))).toEqual(byName);
      expect(page.url()).toContain('sort=name_asc');
      await page.getByTestId('customer-search').fill('hotmail');
      await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
      await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('1 khách hàng');
      expect(await page.getByTestId('customer-row').getByTestId('search-highlight').allTextContents()).toEqual(['hotmail']);
      await shoot(page, `search-customers-${size}`);

      await page.keyboard.press('Control+k');
      await page.getByTestId('quick-lookup-input').fill('hotmail');
      await page.getByTestId('quick-lookup-hit').first().waitFor();
      expect(await page.getByTestId('quick-lookup-hit').count()).toBe(1);
      expect(await page.getByTestId('quick-lookup-results').getByTestId('search-highlight').allTextContents()).toEqual(['hotmail']);
      await shoot(page, `search-lookup-${size}`);
      await page.close();
    }
  });
});
