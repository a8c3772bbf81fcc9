import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { buildCustomer } from '../../../test/factories.js';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../../test/fakes/zalo/accounts.js';
import { postZaloWebhook, userMessage, zaloEvent, zaloMsgId } from '../../../test/fakes/zalo/webhook.js';
import { addMessage, lockTicket } from '../../tickets/index.js';
import { WEBHOOK_JOB } from './webhook.routes.js';
import { PROFILE_JOB } from './profile.js';

let t: TestApp;
let fake: FakeZalo;
let ws: string;
let key: string;
let accountId: string;
let userSeq = 100;
const newUserId = () => `70123456789012${String(userSeq++).padStart(5, '0')}`;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  ws = (await seedWorkspace(t)).workspaceId;
  const acc = await seedZaloAccount(t.ctx, ws, fake);
  key = acc.address;
  accountId = acc.id;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function deliver(...events: unknown[]) {
  for (const e of events) {
    const res = await postZaloWebhook(t.app, fake, key, e);
    expect(res.statusCode).toBe(200);
  }
  await t.ctx.jobs.drain([WEBHOOK_JOB, PROFILE_JOB]);
}

const customerOf = async (userId: string) => {
  const r = await t.ctx.db.maybeOne<{ id: string; name: string; phone: string | null; attributes: Record<string, Record<string, unknown>>; merged_into_id: string | null }>(
    `SELECT c.id, c.name, c.phone, c.attributes, c.merged_into_id FROM customers c JOIN customer_identities ci ON ci.customer_id = c.id
     WHERE ci.workspace_id = $1 AND ci.kind = 'zalo' AND ci.value = $2`,
    [ws, userId],
  );
  return r;
};
const messagesOf = (customerId: string) =>
  t.ctx.db.query<{ id: string; body: string; direction: string; external_id: string; ticket_id: string; delivery_status: string | null; meta: Record<string, unknown>; channel_account_id: string }>(
    `SELECT id, body, direction, external_id, ticket_id, delivery_status, meta, channel_account_id FROM messages WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, id`,
    [ws, customerId],
  );

describe('zalo inbound events', () => {
  it('user_send_text opens a ticket on the account for the Zalo user, with the time Zalo reports', async () => {
    const u = newUserId();
    const at = Date.now() - 60_000;
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'Cho mình hỏi giá điều hòa' }, at));
    const c = (await customerOf(u))!;
    const [m] = await messagesOf(c.id);
    expect(m).toMatchObject({ body: 'Cho mình hỏi giá điều hòa', direction: 'inbound', channel_account_id: accountId });
    const ticket = await t.ctx.db.one<{ channel: string; channel_account_id: string; first_message_at: Date }>('SELECT channel, channel_account_id, first_message_at FROM tickets WHERE id = $1', [m!.ticket_id]);
    expect(ticket.channel).toBe('zalo');
    expect(ticket.channel_account_id).toBe(accountId);
    expect(new Date(ticket.first_message_at).getTime()).toBe(at);
  });

  it('images, files, stickers: downloaded from the payload URLs into attachments', async () => {
    const u = newUserId();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const pdf = Buffer.from('%PDF-1.4 hoá đơn');
    const imgUrl = fake.state.core.serveFile('anh-may-lanh.png', 'image/png', png);
    const fileUrl = fake.state.core.serveFile('hoa-don.pdf', 'application/pdf', pdf);
    await deliver(
      userMessage(fake, u, 'user_send_image', { text: 'máy bị chảy nước', attachments: [{ type: 'image', payload: { url: imgUrl, thumbnail: imgUrl } }] }, Date.now() - 2000),
      userMessage(fake, u, 'user_send_file', { attachments: [{ type: 'file', payload: { url: fileUrl, name: 'hoa-don.pdf', size: String(pdf.length), type: 'pdf' } }] }),
    );
    const c = (await customerOf(u))!;
    const msgs = await messagesOf(c.id);
    expect(msgs).toHaveLength(2);
    const atts = await t.ctx.db.query<{ filename: string; content_type: string; data: Buffer; message_id: string }>(
      'SELECT filename, content_type, data, message_id FROM attachments WHERE message_id = ANY($1::uuid[]) ORDER BY filename',
      [msgs.map((m) => m.id)],
    );
    expect(atts.map((a) => [a.filename, a.content_type])).toEqual([
      ['anh-may-lanh.png', 'image/png'],
      ['hoa-don.pdf', 'application/pdf'],
    ]);
    expect(Buffer.from(atts[0]!.data).equals(png)).toBe(true);
    expect(Buffer.from(atts[1]!.data).equals(pdf)).toBe(true);
    expect(msgs[0]!.body).toBe('máy bị chảy nước');
  });

  it('a file Zalo no longer serves is filed with its link instead (not lost, not retried forever)', async () => {
    const u = newUserId();
    await deliver(userMessage(fake, u, 'user_send_file', { attachments: [{ type: 'file', payload: { url: `${fake.url}/files/gone.zip`, name: 'gone.zip', size: '10' } }] }));
    const [m] = await messagesOf((await customerOf(u))!.id);
    expect(m!.body).toBe(`gone.zip: ${fake.url}/files/gone.zip`);
  });

  it('location and link messages become readable text', async () => {
    const u = newUserId();
    await deliver(
      userMessage(fake, u, 'user_send_location', { attachments: [{ type: 'location', payload: { coordinates: { latitude: '10.7769', longitude: '106.7009' } } }] }, Date.now() - 2000),
      userMessage(fake, u, 'user_send_link', { attachments: [{ type: 'link', payload: { url: 'https://shop.example.vn/sp/123', title: 'Máy lạnh Inverter', thumbnail: '' } }] }),
    );
    const msgs = await messagesOf((await customerOf(u))!.id);
    expect(msgs[0]!.body).toContain('10.7769, 106.7009');
    expect(msgs[0]!.meta.location).toEqual({ latitude: '10.7769', longitude: '106.7009' });
    expect(msgs[1]!.body).toBe('Máy lạnh Inverter — https://shop.example.vn/sp/123');
  });

  it('anonymous_send_text files under an anonymous Zalo id of its own', async () => {
    const u = newUserId();
    await deliver(userMessage(fake, u, 'anonymous_send_text', { text: 'ẩn danh hỏi', conversation_id: 'conv-42' }));
    expect(await customerOf(u)).toBeUndefined();
    const c = (await customerOf(`anon:${u}`))!;
    const [m] = await messagesOf(c.id);
    expect(m!.body).toBe('ẩn danh hỏi');
    expect(m!.meta.zalo).toMatchObject({ anonymousId: u, conversationId: 'conv-42' });
  });

  it('follow/unfollow: the latest by Zalo’s timestamp wins; an older late delivery changes nothing', async () => {
    const u = newUserId();
    const now = Date.now();
    await deliver(zaloEvent(fake, 'unfollow', { follower: { id: u } }, now - 1000), zaloEvent(fake, 'follow', { follower: { id: u } }, now - 5000));
    const c = (await customerOf(u))!;
    expect(c.attributes.zalo).toMatchObject({ userId: u, follower: false });
    const events = await t.ctx.db.query<{ data: { state: string } }>(`SELECT data FROM events WHERE type = 'zalo.consent_changed' AND subject_id = $1 ORDER BY id`, [c.id]);
    expect(events.map((e) => e.data.state)).toEqual(['unfollow']);
    await deliver(zaloEvent(fake, 'follow', { follower: { id: u } }, now));
    expect((await customerOf(u))!.attributes.zalo).toMatchObject({ follower: true });
  });

  it('user_submit_info: the shared phone links the Zalo user to the existing customer with that phone', async () => {
    const existing = await buildCustomer(t.ctx, ws, { name: 'Nguyễn Thị Hoa', phone: '0912345678' });
    const u = newUserId();
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'Em muốn bảo hành' }));
    const zaloOnly = (await customerOf(u))!;
    expect(zaloOnly.id).not.toBe(existing.id);
    await deliver(zaloEvent(fake, 'user_submit_info', { sender: { id: u }, recipient: { id: fake.state.core.oaId }, info: { name: 'Hoa Nguyễn', phone: '84912345678', address: '12 Lê Lợi', city: 'TP. Hồ Chí Minh' } }));
    const linked = (await customerOf(u))!;
    // One profile now: the oldest (the existing customer) keeps it, the Zalo-only profile was merged into it.
    const live = linked.merged_into_id ?? linked.id;
    expect(live).toBe(existing.id);
    const ids = await t.ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [existing.id]);
    expect(ids).toEqual(expect.arrayContaining([{ kind: 'zalo', value: u }, { kind: 'phone', value: '+84912345678' }]));
    // The Zalo conversation is that customer's now.
    const tickets = await t.ctx.db.query<{ customer_id: string }>(`SELECT customer_id FROM tickets WHERE workspace_id = $1 AND channel = 'zalo' AND customer_id = $2`, [ws, existing.id]);
    expect(tickets.length).toBeGreaterThan(0);
  });

  it('receipts: delivered then seen move our message forward; a late "received" after "seen" changes nothing', async () => {
    const u = newUserId();
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'alo' }));
    const c = (await customerOf(u))!;
    const [inbound] = await messagesOf(c.id);
    const zaloId = zaloMsgId();
    const ours = await t.ctx.db.tx(async (tx) => {
      const ticket = await lockTicket(tx, ws, inbound!.ticket_id);
      const { message } = await addMessage(tx, ticket, { direction: 'outbound', authorUserId: null, channel: 'zalo', body: 'Dạ shop nghe', contentType: 'text', attachments: [], actor: { kind: 'system', workspaceId: ws } });
      await tx.query(`UPDATE messages SET delivery_status = 'sent', external_id = $2 WHERE id = $1`, [message.id, zaloId]);
      return message.id;
    });
    const status = async () => (await t.ctx.db.one<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = $1', [ours])).delivery_status;
    const oa = { id: fake.state.core.oaId };
    await deliver(zaloEvent(fake, 'user_received_message', { sender: oa, recipient: { id: u }, message: { msg_id: zaloId } }));
    expect(await status()).toBe('delivered');
    await deliver(zaloEvent(fake, 'user_seen_message', { sender: oa, recipient: { id: u }, message: { msg_ids: [zaloId, 'not-ours-123'] } }));
    expect(await status()).toBe('seen');
    await deliver(zaloEvent(fake, 'user_received_message', { sender: oa, recipient: { id: u }, message: { msg_id: zaloId } }));
    expect(await status()).toBe('seen');
  });

  it('echoes: our own send is recognised (not doubled); one from the OA manager joins the thread as outbound', async () => {
    const u = newUserId();
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'shop ơi' }));
    const c = (await customerOf(u))!;
    const [inbound] = await messagesOf(c.id);
    const ourId = zaloMsgId();
    await t.ctx.db.tx(async (tx) => {
      const ticket = await lockTicket(tx, ws, inbound!.ticket_id);
      const { message } = await addMessage(tx, ticket, { direction: 'outbound', authorUserId: null, channel: 'zalo', body: 'Dạ', contentType: 'text', attachments: [], actor: { kind: 'system', workspaceId: ws } });
      await tx.query(`UPDATE messages SET delivery_status = 'sent', external_id = $2 WHERE id = $1`, [message.id, ourId]);
    });
    const oa = { id: fake.state.core.oaId, admin_id: '4455667788990011223' };
    const managerId = zaloMsgId();
    const echo = zaloEvent(fake, 'oa_send_text', { sender: oa, recipient: { id: u }, message: { msg_id: managerId, text: 'Chào chị, em là Lan bên shop' } });
    await deliver(zaloEvent(fake, 'oa_send_text', { sender: oa, recipient: { id: u }, message: { msg_id: ourId, text: 'Dạ' } }), echo, echo);
    const msgs = await messagesOf(c.id);
    expect(msgs.map((m) => [m.direction, m.body])).toEqual([
      ['inbound', 'shop ơi'],
      ['outbound', 'Dạ'],
      ['outbound', 'Chào chị, em là Lan bên shop'],
    ]);
    const manager = msgs[2]!;
    expect(manager.external_id).toBe(managerId);
    expect(manager.delivery_status).toBe('sent');
    expect(manager.meta.from).toBe('Zalo OA Test · 4455667788990011223');
    expect(manager.ticket_id).toBe(inbound!.ticket_id);
  });

  it('profile: display name, avatar, follower state and a shared phone — fetched once per customer', async () => {
    const u = newUserId();
    const existing = await buildCustomer(t.ctx, ws, { name: 'Trần Văn Nam', phone: '0987654321' });
    fake.state.users.users.set(u, { user_id: u, display_name: 'Nam Trần', avatar: 'https://s120-ava-talk.zadn.vn/a/b.jpg', user_is_follower: true, shared_info: { phone: 84987654321 } });
    const before = fake.state.users.detailCalls;
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'một' }));
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'hai' }));
    expect(fake.state.users.detailCalls - before).toBe(1);
    const detailCall = fake.state.calls.filter((c) => c.path === '/v3.0/oa/user/detail').at(-1)!;
    expect(JSON.parse(detailCall.query.get('data')!)).toEqual({ user_id: u });
    const c = (await customerOf(u))!;
    const live = c.merged_into_id ?? c.id;
    expect(live).toBe(existing.id);
    const profile = await t.ctx.db.one<{ name: string; attributes: { zalo: Record<string, unknown> } }>('SELECT name, attributes FROM customers WHERE id = $1', [live]);
    // The name the business typed stays; Zalo's display name is kept beside it.
    expect(profile.name).toBe('Trần Văn Nam');
    expect(profile.attributes.zalo).toMatchObject({ displayName: 'Nam Trần', avatar: 'https://s120-ava-talk.zadn.vn/a/b.jpg', follower: true });
  });

  it('profile: a new customer without a name takes Zalo’s display name', async () => {
    const u = newUserId();
    fake.state.users.users.set(u, { user_id: u, display_name: 'Lê Thu Uyên', user_is_follower: false });
    await deliver(userMessage(fake, u, 'user_send_text', { text: 'hello' }));
    const c = (await customerOf(u))!;
    expect(c.name).toBe('Lê Thu Uyên');
    expect(c.attributes.zalo).toMatchObject({ follower: false, displayName: 'Lê Thu Uyên' });
  });
});
