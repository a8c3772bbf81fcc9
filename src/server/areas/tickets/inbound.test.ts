import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, eventsOf } from '../../test/fixtures/tickets.js';
import { ingestInbound, type InboundMessage } from './index.js';

describe('POST /api/inbound/messages', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let bearer: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    bearer = `Bearer ${await seedToken(t, w.admin.cookie)}`;
  });
  afterAll(() => t.close());

  const count = async (table: string) => (await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`, [w.workspaceId])).n;
  let seq = 0;
  const ext = () => `ext-${Date.now()}-${seq++}`;
  const send = (body: Record<string, unknown>, auth = bearer) => api(t, auth, 'POST', '/api/inbound/messages', body);

  it('creates the customer and a ticket, then threads the next message into the open ticket', async () => {
    const first = await send({ channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: '0912 111 222', name: 'Nguyễn Văn An' }, body: 'Shop ơi, áo size M còn không?' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false });
    const d = (await api(t, bearer, 'GET', `/api/tickets/${first.body.ticketId}`)).body.ticket;
    expect(d).toMatchObject({ channel: 'zalo', status: 'received', subject: 'Shop ơi, áo size M còn không?', messageCount: 1, customer: { name: 'Nguyễn Văn An', phone: '+84912111222' } });
    expect(d.lastCustomerMessageAt).not.toBeNull();
    // Same person, number written differently: same customer, same open ticket.
    const second = await send({ channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: '+84912111222' }, body: '<p>Em cần <b>gấp</b></p>', contentType: 'html' });
    expect(second.status).toBe(201);
    expect(second.body.customerId).toBe(first.body.customerId);
    expect(second.body.ticketId).toBe(first.body.ticketId);
    const thread = (await api(t, bearer, 'GET', `/api/tickets/${first.body.ticketId}/messages`)).body.messages;
    expect(thread.map((m: { direction: string; contentType: string }) => [m.direction, m.contentType])).toEqual([['inbound', 'text'], ['inbound', 'html']]);
    expect(thread[1].body).toBe('<p>Em cần <b>gấp</b></p>');
    const after = (await api(t, bearer, 'GET', `/api/tickets/${first.body.ticketId}`)).body.ticket;
    expect(after.lastMessagePreview).toBe('Em cần gấp');
    // Another channel is another conversation.
    const mail = await send({ channel: 'email', externalId: ext(), from: { kind: 'phone', value: '0912111222' }, subject: 'Hỏi hàng', body: 'Email' });
    expect(mail.body.customerId).toBe(first.body.customerId);
    expect(mail.body.ticketId).not.toBe(first.body.ticketId);
  });

  it('answers a repeated delivery with 200 duplicate and changes nothing', async () => {
    const body = { channel: 'messenger', externalId: ext(), from: { kind: 'messenger', value: 'psid-1', name: 'Lan' }, body: 'Xin chào' };
    const first = await send(body);
    expect(first.status).toBe(201);
    // The first delivery's reactions (AI predictions …) may still be appending their own events.
    await t.ctx.jobs.drain();
    const before = [await count('messages'), await count('tickets'), await count('customers'), await count('events')];
    const again = await send(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect([await count('messages'), await count('tickets'), await count('customers'), await count('events')]).toEqual(before);
  });

  it('turns 20 concurrent identical deliveries into exactly one message, ticket and customer', async () => {
    const body = { channel: 'webchat', externalId: ext(), from: { kind: 'webchat', value: `visitor-${ext()}`, name: 'Khách web' }, body: 'Alo' };
    const before = [await count('messages'), await count('tickets'), await count('customers')];
    const results = await Promise.all(Array.from({ length: 20 }, () => send(body)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.messageId)).size).toBe(1);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(19);
    expect([await count('messages'), await count('tickets'), await count('customers')]).toEqual(before.map((n) => n + 1));
  });

  it('files concurrent different messages of a new customer into one ticket', async () => {
    const from = { kind: 'phone', value: '0987 000 111' };
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => send({ channel: 'zalo', externalId: ext(), from, body: `tin ${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.ticketId)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.customerId)).size).toBe(1);
  });

  it('gives concurrent new tickets of different customers distinct ticket numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send({ channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: `0903 555 ${String(100 + i)}` }, body: `khách ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.body.customerId)).size).toBe(10);
    const ids = results.map((r) => r.body.ticketId);
    const rows = await t.ctx.db.query<{ number: number }>('SELECT number FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [w.workspaceId, ids]);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => Number(r.number))).size).toBe(10);
  });

  it('reopens a ticket resolved within 7 days, opens a new one after that or after closing', async () => {
    const from = { kind: 'email', value: 'Binh@Example.vn', name: 'Bình' };
    const first = await send({ channel: 'email', externalId: ext(), from, body: 'Đơn hàng #123 bị lỗi' });
    const ticketId = first.body.ticketId;
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { status: 'resolved' })).status).toBe(200);
    const back = await send({ channel: 'email', externalId: ext(), from, body: 'Vẫn lỗi ạ' });
    expect(back.body.ticketId).toBe(ticketId);
    const d = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ticketId}`)).body.ticket;
    expect(d).toMatchObject({ status: 'received', reopenCount: 1, resolvedAt: null });
    expect((await eventsOf(t, ticketId)).find((e) => e.type === 'ticket.reopened')).toMatchObject({ actor_type: 'token', data: { from: 'resolved', to: 'received' } });

    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ticketId}`, { status: 'resolved' });
    await t.ctx.db.query(`UPDATE tickets SET resolved_at = now() - interval '8 days' WHERE id = $1`, [ticketId]);
    const late = await send({ channel: 'email', externalId: ext(), from, body: 'Lại là em' });
    expect(late.body.ticketId).not.toBe(ticketId);
    expect(late.body.customerId).toBe(first.body.customerId);

    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${late.body.ticketId}`, { status: 'closed' });
    const afterClose = await send({ channel: 'email', externalId: ext(), from, body: 'Cảm ơn' });
    expect(afterClose.body.ticketId).not.toBe(late.body.ticketId);
  });

  it('stores attachments, refuses oversized ones (413) and bad identities (400) without writing', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    const ok = await send({ channel: 'zalo', externalId: ext(), from: { kind: 'zalo', value: 'zalo-uid-9' }, body: 'ảnh', attachments: [{ filename: 'ảnh lỗi.png', contentType: 'image/png', dataBase64: png }] });
    expect(ok.status).toBe(201);
    const msgs = (await api(t, bearer, 'GET', `/api/tickets/${ok.body.ticketId}/messages`)).body.messages;
    expect(msgs[0].attachments).toEqual([{ id: expect.any(String), filename: 'ảnh lỗi.png', contentType: 'image/png', size: 8 }]);

    const before = [await count('messages'), await count('tickets'), await count('customers')];
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1).toString('base64');
    const tooBig = await send({ channel: 'zalo', externalId: ext(), from: { kind: 'zalo', value: 'zalo-uid-10' }, body: 'x', attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', dataBase64: big }] });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.id).toBe('attachment.too_large');
    const badPhone = await send({ channel: 'phone', externalId: ext(), from: { kind: 'phone', value: 'không có số' }, body: 'x' });
    expect(badPhone.status).toBe(400);
    const badKind = await send({ channel: 'zalo', externalId: ext(), from: { kind: 'fax', value: '1' }, body: 'x' });
    expect(badKind.body.error.id).toBe('validation.failed');
    expect([await count('messages'), await count('tickets'), await count('customers')]).toEqual(before);
  });

  it('is for API tokens and admins only', async () => {
    const agent = await seedUser(t, w.workspaceId, 'agent');
    const body = { channel: 'zalo', externalId: ext(), from: { kind: 'zalo', value: 'u-1' }, body: 'x' };
    expect((await send(body, agent.cookie)).status).toBe(403);
    expect((await send(body, w.admin.cookie)).status).toBe(201);
    expect((await send({ ...body, externalId: ext() }, 'Bearer not-a-token')).status).toBe(401);
  });

  it('keeps idempotency keys per workspace', async () => {
    const w2 = await seedWorkspace(t, 'Cửa hàng Hai');
    const bearer2 = `Bearer ${await seedToken(t, w2.admin.cookie)}`;
    const body = { channel: 'zalo', externalId: 'same-id-everywhere', from: { kind: 'zalo', value: 'u-2' }, body: 'x' };
    expect((await send(body)).status).toBe(201);
    const other = await send(body, bearer2);
    expect(other.status).toBe(201);
    expect(other.body.duplicate).toBe(false);
  });

  it("files a machine's auto-reply only into the open ticket its thread keys name, as that ticket's customer; never opens, reopens or creates", async () => {
    const actor = { kind: 'system' as const, workspaceId: w.workspaceId };
    const key = `<thread-${ext()}@shop.vn>`;
    const first = await ingestInbound(t.ctx.db, { channel: 'email', externalId: ext(), from: { kind: 'email', value: 'khach@khach.vn' }, subject: 'Hỏi', body: 'Alo', contentType: 'text', attachments: [], threadKeys: [key] }, actor);
    const auto = (over: Partial<InboundMessage> = {}): InboundMessage => ({
      channel: 'email', externalId: ext(), from: { kind: 'email', value: 'robot@khac.vn' }, body: 'Tôi đang nghỉ phép', contentType: 'text', attachments: [],
      threading: { keys: [key], newConversation: true }, meta: { autoReason: 'Auto-Submitted: auto-replied' }, ...over,
    });
    const customers = await count('customers');
    const input = auto();
    const recorded = await ingestInbound(t.ctx.db, input, actor, { mode: 'auto_reply' });
    expect(recorded).toMatchObject({ ticketId: first.ticketId, customerId: first.customerId, duplicate: false });
    const m = await t.ctx.db.one('SELECT customer_id, meta FROM messages WHERE id = $1', [recorded!.messageId]);
    expect(m).toMatchObject({ customer_id: first.customerId, meta: { auto: 'auto_reply', autoReason: 'Auto-Submitted: auto-replied' } });
    expect(await count('customers')).toBe(customers);
    // A repeat is a duplicate; one that names no ticket of ours is dropped (no ticket opened).
    expect(await ingestInbound(t.ctx.db, input, actor, { mode: 'auto_reply' })).toMatchObject({ messageId: recorded!.messageId, duplicate: true });
    const tickets = await count('tickets');
    expect(await ingestInbound(t.ctx.db, auto({ threading: { keys: ['<unknown@x.vn>'], newConversation: true } }), actor, { mode: 'auto_reply' })).toBeUndefined();
    // A resolved ticket stays resolved and hears nothing.
    expect((await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${first.ticketId}`, { status: 'resolved' })).status).toBe(200);
    expect(await ingestInbound(t.ctx.db, auto(), actor, { mode: 'auto_reply' })).toBeUndefined();
    expect((await api(t, bearer, 'GET', `/api/tickets/${first.ticketId}`)).body.ticket.status).toBe('resolved');
    expect(await count('tickets')).toBe(tickets);
    expect(await count('customers')).toBe(customers);
  });
});
