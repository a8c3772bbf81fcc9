import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ChannelAccountDto } from '../shared/channels';
import { signZaloWebhook } from '../server/areas/channels/zalo/webhook-parse';
import { signMessengerWebhook } from '../server/areas/channels/messenger/index';
import { startFakeZalo, type FakeZalo } from '../server/test/fakes/zalo/server';
import { userMessage, zaloEvent, zaloMsgId } from '../server/test/fakes/zalo/webhook';
import { startFakeGraph, type FakeGraph } from '../server/test/fakes/graph/server';
import { messageEvent, newPsid, pageBody } from '../server/test/fakes/graph/messenger';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm } from './support/browser';

/** Where the pictures of this pages go (looked at by a person, at 1440×900 and 390×844). */
const SHOTS = process.env.SHOTS_DIR ?? path.resolve('screenshots');
/** A 1×1 PNG: the image an agent attaches to the reply. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/**
 * Zalo and Messenger through the real paths: an admin adds a Zalo OA in Settings and connects it on
 * (the fake) Zalo's permission page; a Zalo user writes (a signed webhook to the real server), shares
 * their phone and lands on the existing customer's profile; the agent sees the reply window and replies
 * with an image in the web app, and the fake Zalo server receives it. The same on Messenger (a Page
 * added in Settings, the webhook verified), then a CSAT by quick replies answered by a signed webhook.
 */
describe('Zalo OA and Messenger in the web app', () => {
  let server: RunningServer;
  let zalo: FakeZalo;
  let graph: FakeGraph;
  let browser: Browser;
  let context: BrowserContext;
  let cookie = '';
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const pageErrors: string[] = [];
  let existingId = '';
  let zaloAccount: ChannelAccountDto;
  let zaloTicketId = '';
  const zaloUser = '7012345678901234567';

  const shot = async (page: Page, name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const newPage = async (width = 1440, height = 900) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  const drain = () => server.ctx.jobs.drain();

  beforeAll(async () => {
    zalo = await startFakeZalo();
    graph = await startFakeGraph({ pageName: 'Điện máy Hoa Sen' });
    server = await startServer({ workers: false });
    Object.assign(server.ctx.env, zalo.env, { GRAPH_API_BASE: graph.url });
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const existing = await http<{ customer: { id: string } }>(server.url, 'POST', '/api/customers', { cookie, body: { name: 'Nguyễn Thị Hoa', phone: '0912345678', email: 'hoa.nguyen@gmail.com' } });
    expect(existing.status).toBe(201);
    existingId = existing.data.customer.id;
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const first = await context.newPage();
    await loginThroughForm(first, server.url, admin.email, admin.password);
    await first.close();
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.stop();
    await zalo?.close();
    await graph?.close();
  });

  /** Posts a Zalo event to the real server as Zalo does: the raw JSON, signed with the OA secret key. */
  async function postZalo(event: unknown) {
    const raw = JSON.stringify(event);
    const res = await fetch(`${server.url}/api/hooks/zalo/${zaloAccount.address}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': signZaloWebhook(raw, zalo.state.core.oaSecretKey) },
      body: raw,
    });
    expect(res.status).toBe(200);
    await drain();
  }

  it('an admin adds a Zalo OA and connects it on Zalo’s permission page', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/settings/channels`);
    await page.getByTestId('kind-zalo').waitFor();
    await page.getByTestId('add-zalo').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Zalo OA Hoa Sen');
    await dialog.locator('input[name="appId"]').fill(zalo.state.core.appId);
    await dialog.locator('input[name="appSecret"]').fill(zalo.state.core.appSecret);
    await dialog.locator('input[name="oaSecretKey"]').fill(zalo.state.core.oaSecretKey);
    await dialog.locator('input[name="zns.survey.templateId"]').fill('301245');
    await dialog.locator('textarea[name="zns.survey.params"]').fill('customer_name = {{customer.name}}\nlink = {{survey.url}}');
    await shot(page, 'zalo-01-form-1440');
    await dialog.getByTestId('account-save').click();

    const url = dialog.getByTestId('webhook-url');
    await url.waitFor();
    const list = await http<{ accounts: ChannelAccountDto[] }>(server.url, 'GET', '/api/channel-accounts?kind=zalo', { cookie });
    zaloAccount = list.data.accounts[0];
    expect(zaloAccount).toMatchObject({ name: 'Zalo OA Hoa Sen', config: { appId: zalo.state.core.appId, zns: { templates: { survey: { templateId: '301245', params: { customer_name: '{{customer.name}}', link: '{{survey.url}}' } } } } } });
    expect(zaloAccount.secretsSet).toMatchObject({ appSecret: true, oaSecretKey: true });
    expect(await url.textContent()).toBe(`${server.url}/api/hooks/zalo/${zaloAccount.address}`);
    await shot(page, 'zalo-02-created-1440');

    // Zalo's permission page (the fake grants at once) sends the browser back through our callback.
    await dialog.getByTestId('zalo-connect').click();
    const result = page.getByTestId('zalo-connect-result');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getAttribute('data-result')).toBe('connected');
    expect(zalo.state.oauth.granted.authorization_code).toBe(1);
    const after = await http<ChannelAccountDto>(server.url, 'GET', `/api/channel-accounts/${zaloAccount.id}`, { cookie });
    expect(after.data.secretsSet).toMatchObject({ accessToken: true, refreshToken: true });
    expect(after.data.config).toMatchObject({ oaId: zalo.state.core.oaId });
    await page.locator('[data-testid="account-row"][data-kind="zalo"]').waitFor();
    await shot(page, 'zalo-03-connected-1440');
    await page.close();
  });

  it('a Zalo user writes, shares their phone and lands on the existing customer’s profile', async () => {
    // Zalo will take replies naming this message (the fake counts them as replies, not proactive messages).
    const msgId = zaloMsgId();
    zalo.state.messages.userMessage(msgId, zaloUser, Date.now() - 60_000);
    await postZalo(userMessage(zalo, zaloUser, 'user_send_text', { msg_id: msgId, text: 'Máy lạnh nhà em chảy nước, bảo hành giúp em với' }, Date.now() - 60_000));
    await postZalo(zaloEvent(zalo, 'user_submit_info', { sender: { id: zaloUser }, recipient: { id: zalo.state.core.oaId }, info: { name: 'Hoa Nguyễn', phone: '84912345678', address: '12 Lê Lợi' } }));

    const c360 = await http<{ identities: { kind: string; value: string }[]; tickets: { id: string; channel: string }[] }>(server.url, 'GET', `/api/customers/${existingId}/360`, { cookie });
    expect(c360.data.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'zalo', value: zaloUser }), expect.objectContaining({ kind: 'phone', value: '+84912345678' })]));
    const ticket = c360.data.tickets.find((x) => x.channel === 'zalo');
    expect(ticket).toBeDefined();
    zaloTicketId = ticket!.id;

    const page = await newPage();
    await page.goto(`${server.url}/customers/${existingId}`);
    const reach = page.getByTestId('reach-zalo');
    await reach.waitFor();
    expect(await reach.textContent()).toContain(zaloUser);
    await expect.poll(() => reach.getByTestId('reach-window').getAttribute('data-state')).toBe('open');
    expect(await reach.getByTestId('reach-window').textContent()).toMatch(/^Còn 4[67] giờ \d+ phút để trả lời$/);
    expect(await reach.getByTestId('reach-replies').textContent()).toBe('còn 8 lượt trả lời miễn phí');
    await shot(page, 'zalo-04-customer-360-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await reach.scrollIntoViewIfNeeded();
    await shot(page, 'zalo-05-customer-360-390');
    await page.close();
  });

  it('the agent sees the window, replies with an image, and the fake Zalo server receives it', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tickets/${zaloTicketId}`);
    const bar = page.getByTestId('reply-window');
    await bar.waitFor();
    expect(await bar.getAttribute('data-tone')).toBe('ok');
    expect(await page.getByTestId('reply-window-time').textContent()).toMatch(/^Zalo: còn 4[67] giờ \d+ phút để trả lời$/);
    expect(await page.getByTestId('reply-window-replies').textContent()).toBe('còn 8 lượt trả lời miễn phí');

    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('attach-button').click();
    await (await chooser).setFiles({ name: 'huong-dan-ve-sinh.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('reply-input').fill('Dạ chị Hoa, chị xem hình hướng dẫn vệ sinh ống thoát nước giúp em ạ.');
    await shot(page, 'zalo-06-reply-window-1440');
    await page.getByTestId('send-button').click();
    await page.getByTestId('delivery-status').first().waitFor();
    await drain();

    const sent = zalo.state.messages.sent.filter((m) => m.userId === zaloUser);
    expect(zalo.state.messages.uploads.map((u) => [u.kind, u.contentType])).toEqual([['image', 'image/png']]);
    const ref = zalo.state.messages.uploads[0].ref;
    expect(sent.some((m) => JSON.stringify(m.message).includes(ref))).toBe(true);
    expect(sent.every((m) => m.quotaType === 'reply')).toBe(true);
    // Delivery moves on screen through the ticket's realtime topic; the replies left count down.
    await expect.poll(() => page.getByTestId('delivery-status').last().getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    await expect.poll(() => page.getByTestId('reply-window-replies').textContent(), { timeout: 15_000 }).not.toBe('còn 8 lượt trả lời miễn phí');
    await shot(page, 'zalo-07-sent-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('reply-window').scrollIntoViewIfNeeded();
    await shot(page, 'zalo-08-ticket-390');
    await page.close();
  });

  it('an OA whose authorisation is lost is shown loudly in Settings, with the way to reconnect', async () => {
    await server.ctx.db.query(`UPDATE channel_accounts SET status = 'error', status_message = $2 WHERE id = $1`, [zaloAccount.id, 'Zalo từ chối làm mới token (-14014): cần kết nối lại']);
    const page = await newPage();
    await page.goto(`${server.url}/settings/channels`);
    const alert = page.getByTestId('needs-reconnect');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Zalo OA "Zalo OA Hoa Sen" cần kết nối lại');
    expect(await alert.getByTestId('zalo-connect').textContent()).toBe('Kết nối lại với Zalo');
    await shot(page, 'zalo-09-reconnect-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'zalo-10-reconnect-390');
    await page.close();
    await server.ctx.db.query(`UPDATE channel_accounts SET status = 'ok', status_message = NULL WHERE id = $1`, [zaloAccount.id]);
  });

  it('Messenger: a Page added in Settings, a customer writes, the agent replies with an image, a CSAT by quick replies is answered', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/settings/channels`);
    await page.getByTestId('add-messenger').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="pageId"]').fill(graph.pageId);
    await dialog.locator('input[name="pageName"]').fill(graph.pageName);
    await dialog.locator('input[name="pageAccessToken"]').fill(graph.token);
    const appSecret = 'app-secret-hoa-sen-0123456789';
    await dialog.locator('input[name="appSecret"]').fill(appSecret);
    await dialog.getByTestId('generate-verify-token').click();
    const verifyToken = (await dialog.getByTestId('generated-verify-token').textContent())!;
    expect(verifyToken).toMatch(/^[A-Za-z0-9]{24}$/);
    await dialog.getByTestId('human-agent').click();
    await shot(page, 'messenger-01-form-1440');
    await dialog.getByTestId('account-save').click();
    await dialog.getByTestId('created-verify-token').waitFor({ timeout: 20_000 });
    expect(await dialog.getByTestId('created-verify-token').textContent()).toBe(verifyToken);
    const accounts = (await http<{ accounts: ChannelAccountDto[] }>(server.url, 'GET', '/api/channel-accounts?kind=messenger', { cookie })).data.accounts;
    expect(accounts).toHaveLength(1);
    const acc = accounts[0];
    expect(acc).toMatchObject({ config: { pageId: graph.pageId, humanAgentTag: true }, secretsSet: { pageAccessToken: true, appSecret: true, verifyToken: true } });
    expect(await dialog.getByTestId('webhook-url').textContent()).toBe(`${server.url}/api/hooks/messenger/${acc.address}`);
    await shot(page, 'messenger-02-created-1440');
    await dialog.getByTestId('account-done').click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-testid="account-row"][data-kind="messenger"]').scrollIntoViewIfNeeded();
    await shot(page, 'messenger-03-settings-390');

    // Facebook's webhook check: the challenge comes back only for the verify token typed above.
    const hook = `${server.url}/api/hooks/messenger/${acc.address}`;
    const verify = await fetch(`${hook}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect([verify.status, await verify.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${hook}?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1`)).status).toBe(403);

    const post = async (body: unknown) => {
      const raw = JSON.stringify(body);
      const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMessengerWebhook(appSecret, raw) }, body: raw });
      expect(res.status).toBe(200);
      await drain();
    };
    const psid = newPsid();
    graph.profiles.set(psid, { first_name: 'Tuấn', last_name: 'Phạm', profile_pic: `${graph.url}/cdn/tuan.jpg` });
    await post(pageBody({ pageId: graph.pageId, events: [messageEvent(graph.pageId, psid, { text: 'Shop ơi nồi chiên của mình bị bong lớp chống dính' })] }));
    const ticket = await server.ctx.db.one<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM tickets WHERE channel = 'messenger'`);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/tickets/${ticket.id}`);
    await page.getByTestId('reply-window').waitFor();
    // HUMAN_AGENT is on: 7 days after the customer's message.
    expect(await page.getByTestId('reply-window-time').textContent()).toMatch(/^Messenger: còn 16[78] giờ \d+ phút để trả lời$/);
    expect(await page.getByTestId('reply-window-replies').count()).toBe(0);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('attach-button').click();
    await (await chooser).setFiles({ name: 'phieu-bao-hanh.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('reply-input').fill('Dạ anh Tuấn, anh mang nồi kèm phiếu bảo hành này ra cửa hàng giúp em ạ.');
    await page.getByTestId('send-button').click();
    await page.getByTestId('delivery-status').first().waitFor();
    await drain();
    expect(graph.uploads.map((u) => [u.pageId, u.type, u.contentType])).toEqual([[graph.pageId, 'image', 'image/png']]);
    const toCustomer = graph.sends.filter((s) => s.body.recipient.id === psid);
    expect(toCustomer.some((s) => s.body.message.attachment?.payload.attachment_id === graph.uploads[0].attachmentId)).toBe(true);
    expect(toCustomer.every((s) => s.body.messaging_type === 'RESPONSE')).toBe(true);
    await expect.poll(() => page.getByTestId('delivery-status').last().getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    await shot(page, 'messenger-04-ticket-1440');

    // The CSAT goes as five quick replies; the customer's tap comes back as a signed webhook.
    const templates = (await http<{ templates: { id: string; type: string; enabled: boolean }[] }>(server.url, 'GET', '/api/survey-templates', { cookie })).data.templates;
    const csat = templates.find((x) => x.type === 'csat')!;
    if (!csat.enabled) expect((await http(server.url, 'PATCH', `/api/survey-templates/${csat.id}`, { cookie, body: { enabled: true } })).status).toBe(200);
    const sent = await http<{ status: string; requestId: string }>(server.url, 'POST', '/api/surveys/send', { cookie, body: { customerId: ticket.customer_id, ticketId: ticket.id, templateId: csat.id } });
    expect([sent.status, sent.data.status]).toEqual([202, 'sent']);
    await drain();
    const survey = graph.sends.filter((s) => s.body.recipient.id === psid && s.body.message.quick_replies);
    expect(survey).toHaveLength(1);
    const replies = survey[0].body.message.quick_replies!;
    expect(replies).toHaveLength(5);
    await post(pageBody({ pageId: graph.pageId, events: [messageEvent(graph.pageId, psid, { text: replies[0].title, quick_reply: { payload: replies[0].payload } })] }));
    const answer = await server.ctx.db.one<{ score: number; channel: string }>('SELECT score, channel FROM survey_answers WHERE request_id = $1', [sent.data.requestId]);
    expect(answer).toEqual({ score: 5, channel: 'messenger' });

    await page.reload();
    const shown = page.getByTestId('ticket-survey-answer');
    await shown.waitFor({ timeout: 15_000 });
    expect(await shown.getByTestId('survey-score').first().getAttribute('data-score')).toBe('5');
    await shot(page, 'messenger-05-csat-answered-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('reply-window').scrollIntoViewIfNeeded();
    await shot(page, 'messenger-06-ticket-390');
    await page.close();
  });
});
