import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { z } from 'zod';
import type { InboundResultSchema } from '../shared/tickets';
import { newId } from '../server/core/lib/ids';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

type InboundResult = z.infer<typeof InboundResultSchema>;

/**
 * An agent clicks a message's files: one kept in the database downloads under its own name; one kept in
 * an S3-compatible bucket this server is not configured to reach (503 attachment.storage_unavailable)
 * says so in Vietnamese instead of a tab of raw JSON.
 */
describe("a message's attachments in the thread", () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Thu Hà', email: 'ha@tantam.vn', password: 'mat-khau-an-toan' };
  let ticketId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http<{ workspace: { id: string } }>(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Shop Ảnh Đẹp', ...admin } });
    expect(setup.status).toBe(201);
    const tok = await http<{ token: string }>(server.url, 'POST', '/api/tokens', { cookie: setup.cookie!, body: { name: 'Zalo' } });
    const inbound = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token: tok.data.token,
      body: {
        channel: 'zalo',
        externalId: 'anh-1',
        from: { kind: 'phone', value: '0912 678 901', name: 'Đỗ Minh Tâm' },
        body: 'Em gửi hóa đơn và ảnh sản phẩm bị lỗi ạ',
        attachments: [{ filename: 'hoa-don.txt', contentType: 'text/plain', dataBase64: Buffer.from('Hóa đơn số 0123').toString('base64') }],
      },
    });
    expect(inbound.status).toBe(201);
    ticketId = inbound.data.ticketId;
    // A file another instance put in a bucket this one has no settings for.
    const m = await server.ctx.db.one<{ id: string; workspace_id: string }>('SELECT id, workspace_id FROM messages WHERE ticket_id = $1', [ticketId]);
    await server.ctx.db.query(
      `INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, stored_in, storage_key) VALUES ($1, $2, $3, 'anh-loi.jpg', 'image/jpeg', 2048, 's3', $4)`,
      [newId(), m.workspace_id, m.id, `attachments/${m.workspace_id}/elsewhere`],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`downloads a database file by name and explains a file this server cannot reach (${viewport.width} px)`, async () => {
      const page = await browser.newPage({ viewport, acceptDownloads: true });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/tickets/${ticketId}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('hoa-don.txt').click()]);
      expect(download.suggestedFilename()).toBe('hoa-don.txt');
      const file = await download.path();
      expect((await import('node:fs')).readFileSync(file!, 'utf8')).toBe('Hóa đơn số 0123');

      await page.getByText('anh-loi.jpg').click();
      await page.getByText('Tệp này được lưu ở kho lưu trữ (S3) mà máy chủ này chưa được cấu hình để đọc. Vui lòng báo quản trị viên.').waitFor();
      expect(page.url()).toBe(`${server.url}/tickets/${ticketId}`);
      await screenshot(page, `attachment-storage-unavailable-${viewport.width}`);
      await page.close();
    });
  }
});
