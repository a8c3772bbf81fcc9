import net from 'node:net';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccountDto } from '../shared/channels';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DELIVER_JOB } from '../server/core/channels/outbox';
import { startSmtpReceiver, type SmtpReceiver } from '../server/areas/channels/email';
import { connectSocket, openAllWeek, visitorClient } from '../server/test/fixtures/webchat';
import type { TestApp } from '../server/test/harness';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * Channels in the agents' app, through the real paths: an admin connects a chat widget and a mailbox
 * in Settings (the mailbox's SMTP login is really tried), a customer's mail arrives through our SMTP
 * receiver, the agent's reply is refused by the provider's SMTP server (a local smtp-server answering
 * 550) and shows as failed with the reason; "Gửi lại" queues it again and it goes out.
 */
describe('channels in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: SmtpReceiver;
  let sink: SMTPServer;
  let sinkPort = 0;
  /** Recipients the provider's SMTP refuses for good. */
  const refused = new Set<string>();
  const sunk: string[] = [];
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const supervisor = { name: 'Đặng Thu Hà', email: 'ha@hoasen.vn', password: 'mat-khau-cua-ha' };
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  const mailbox = 'cskh@hoasen.vn';
  let adminCookie = '';
  let widgetKey = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, cb) {
        if (refused.has(address.address.toLowerCase())) {
          return cb(Object.assign(new Error(`5.2.2 <${address.address}>: Recipient address rejected: mailbox full`), { responseCode: 552 }));
        }
        cb();
      },
      onData(stream, session, cb) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          sunk.push(...session.envelope.rcptTo.map((r) => r.address));
          cb();
        });
      },
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
    sinkPort = (sink.server.address() as AddressInfo).port;

    // Jobs are created (deliveries are queued) but run only when the test drains them.
    server = await startServer({ workers: false });
    receiver = await startSmtpReceiver(server.ctx, { port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();

    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    adminCookie = setup.cookie!;
    for (const [u, role] of [
      [supervisor, 'supervisor'],
      [agent, 'agent'],
    ] as const) {
      expect((await http(server.url, 'POST', '/api/users', { cookie: adminCookie, body: { ...u, role, locale: 'vi' } })).status).toBe(201);
    }
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await receiver?.close();
    await server?.stop();
    await new Promise<void>((r) => (sink ? sink.close(() => r()) : r()));
  });

  let adminContext: BrowserContext | undefined;
  /** A new tab of the admin's browser (logged in through the form once, the session cookie shared). */
  async function adminPage(): Promise<Page> {
    if (!adminContext) {
      adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const first = await adminContext.newPage();
      await loginThroughForm(first, server.url, admin.email, admin.password);
      await first.close();
    }
    const page = await adminContext.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  /** A port nothing listens on: SMTP logins there are refused. */
  async function closedPort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  it('an admin adds a chat widget and gets its embed snippet', async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/settings`);
    await page.getByRole('link', { name: 'Kênh liên lạc' }).click();
    await page.getByTestId('kind-webchat').waitFor();
    await screenshot(page, 'channels-01-empty');

    await page.getByTestId('add-webchat').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Website chính');
    await dialog.locator('input[name="title"]').fill('Chat với Hoa Sen');
    await dialog.locator('input[name="color"]').fill('#c2255c');
    await dialog.locator('input[name="color"]').blur();
    // The preview follows the colour as it is typed.
    await expect.poll(() => dialog.getByTestId('widget-preview-bubble').getAttribute('data-color')).toBe('#c2255c');
    await dialog.getByTestId('prechat-email').getByText('Bắt buộc', { exact: true }).click();
    await dialog.getByPlaceholder('https://cuahang.vn').fill('https://hoasen.vn/');
    await dialog.getByPlaceholder('https://cuahang.vn').press('Enter');
    await screenshot(page, 'channels-02-widget-form');
    await dialog.getByTestId('account-save').click();

    const snippet = dialog.getByTestId('widget-snippet');
    await snippet.waitFor();
    const list = await http<{ accounts: ChannelAccountDto[] }>(server.url, 'GET', '/api/channel-accounts?kind=webchat', { cookie: adminCookie });
    expect(list.data.accounts).toHaveLength(1);
    const widget = list.data.accounts[0];
    widgetKey = widget.address;
    expect(widget).toMatchObject({ name: 'Website chính', config: { color: '#c2255c', allowedOrigins: ['https://hoasen.vn'], preChat: { email: 'required' } } });
    expect(await snippet.textContent()).toBe(`<script src="${server.url}/widget.js" data-tantam-widget="${widget.address}" async></script>`);
    await dialog.getByTestId('copy-snippet').waitFor();
    await screenshot(page, 'channels-03-widget-snippet');
    await dialog.getByTestId('account-done').click();
    await page.locator('[data-testid="account-row"][data-kind="webchat"]').waitFor();
    await page.close();
  });

  it('a mailbox whose SMTP login fails is not saved; the form says why', async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/settings/channels`);
    await page.getByTestId('add-email').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="address"]').fill(mailbox);
    await dialog.getByTestId('email-inbound').getByText('Chuyển tiếp tới Tận Tâm').click();
    await dialog.getByTestId('forward-instructions').waitFor();
    await dialog.locator('input[name="smtpHost"]').fill('127.0.0.1');
    await dialog.locator('input[name="smtpPort"]').fill(String(await closedPort()));
    await dialog.getByTestId('account-save').click();
    await expect.poll(() => dialog.getByTestId('account-form-error').textContent(), { timeout: 20_000 }).toContain('Không kết nối được máy chủ SMTP');
    await screenshot(page, 'channels-04-mailbox-smtp-failed');
    expect((await http<{ accounts: ChannelAccountDto[] }>(server.url, 'GET', '/api/channel-accounts?kind=email', { cookie: adminCookie })).data.accounts).toHaveLength(0);

    await dialog.locator('input[name="smtpPort"]').fill(String(sinkPort));
    await dialog.getByTestId('account-save').click();
    await page.locator('[data-testid="account-row"][data-kind="email"]').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await screenshot(page, 'channels-05-list');
    await page.close();
  });

  it('supervisors see the channels read-only; agents do not see them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await loginThroughForm(page, server.url, supervisor.email, supervisor.password);
    await page.goto(`${server.url}/settings/channels`);
    await page.locator('[data-testid="account-row"][data-kind="webchat"]').waitFor();
    expect(await page.getByTestId('add-webchat').count()).toBe(0);
    expect(await page.getByTestId('account-delete').count()).toBe(0);
    await page.getByTestId('account-edit').first().click();
    expect(await page.getByRole('dialog').getByTestId('account-save').count()).toBe(0);
    await ctx.close();

    const ctxB = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const b = await ctxB.newPage();
    await loginThroughForm(b, server.url, agent.email, agent.password);
    await b.goto(`${server.url}/settings/users`);
    await b.getByRole('link', { name: 'Người dùng' }).waitFor();
    expect(await b.getByRole('link', { name: 'Kênh liên lạc' }).count()).toBe(0);
    await ctxB.close();
  });

  it('a refused reply shows "Gửi lỗi" with the reason; "Gửi lại" queues it again and it goes out', async () => {
    const customer = 'thu.pham@gmail.com';
    refused.add(customer);
    const mail = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    const messageId = `<doi-tra-${Date.now()}@gmail.com>`;
    await mail.sendMail({
      from: { name: 'Phạm Thị Thu', address: customer },
      to: mailbox,
      cc: 'le.nam@gmail.com',
      subject: 'Hỏi về chính sách đổi trả',
      messageId,
      text:
        'Chào shop, tôi muốn đổi size áo đã mua tuần trước.\n\n' +
        'Vào Th 2, 17 thg 11, 2026 lúc 09:12, CSKH Hoa Sen <cskh@hoasen.vn> đã viết:\n> Dạ chào chị Thu, đơn hàng #DH10293 đã được giao.\n> Cảm ơn chị đã mua hàng.\n',
    });
    mail.close();
    const row = await server.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE external_id = $1', [messageId]);

    const page = await adminPage();
    await page.goto(`${server.url}/tickets/${row.ticket_id}`);
    const inbound = page.locator('[data-testid="message"][data-direction="inbound"]').first();
    await inbound.getByTestId('email-header').waitFor();
    expect(await inbound.getByTestId('email-from').textContent()).toContain(customer);
    expect(await inbound.getByTestId('email-cc').textContent()).toContain('le.nam@gmail.com');
    expect(await inbound.getByTestId('email-subject').textContent()).toContain('Hỏi về chính sách đổi trả');
    // The quoted history is folded away until asked for.
    expect(await inbound.getByTestId('quoted-text').isVisible()).toBe(false);
    await screenshot(page, 'channels-06-email-folded');
    await inbound.getByTestId('quoted-toggle').click();
    await expect.poll(() => inbound.getByTestId('quoted-text').isVisible()).toBe(true);
    expect(await inbound.getByTestId('quoted-text').textContent()).toContain('đơn hàng #DH10293 đã được giao');
    await screenshot(page, 'channels-07-email-unfolded');

    await page.getByTestId('reply-input').fill('Dạ chào chị Thu, chị gửi lại áo kèm phiếu đổi hàng giúp em nhé.');
    await page.getByTestId('send-button').click();
    const outbound = page.locator('[data-testid="message"][data-direction="outbound"]').first();
    await expect.poll(() => outbound.getByTestId('delivery-status').getAttribute('data-status')).toBe('queued');
    expect(await outbound.getByTestId('delivery-status').textContent()).toBe('Đang gửi');

    // The provider refuses the recipient for good: failed at once, shown live with the reason.
    await server.ctx.jobs.drain([DELIVER_JOB]);
    await expect.poll(() => outbound.getByTestId('delivery-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
    expect(await outbound.getByTestId('delivery-status').textContent()).toBe('Gửi lỗi');
    await outbound.getByTestId('delivery-error').hover();
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('mailbox full');
    expect(await tooltip.textContent()).toContain('Đã thử 1 lần');
    await screenshot(page, 'channels-08-delivery-failed');

    refused.delete(customer);
    await outbound.getByTestId('delivery-retry').click();
    await expect.poll(() => outbound.getByTestId('delivery-status').getAttribute('data-status')).toBe('queued');
    expect(await outbound.getByTestId('delivery-retry').count()).toBe(0);
    expect(await server.ctx.jobs.pending(DELIVER_JOB)).toBe(1);

    await server.ctx.jobs.drain([DELIVER_JOB]);
    await expect.poll(() => outbound.getByTestId('delivery-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    expect(sunk).toContain(customer);
    await screenshot(page, 'channels-09-delivery-sent');
    await page.close();
  });

  it("a chat visitor's typing shows on the ticket, and the agent's typing reaches the visitor", async () => {
    const t = { app: server.app, ctx: server.ctx } as TestApp;
    const ws = await server.ctx.db.one<{ id: string }>('SELECT id FROM workspaces LIMIT 1');
    await openAllWeek(t, ws.id);
    const origin = 'https://hoasen.vn';
    const visitor = visitorClient(t, widgetKey, { origin });
    await visitor.start({ name: 'Đỗ Thị Mai', email: 'mai.do@gmail.com' });
    const said = await visitor.say('Shop ơi, nhà 5 người thì nên dùng máy lọc nước loại nào ạ?');
    expect(said.status).toBe(201);
    const { ticket_id: ticketId } = await server.ctx.db.one<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [said.body.message.id]);
    const sock = await connectSocket(`${server.url.replace('http:', 'ws:')}/api/widget/${widgetKey}/ws?token=${encodeURIComponent(visitor.token!)}`, { origin });
    await sock.next((f) => f.type === 'status');

    const page = await adminPage();
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.getByTestId('reply-box').waitFor();
    // The visitor types until the page (once subscribed to the ticket) shows it.
    await expect
      .poll(
        async () => {
          sock.send({ type: 'typing' });
          return page.getByTestId('visitor-typing').count();
        },
        { interval: 500, timeout: 15_000 },
      )
      .toBe(1);
    expect(await page.getByTestId('visitor-typing').textContent()).toContain('Đỗ Thị Mai đang nhập…');
    await screenshot(page, 'channels-10-visitor-typing');
    // Nothing more comes: the hint goes away by itself.
    await page.getByTestId('visitor-typing').waitFor({ state: 'detached', timeout: 10_000 });

    await page.getByTestId('reply-input').pressSequentially('Dạ chào chị', { delay: 30 });
    const typing = await sock.next((f) => f.type === 'typing', 10_000);
    expect(typing.name).toBe(admin.name);
    // Throttled: a burst of keystrokes sends one signal, not one per key.
    await new Promise((r) => setTimeout(r, 500));
    expect(sock.received.filter((f) => f.type === 'typing')).toHaveLength(1);
    await sock.close();
    await page.close();
  });
});
