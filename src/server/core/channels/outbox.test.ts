import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { webchatChannel } from '../../areas/channels/webchat/index.js';
import type { ChannelAdapter, OutboundRequest } from './types.js';
import { setDeliveryStatus } from './outbox.js';
import type { Message } from '../../../shared/tickets.js';

// The delivery machinery (queue, retries, status, manual retry) is channel-agnostic: a test adapter
// stands in for a real channel's send so that failures can be ordered at will.
let t: TestApp;
let ws: SeededWorkspace;
const original: Partial<ChannelAdapter> = {};
const sent: OutboundRequest[] = [];
let failWith: Error | null = null;

beforeAll(async () => {
  Object.assign(original, { send: webchatChannel.send, capabilities: webchatChannel.capabilities });
  webchatChannel.capabilities = { ...webchatChannel.capabilities, send: true };
  webchatChannel.send = async (_ctx, req) => {
    if (failWith) throw failWith;
    sent.push(req);
    return { externalId: `ext-${req.message.id}` };
  };
  t = await createTestApp();
  ws = await seedWorkspace(t);
});
afterAll(async () => {
  Object.assign(webchatChannel, original);
  await t.close();
});
afterEach(() => {
  failWith = null;
  sent.length = 0;
});

async function ticketWithReply(body: string) {
  const token = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: ws.admin.cookie }, payload: { name: 'x' } });
  const inbound = await t.app.inject({
    method: 'POST',
    url: '/api/inbound/messages',
    headers: { authorization: `Bearer ${token.json().token}` },
    payload: { channel: 'webchat', externalId: `in-${Math.random()}`, from: { kind: 'webchat', value: `v-${Math.random()}`, name: 'Khách' }, body: 'Xin chào' },
  });
  const ticketId = inbound.json().ticketId;
  const reply = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'reply', body } });
  expect(reply.statusCode).toBe(201);
  return { ticketId, message: reply.json<{ message: Message }>().message };
}

const thread = async (ticketId: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie } })).json<{ messages: Message[] }>().messages;

describe('outbound delivery', () => {
  it('a reply is queued in the same transaction and sent by the job', async () => {
    const { ticketId, message } = await ticketWithReply('Dạ em chào anh');
    expect(message.deliveryStatus).toBe('queued');
    expect(await t.ctx.jobs.pending('outbound.deliver')).toBe(1);
    await t.ctx.jobs.drain();
    expect(sent.map((r) => r.message.body)).toEqual(['Dạ em chào anh']);
    expect(sent[0].thread.map((m) => m.direction)).toEqual(['inbound']);
    const after = (await thread(ticketId)).find((m) => m.id === message.id);
    expect(after).toMatchObject({ deliveryStatus: 'sent', externalId: `ext-${message.id}`, deliveryAttempts: 1, deliveryError: null });
    // Running the queue again sends nothing twice.
    await t.ctx.jobs.drain();
    expect(sent).toHaveLength(1);
  });

  it('a permanent failure marks the message failed with the reason; a manual retry sends it', async () => {
    const { PermanentJobError } = await import('../jobs/define.js');
    failWith = new PermanentJobError('Người nhận không tồn tại');
    const { ticketId, message } = await ticketWithReply('Thử lại nhé');
    await t.ctx.jobs.drain();
    let m = (await thread(ticketId)).find((x) => x.id === message.id);
    expect(m).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'Người nhận không tồn tại' });

    failWith = null;
    const retry = await t.app.inject({ method: 'POST', url: `/api/messages/${message.id}/retry`, headers: { cookie: ws.admin.cookie } });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().message.deliveryStatus).toBe('queued');
    await t.ctx.jobs.drain();
    m = (await thread(ticketId)).find((x) => x.id === message.id);
    expect(m).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });
    // A sent message cannot be "retried".
    const again = await t.app.inject({ method: 'POST', url: `/api/messages/${message.id}/retry`, headers: { cookie: ws.admin.cookie } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.id).toBe('message.not_failed');
  });

  it('a transient failure keeps the message queued with the last error and retries later', async () => {
    failWith = new Error('connect ECONNREFUSED 127.0.0.1:25');
    const { ticketId, message } = await ticketWithReply('Lỗi tạm thời');
    await t.ctx.jobs.drain();
    const m = (await thread(ticketId)).find((x) => x.id === message.id);
    expect(m).toMatchObject({ deliveryStatus: 'queued', deliveryError: 'connect ECONNREFUSED 127.0.0.1:25', deliveryAttempts: 1 });
    // The retry waits for its back-off, so it is pending but not run by an immediate drain.
    expect(await t.ctx.jobs.pending('outbound.deliver')).toBe(1);
    expect(sent).toHaveLength(0);
  });

  it('a channel may report a sent message delivered then seen; late or repeated reports change nothing', async () => {
    const { ticketId, message } = await ticketWithReply('Dạ em gửi anh báo giá');
    await t.ctx.jobs.drain();
    const where = { workspaceId: ws.workspaceId, messageId: message.id };
    expect(await setDeliveryStatus(t.ctx.db, where, 'seen')).toBe(true);
    // A delivery receipt arriving after the seen one, or the seen one again, is ignored.
    expect(await setDeliveryStatus(t.ctx.db, where, 'delivered')).toBe(false);
    expect(await setDeliveryStatus(t.ctx.db, where, 'seen')).toBe(false);
    expect((await thread(ticketId)).find((m) => m.id === message.id)?.deliveryStatus).toBe('seen');
  });

  it('internal notes are never sent', async () => {
    const { ticketId } = await ticketWithReply('x');
    await t.ctx.jobs.drain();
    sent.length = 0;
    const note = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, headers: { cookie: ws.admin.cookie }, payload: { kind: 'note', body: 'ghi chú nội bộ' } });
    expect(note.json().message.deliveryStatus).toBeNull();
    await t.ctx.jobs.drain();
    expect(sent).toHaveLength(0);
  });
});
