import nodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startSmtpReceiver, type SmtpReceiver } from '../server/areas/channels/email';
import nodemailer from 'nodemailer';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * Email intake in the agents' app: a customer's HTML mail with a tracking pixel shows without a
 * single request to the tracker until the agent clicks "Tải hình ảnh từ xa"; a mailing-list post that
 * opened no ticket is in the mailbox's "Thư đã lọc", and "Vẫn tạo phiếu" files it as a ticket.
 */
describe('email intake in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let receiver: SmtpReceiver;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const mailbox = 'cskh@hoasen.vn';
  let cookie = '';
  const pageErrors: string[] = [];
  /** Requests that reached the sender's image server (a local HTTP server standing in for a tracker). */
  const trackerHits: { url: string; cookie?: string; referer?: string; userAgent?: string }[] = [];
  let tracker: nodeHttp.Server;
  let trackerUrl = '';

  beforeAll(async () => {
    tracker = nodeHttp.createServer((req, res) => {
      trackerHits.push({ url: req.url ?? '', cookie: req.headers.cookie, referer: req.headers.referer, userAgent: req.headers['user-agent'] });
      res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64'));
    });
    await new Promise<void>((r) => tracker.listen(0, '127.0.0.1', () => r()));
    trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.gif?u=thu`;
    server = await startServer({ workers: false });
    receiver = await startSmtpReceiver(server.ctx, { port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const created = await http(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'email', name: 'CSKH Hoa Sen', config: { address: mailbox, inbound: 'forward', displayName: 'CSKH Hoa Sen' }, secrets: {} },
    });
    expect(created.status).toBe(201);

    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: { name: 'Phạm Thị Thu', address: 'thu.pham@gmail.com' },
      to: mailbox,
      subject: 'Ảnh sản phẩm bị lỗi',
      messageId: `<anh-loi-${Date.now()}@gmail.com>`,
      html: `<p>Chào shop, áo em nhận bị rách ở tay.</p><p><img src="${trackerUrl}" alt="ảnh áo" width="120" height="80"></p><p>Mong shop đổi giúp.</p>`,
      text: 'Chào shop, áo em nhận bị rách ở tay. Mong shop đổi giúp.',
    });
    await smtp.sendMail({
      envelope: { from: 'owner-khuyenmai@listserv.example.vn', to: mailbox },
      raw: [
        'From: Bản tin Khuyến mãi <khuyenmai@listserv.example.vn>',
        `To: ${mailbox}`,
        'Sender: KHUYENMAI-L <KHUYENMAI-L@LISTSERV.EXAMPLE.VN>',
        'Subject: =?UTF-8?Q?Khuy=E1=BA=BFn_m=C3=A3i_th=C3=A1ng_12?=',
        `Message-ID: <km-${Date.now()}@listserv.example.vn>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Giảm 30% cho mọi đơn hàng trong tháng 12.',
        '',
      ].join('\r\n'),
    });
    smtp.close();

    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const first = await context.newPage();
    await loginThroughForm(first, server.url, admin.email, admin.password);
    await first.close();
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.stop();
    await new Promise<void>((r) => (tracker ? tracker.close(() => r()) : r()));
  });

  it('remote images load only after the agent asks', async () => {
    const tickets = await http<{ items: { id: string; subject: string }[] }>(server.url, 'GET', '/api/tickets', { cookie });
    const ticket = tickets.data.items.find((t) => t.subject === 'Ảnh sản phẩm bị lỗi')!;
    expect(ticket).toBeDefined();
    for (const [width, height, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
      // The proxied image is cached by the browser (private, 1 h): the second size reuses it.
      const before = trackerHits.length;
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}/tickets/${ticket.id}`);
      const bar = page.getByTestId('remote-images-blocked');
      await bar.waitFor();
      expect(await bar.textContent()).toContain('Đã chặn 1 hình ảnh từ xa');
      const img = page.getByTestId('message-html').locator('img');
      expect(await img.getAttribute('src')).toBeNull();
      expect(await img.getAttribute('data-remote-src')).toBe(trackerUrl);
      await page.waitForTimeout(500);
      expect(trackerHits.length).toBe(before);
      await screenshot(page, `email-intake-01-images-blocked-${tag}`);

      const proxyAnswers: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/api/remote-image')) proxyAnswers.push(`${r.status()} ${r.url()}`);
      });
      page.on('requestfailed', (r) => proxyAnswers.push(`failed ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.getByTestId('load-remote-images').click();
      // Through our proxy: the sender's server sees ours, without the agent's cookies, Referer or browser.
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBe(1);
      expect(proxyAnswers.every((a) => a.startsWith('200 '))).toBe(true);
      expect(trackerHits).toHaveLength(1);
      expect(trackerHits[0]).toMatchObject({ url: '/pixel.gif?u=thu', cookie: undefined, referer: undefined, userAgent: 'TanTam-ImageProxy/1' });
      expect(await img.getAttribute('src')).toBe(`/api/remote-image?url=${encodeURIComponent(trackerUrl)}`);
      expect(await page.getByTestId('remote-images-blocked').count()).toBe(0);
      await screenshot(page, `email-intake-02-images-loaded-${tag}`);
      await page.close();
    }
  });

  it('a list post is in the mailbox\'s filtered mail; "Vẫn tạo phiếu" files it', async () => {
    for (const [width, height, tag] of [[390, 844, 'phone'], [1440, 900, 'desktop']] as const) {
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}/settings/channels`);
      await page.getByTestId('filtered-mail-open').click();
      const item = page.getByTestId('filtered-mail-item').filter({ hasText: 'Khuyến mãi tháng 12' });
      await item.waitFor();
      expect(await item.getAttribute('data-reason')).toBe('list');
      expect(await item.textContent()).toContain('Danh sách gửi thư');
      await screenshot(page, `email-intake-03-filtered-${tag}`);
      if (tag === 'desktop') {
        await item.getByTestId('filtered-mail-file').click();
        await item.getByTestId('filtered-mail-ticket').waitFor();
        expect(await item.getByTestId('filtered-mail-file').count()).toBe(0);
        await screenshot(page, `email-intake-04-filed-${tag}`);
        await item.getByTestId('filtered-mail-ticket').click();
        await page.waitForURL(/\/tickets\//);
        await expect.poll(() => page.getByTestId('message-body').first().textContent(), { timeout: 20_000 }).toContain('Giảm 30% cho mọi đơn hàng trong tháng 12.');
      }
      await page.close();
    }
  });
});
