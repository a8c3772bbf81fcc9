import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { addMailbox, startSmtpSink } from '../../test/fixtures/email.js';
import { createWidget, openAllWeek, visitorClient } from '../../test/fixtures/webchat.js';
import type { ReplyChannel } from '../../../shared/channels.js';
import type { Message } from '../../../shared/tickets.js';

// Send-ability (GET /api/tickets/:id/reply-channel) per channel state, and the stable codes a failed
// delivery carries: the reply box warns before the agent types, and a failure is told in the agent's language.
let t: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let refusing: SMTPServer;
let refusingPort: number;

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  // An SMTP server that refuses every recipient (550), as a provider does for an unknown address.
  refusing = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      cb(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
    },
  });
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
  refusingPort = (refusing.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await sink.close();
  await new Promise<void>((r) => refusing.close(() => r()));
  await t.close();
});

async function inboundTicket(ws: SeededWorkspace, channel: string, from: { kind: string; value: string; name?: string }) {
  const token = await seedToken(t, ws.admin.cookie);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/inbound/messages',
    headers: { authorization: `Bearer ${token}` },
    payload: { channel, externalId: `in-${crypto.randomUUID()}`, from, subject: 'Điều hòa kêu to', body: 'Nhà em điều hòa kêu to ạ' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ ticketId: string; customerId: string }>();
}

const replyChannel = async (ws: SeededWorkspace, ticketId: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/reply-channel`, headers: { cookie: ws.admin.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ replyChannel: ReplyChannel }>().replyChannel;
};

async function replyAndDeliver(ws: SeededWorkspace, ticketId: string, body = 'Dạ em chào anh') {
  const res = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'reply', body } });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json<{ message: Message }>().message.id;
  await t.ctx.jobs.drain();
  const thread = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie } });
  return thread.json<{ messages: Message[] }>().messages.find((m) => m.id === id)!;
}

const smtpTo = (port: number) => ({ smtp: { host: '127.0.0.1', port, secure: false } });

describe('reply channel: email', () => {
  it('no mailbox: blocked before typing (no_account), and a reply sent anyway fails with that code', async () => {
    const ws = await seedWorkspace(t);
    const { ticketId } = await inboundTicket(ws, 'email', { kind: 'email', value: 'huy.tran@gmail.com', name: 'Trần Quang Huy' });
    expect(await replyChannel(ws, ticketId)).toMatchObject({ channel: 'email', mode: 'blocked', reason: 'no_account', account: null, alternatives: [] });
    const m = await replyAndDeliver(ws, ticketId);
    expect(m).toMatchObject({ deliveryStatus: 'failed', deliveryFailure: 'no_account' });
  });

  it('a mailbox without SMTP settings: account_not_configured; with SMTP: sends from it', async () => {
    const ws = await seedWorkspace(t);
    const { ticketId } = await inboundTicket(ws, 'email', { kind: 'email', value: 'uyen.le@gmail.com', name: 'Lê Thu Uyên' });
    const forwardOnly = await addMailbox(t, ws);
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'blocked', reason: 'account_not_configured', account: { address: forwardOnly.address } });
    await t.ctx.db.query('DELETE FROM channel_accounts WHERE id = $1', [forwardOnly.id]);

    const mailbox = await addMailbox(t, ws, smtpTo(sink.port));
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'sends', reason: null, warning: null, account: { id: mailbox.id, address: mailbox.address } });
    expect(await replyAndDeliver(ws, ticketId)).toMatchObject({ deliveryStatus: 'sent', deliveryFailure: null });

    // A connection problem shown in settings is a warning, not a block (its IMAP side may be what failed).
    await t.ctx.db.query(`UPDATE channel_accounts SET status = 'error', status_message = 'IMAP login failed' WHERE id = $1`, [mailbox.id]);
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'sends', warning: 'account_error' });
  });

  it('the ticket\'s mailbox switched off: account_disabled, and the delivery fails with that code', async () => {
    const ws = await seedWorkspace(t);
    const { ticketId } = await inboundTicket(ws, 'email', { kind: 'email', value: 'nam@fpt.vn' });
    const mailbox = await addMailbox(t, ws, smtpTo(sink.port));
    await t.ctx.db.query('UPDATE tickets SET channel_account_id = $2 WHERE id = $1', [ticketId, mailbox.id]);
    const off = await t.app.inject({ method: 'PATCH', url: `/api/channel-accounts/${mailbox.id}`, headers: { cookie: ws.admin.cookie }, payload: { enabled: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'blocked', reason: 'account_disabled' });
    expect(await replyAndDeliver(ws, ticketId)).toMatchObject({ deliveryStatus: 'failed', deliveryFailure: 'account_disabled' });
  });

  it('a customer without an email address: no_recipient', async () => {
    const ws = await seedWorkspace(t);
    await addMailbox(t, ws, smtpTo(sink.port));
    const c = await t.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: ws.admin.cookie }, payload: { name: 'Phạm Văn Đức', phone: '0912345678' } });
    expect(c.statusCode, c.body).toBe(201);
    const tk = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { cookie: ws.admin.cookie },
      payload: { customerId: c.json().customer.id, subject: 'Gọi lại', channel: 'email' },
    });
    expect(tk.statusCode, tk.body).toBe(201);
    expect(await replyChannel(ws, tk.json().ticket.id)).toMatchObject({ mode: 'blocked', reason: 'no_recipient' });
  });

  it('a refused recipient fails with recipient_rejected (the server\'s words kept as detail); an unreachable server retries as server_unavailable', async () => {
    const ws = await seedWorkspace(t);
    const { ticketId } = await inboundTicket(ws, 'email', { kind: 'email', value: 'khong-ton-tai@gmail.com' });
    const mailbox = await addMailbox(t, ws, smtpTo(refusingPort));
    const m = await replyAndDeliver(ws, ticketId);
    expect(m).toMatchObject({ deliveryStatus: 'failed', deliveryFailure: 'recipient_rejected' });
    expect(m.deliveryError).toMatch(/Mailbox does not exist/);

    // Nothing listens on port 1: the connection is refused and the job will retry.
    await t.ctx.db.query(`UPDATE channel_accounts SET config = config || '{"smtp":{"host":"127.0.0.1","port":1,"secure":false}}'::jsonb WHERE id = $1`, [mailbox.id]);
    const again = await replyAndDeliver(ws, ticketId, 'Thử lại');
    expect(again).toMatchObject({ deliveryStatus: 'queued', deliveryFailure: 'server_unavailable', deliveryAttempts: 1 });
  });
});

describe('reply channel: phone, web chat', () => {
  it('a phone ticket records replies only, and lists the customer\'s email when a mailbox can start a conversation', async () => {
    const ws = await seedWorkspace(t);
    const { ticketId, customerId } = await inboundTicket(ws, 'phone', { kind: 'phone', value: '0987654321', name: 'Nguyễn Thị Mai' });
    expect(await replyChannel(ws, ticketId)).toMatchObject({ channel: 'phone', mode: 'records', reason: null, alternatives: [] });
    await t.app.inject({ method: 'POST', url: `/api/customers/${customerId}/identities`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'email', value: 'Mai.Nguyen@Gmail.com' } });
    await addMailbox(t, ws, smtpTo(sink.port));
    expect((await replyChannel(ws, ticketId)).alternatives).toEqual([{ channel: 'email', kind: 'email', value: 'mai.nguyen@gmail.com' }]);
  });

  it('a chat ticket without its chat visitor: no_conversation; a real chat sends, even after the visitor left', async () => {
    const ws = await seedWorkspace(t);
    const api = await inboundTicket(ws, 'webchat', { kind: 'webchat', value: `v-${crypto.randomUUID()}` });
    expect(await replyChannel(ws, api.ticketId)).toMatchObject({ mode: 'blocked', reason: 'no_conversation' });

    await openAllWeek(t, ws.workspaceId);
    const widget = await createWidget(t, ws.admin.cookie);
    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Khách web' });
    const said = await v.say('Cho em hỏi giá máy lọc nước');
    expect(said.status, JSON.stringify(said.body)).toBe(201);
    const ticketId = (await t.ctx.db.one<{ id: string }>(`SELECT id FROM tickets WHERE workspace_id = $1 AND channel = 'webchat' AND channel_account_id = $2`, [ws.workspaceId, widget.id])).id;
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'sends', account: { id: widget.id } });
    expect((await v.call('POST', '/end')).status).toBe(200);
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'sends' });

    const off = await t.app.inject({ method: 'PATCH', url: `/api/channel-accounts/${widget.id}`, headers: { cookie: ws.admin.cookie }, payload: { enabled: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'blocked', reason: 'account_disabled' });
  });

  it('a channel with a reply window: window_closed once the customer\'s last message is older than it', async () => {
    const ws = await seedWorkspace(t);
    await openAllWeek(t, ws.workspaceId);
    const widget = await createWidget(t, ws.admin.cookie);
    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Khách web' });
    await v.say('Alo shop ơi');
    const ticketId = (await t.ctx.db.one<{ id: string }>(`SELECT id FROM tickets WHERE workspace_id = $1 AND channel = 'webchat'`, [ws.workspaceId])).id;
    const webchatChannel = t.ctx.channels.get('webchat')!;
    const capabilities = webchatChannel.capabilities;
    // The window is the channel's declared capability (Messenger 24 h): core checks it for any channel.
    webchatChannel.capabilities = { ...capabilities, replyWindowHours: 24 };
    try {
      expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'sends' });
      await t.ctx.db.query(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE ticket_id = $1 AND direction = 'inbound'`, [ticketId]);
      expect(await replyChannel(ws, ticketId)).toMatchObject({ mode: 'blocked', reason: 'window_closed' });
    } finally {
      webchatChannel.capabilities = capabilities;
    }
  });
});
