import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { z } from 'zod';
import type { InboundResultSchema } from '../shared/tickets';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot, SCREENSHOT_DIR } from './support/browser';

type InboundResult = z.infer<typeof InboundResultSchema>;

/** How far the page scrolls sideways (0: nothing is wider than the screen). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * The ticket's reply box and 5-step bar as an agent meets them on an email ticket of an install with
 * no mailbox: the box says before typing that the reply cannot go and what to do; "/chao" inserts the
 * canned greeting addressed "anh/chị <given name>"; the bar shows five steps and what is missing.
 */
describe('reply box and the 5-step bar', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Trần Minh Khoa', email: 'khoa@tantam.vn', password: 'mat-khau-an-toan' };
  let cookie = '';
  let token = '';
  let ticketId = '';
  // A provider that refuses every recipient (550), to see a failed delivery told as it happens.
  const refusing = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      cb(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
    },
  });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const tok = await http<{ token: string }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Hộp thư cũ' } });
    token = tok.data.token;
    const canned = await http(server.url, 'POST', '/api/canned-replies', {
      cookie,
      body: { shortcut: 'chao', title: 'Lời chào', body: 'Dạ Tận Tâm xin chào {{customer.salutation}}, em là {{agent.first_name}}. Em có thể hỗ trợ gì cho {{customer.pronoun}} ạ?' },
    });
    expect(canned.status).toBe(201);
    await http(server.url, 'POST', '/api/canned-replies', { cookie, body: { shortcut: 'cam-on', title: 'Cảm ơn', body: 'Dạ em cảm ơn {{customer.salutation}} ạ.' } });
    const inbound = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token: tok.data.token,
      body: {
        channel: 'email',
        externalId: '<dieu-hoa-1@gmail.com>',
        from: { kind: 'email', value: 'huy.tran@gmail.com', name: 'Trần Quang Huy' },
        subject: 'Điều hòa kêu to sau khi lắp',
        body: 'Chào shop, điều hòa nhà tôi mới lắp hôm qua mà chạy kêu rất to. Nhờ shop kiểm tra giúp.',
      },
    });
    expect(inbound.status).toBe(201);
    ticketId = inbound.data.ticketId;
    fs.mkdirSync('/tmp/shots-h7', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((r) => refusing.close(() => r()));
  });

  const shoot = async (page: Page, name: string) => {
    await screenshot(page, name);
    fs.copyFileSync(path.join(SCREENSHOT_DIR, `${name}.png`), `/tmp/shots-h7/${name}.png`);
  };

  it('warns in the reply box before typing, and "/chao" + Enter inserts the greeting with "anh/chị Huy" (1440 px)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/tickets/${ticketId}`);

    // Before the agent types a word: the reply cannot go, why, and what to do.
    const notice = page.getByTestId('reply-channel-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-reason')).toBe('no_account');
    const text = await notice.textContent();
    expect(text).toContain('Phiếu này chưa có hộp thư để gửi đi.');
    expect(text).toContain('Kết nối một hộp thư trong Cài đặt → Kênh liên lạc.');
    expect(await notice.getByRole('link', { name: 'Mở Kênh liên lạc' }).getAttribute('href')).toBe('/settings/channels');
    expect(await page.getByTestId('reply-write-note').isVisible()).toBe(true);
    const send = page.getByTestId('send-button');
    expect(await send.textContent()).toBe('Không gửi được');
    expect(await send.isDisabled()).toBe(true);
    expect(await page.getByText('Đã gửi trả lời').count()).toBe(0);

    // Five steps, status apart; the next one says what it misses.
    expect(await page.getByTestId('process-step').count()).toBe(5);
    expect(await page.getByTestId('process-step').allTextContents()).toEqual([
      expect.stringContaining('Tiếp nhận'),
      expect.stringContaining('Xác minh'),
      expect.stringContaining('Chuyển bộ phận'),
      expect.stringContaining('Phản hồi'),
      expect.stringContaining('Đánh giá'),
    ]);
    expect(await page.getByTestId('process-status').textContent()).toBe('Đang xử lý');
    expect(await page.getByTestId('process-next').getAttribute('data-step')).toBe('verified');
    expect(await page.getByTestId('process-next').textContent()).toContain('Chưa phân loại — chọn Phân loại ở bên phải');
    expect(await page.locator('[data-testid="process-step"][data-done="true"]').count()).toBe(1);
    expect(await page.getByText('Đã qua').count()).toBe(0);

    // "/" then letters: the menu, filtered without accents; Enter inserts the filled-in text.
    const input = page.getByTestId('reply-input');
    await input.click();
    await input.pressSequentially('/chào');
    const menu = page.getByTestId('slash-menu');
    await menu.waitFor();
    // The menu opens at once and fetches the canned replies then (useCannedReplies): wait for them, not just the menu.
    await menu.getByTestId('slash-option').first().waitFor();
    expect(await menu.getByTestId('slash-option').count()).toBe(1);
    expect(await menu.getByTestId('slash-option').textContent()).toContain('/chao');
    await shoot(page, 'h7-01-reply-blocked-slash-desktop');
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('Dạ Tận Tâm xin chào anh/chị Huy, em là Khoa. Em có thể hỗ trợ gì cho anh/chị ạ?');
    expect(await menu.isVisible()).toBe(false);

    // Arrows move, Esc closes and leaves the text as typed.
    await input.press('End');
    await input.pressSequentially(' /');
    await menu.waitFor();
    await expect.poll(() => menu.getByTestId('slash-option').count()).toBe(2);
    expect(await menu.locator('[aria-selected="true"]').textContent()).toContain('/cam-on');
    await input.press('ArrowDown');
    expect(await menu.locator('[aria-selected="true"]').textContent()).toContain('/chao');
    await input.press('Escape');
    expect(await menu.isVisible()).toBe(false);
    expect(await input.inputValue()).toMatch(/ạ\? \/$/);

    // Routing: once a category is chosen, the bar asks for a department.
    expect((await http(server.url, 'PATCH', `/api/tickets/${ticketId}`, { cookie, body: { category: 'Lắp đặt' } })).status).toBe(200);
    await expect.poll(() => page.getByTestId('process-next').getAttribute('data-step'), { timeout: 15_000 }).toBe('routed');
    expect(await page.getByTestId('process-next').textContent()).toContain('Chưa chuyển bộ phận — chọn Bộ phận ở bên phải');
    await shoot(page, 'h7-02-ticket-desktop');

    // "Write an internal note" switches the box to a note, which saves.
    await page.getByTestId('reply-write-note').click();
    expect(await send.textContent()).toBe('Lưu ghi chú');
    expect(await send.isDisabled()).toBe(false);
    await page.close();
  });

  it('fits 390 px: the steps as a list, the warning and the menu inside the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loginThroughForm(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.getByTestId('reply-channel-notice').waitFor();
    await page.getByTestId('process-step').first().waitFor();
    for (const id of ['ticket-progress', 'reply-box', 'reply-channel-notice']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(390);
    }
    // The steps stack: each one below the other.
    const ys = await page.getByTestId('process-step').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(5);
    const input = page.getByTestId('reply-input');
    await input.click();
    await input.pressSequentially('/ch');
    const menu = await page.getByTestId('slash-menu').boundingBox();
    expect(menu!.x + menu!.width).toBeLessThanOrEqual(390);
    expect(await sideways(page)).toBe(0);
    await shoot(page, 'h7-03-ticket-phone');
    await page.close();
  });

  it('the button and the toasts say what happened: recorded on a channel that does not send; sending, then why it failed', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginThroughForm(page, server.url, admin.email, admin.password);

    // A phone ticket: the reply is recorded, and the box says so before and after.
    const call = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: { channel: 'phone', externalId: 'call-1', from: { kind: 'phone', value: '0912 345 678', name: 'Lê Thu Uyên' }, subject: 'Gọi hỏi bảo hành', body: 'Khách gọi hỏi bảo hành máy giặt.' },
    });
    await page.goto(`${server.url}/tickets/${call.data.ticketId}`);
    await page.getByTestId('reply-not-sent').waitFor();
    const send = page.getByTestId('send-button');
    expect(await send.textContent()).toBe('Lưu trả lời');
    await page.getByTestId('reply-input').fill('Dạ em đã ghi nhận, kỹ thuật sẽ gọi lại chị trong hôm nay ạ.');
    await send.click();
    await page.getByText('Đã lưu trả lời vào phiếu (kênh này không gửi đi)').waitFor();

    // An email ticket with a mailbox whose provider refuses the address: "sending…", then the reason in Vietnamese.
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
    const port = (refusing.server.address() as AddressInfo).port;
    const box = await http(server.url, 'POST', '/api/channel-accounts', {
      cookie,
      body: { kind: 'email', name: 'CSKH', config: { address: 'cskh@tantam.vn', inbound: 'forward', smtp: { host: '127.0.0.1', port, secure: false } } },
    });
    expect(box.status).toBe(201);
    await page.goto(`${server.url}/tickets/${ticketId}`);
    await page.getByTestId('reply-box').waitFor();
    await expect.poll(() => send.textContent()).toBe('Gửi trả lời');
    expect(await page.getByTestId('reply-channel-notice').count()).toBe(0);
    await page.getByTestId('reply-input').fill('Dạ em chào anh Huy, kỹ thuật sẽ qua kiểm tra điều hòa chiều nay ạ.');
    await send.click();
    await page.getByText('Trả lời chưa tới được khách').waitFor({ timeout: 20_000 });
    await page.getByText('Máy chủ của khách từ chối nhận (địa chỉ không tồn tại hoặc bị chặn).', { exact: false }).first().waitFor();
    expect(await page.getByText('Đã gửi trả lời tới khách').count()).toBe(0);
    const outbound = page.locator('[data-testid="message"][data-direction="outbound"]').last();
    await expect.poll(() => outbound.getByTestId('delivery-status').getAttribute('data-status')).toBe('failed');
    expect(await outbound.getByTestId('delivery-error').getAttribute('data-error')).toBe('recipient_rejected');
    await shoot(page, 'h7-04-delivery-failed-toast');

    // The phone customer's email, now that a mailbox exists: offered on the phone ticket, one click opens an email ticket.
    const added = await http(server.url, 'POST', `/api/customers/${call.data.customerId}/identities`, { cookie, body: { kind: 'email', value: 'uyen.le@gmail.com' } });
    expect(added.status).toBe(201);
    await page.goto(`${server.url}/tickets/${call.data.ticketId}`);
    const alternatives = page.getByTestId('reply-alternatives');
    await alternatives.waitFor();
    expect(await alternatives.textContent()).toContain('Email: uyen.le@gmail.com');
    await shoot(page, 'h7-05-phone-ticket-alternatives');
    await alternatives.getByTestId('reply-open-on-channel').click();
    await page.waitForURL((u) => u.pathname.startsWith('/tickets/') && !u.pathname.endsWith(call.data.ticketId));
    await expect.poll(() => send.textContent()).toBe('Gửi trả lời');
    expect(await page.getByTestId('ticket-title').textContent()).toContain('Gọi hỏi bảo hành');
    await page.close();
  });
});
