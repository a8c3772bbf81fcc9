import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { InboundMessage } from '../../core/channels/types.js';
import { InboundGroupWriter } from './commands/ingest-group.js';
import { fileInboundMany } from './commands/ingest-inbound.js';

/** The group-commit writer and the set-based filing of a group (fileInboundMany), on a real database. */
describe('inbound group commit', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
  });
  afterAll(() => t.close());

  let seq = 0;
  const ext = () => `group-${Date.now()}-${seq++}`;
  const msg = (externalId: string, phone: string, body = 'Shop ơi còn hàng không ạ?', channel: InboundMessage['channel'] = 'zalo'): InboundMessage => ({
    channel, externalId, from: { kind: 'phone', value: phone, name: 'Khách Nhóm' }, body, contentType: 'text', attachments: [],
  });
  const actor = () => ({ kind: 'system' as const, workspaceId: w.workspaceId });

  const counts = async () =>
    t.ctx.db.one<{ m: number; t: number; c: number; created: number; tickets: number; customers: number }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE workspace_id = $1) AS m,
              (SELECT count(*)::int FROM tickets WHERE workspace_id = $1) AS t,
              (SELECT count(*)::int FROM customers WHERE workspace_id = $1) AS c,
              (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND type = 'message.created') AS created,
              (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND type = 'ticket.created') AS tickets,
              (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND type = 'customer.created') AS customers`,
      [w.workspaceId],
    );

  it('files many concurrent deliveries once each, with one event each, duplicates within and across groups included', async () => {
    const writer = new InboundGroupWriter(t.ctx.db);
    const before = await counts();
    // 40 senders (new phones), 3 messages each over two channels, every delivery sent twice at once.
    const items = Array.from({ length: 120 }, (_, i) =>
      msg(ext(), `0916 55${String(1000 + (i % 40)).slice(-4)}`, `tin ${i}`, i % 2 === 0 ? 'zalo' : 'messenger'),
    );
    const first = await Promise.all([...items, ...items].map((m) => writer.ingest(m, actor())));
    const after = await counts();
    expect(after.m - before.m).toBe(120);
    expect(after.created - before.created).toBe(120);
    expect(after.c - before.c).toBe(40);
    expect(after.customers - before.customers).toBe(40);
    const conversations = new Set(items.map((m) => `${m.from.value}|${m.channel}`)).size;
    expect(after.t - before.t).toBe(conversations);
    expect(after.tickets - before.tickets).toBe(conversations);
    // Tickets opened together (numbers reserved per group) still get distinct numbers.
    const numbers = await t.ctx.db.one<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT number)::int AS d FROM tickets WHERE workspace_id = $1', [w.workspaceId]);
    expect(numbers.d).toBe(numbers.n);
    // Each delivery's two copies got the same message; exactly one of them is the original.
    for (let i = 0; i < 120; i++) {
      expect(first[i + 120].messageId).toBe(first[i].messageId);
      expect([first[i].duplicate, first[i + 120].duplicate].filter((d) => !d)).toHaveLength(1);
    }
    // Delivered again later (other groups): nothing changes, every answer is a duplicate of the first.
    const again = await Promise.all(items.map((m) => writer.ingest(m, actor())));
    expect(again.every((r, i) => r.duplicate && r.messageId === first[i].messageId)).toBe(true);
    expect(await counts()).toEqual(after);
  }, 240_000);

  it('fileInboundMany: a list with a repeated delivery and one sender twice files one customer, one ticket, and answers the repeat as duplicate', async () => {
    const a = msg(ext(), '0916 771 001', 'một');
    const b = msg(ext(), '0916 771 001', 'hai');
    const c = msg(ext(), '0916 771 002', 'ba');
    const before = await counts();
    const results = await t.ctx.db.tx((tx) => fileInboundMany(t.ctx.db, tx, [a, b, { ...a }, c].map((input) => ({ input, actor: actor() }))));
    expect(results.map((r) => r.duplicate)).toEqual([false, false, true, false]);
    expect(results[2].messageId).toBe(results[0].messageId);
    expect(results[1].ticketId).toBe(results[0].ticketId);
    expect(results[1].customerId).toBe(results[0].customerId);
    expect(results[3].customerId).not.toBe(results[0].customerId);
    const after = await counts();
    expect([after.m - before.m, after.c - before.c, after.t - before.t, after.created - before.created]).toEqual([3, 2, 2, 3]);
    const bodies = await t.ctx.db.query<{ body: string }>('SELECT body FROM messages WHERE ticket_id = $1 ORDER BY created_at, id', [results[0].ticketId]);
    expect(bodies.map((r) => r.body).sort()).toEqual(['hai', 'một']);
    // Both messages counted on their ticket, the later one its preview (the rows are updated in turn).
    const ticket = await t.ctx.db.one<{ message_count: number; last_message_preview: string }>('SELECT message_count, last_message_preview FROM tickets WHERE id = $1', [results[0].ticketId]);
    expect(ticket).toMatchObject({ message_count: 2, last_message_preview: 'hai' });
    // A known customer in a later list: found, not created again; the open ticket is reused.
    const later = await t.ctx.db.tx((tx) => fileInboundMany(t.ctx.db, tx, [{ input: msg(ext(), '+84916771001', 'bốn'), actor: actor() }]));
    expect(later[0]).toMatchObject({ customerId: results[0].customerId, ticketId: results[0].ticketId, duplicate: false });
  });

  it('a new conversation filed as a group counts its messages as the same messages one by one do (the ticket is inserted already counting them)', async () => {
    const now = Date.now();
    // Out of order and tied: the preview is the last of the newest, last_customer_message_at the newest.
    const deliveries = (phone: string) => [
      { ...msg(ext(), phone, 'đầu tiên'), sentAt: new Date(now - 60_000) },
      { ...msg(ext(), phone, '<p>mới <b>nhất</b></p>'), contentType: 'html' as const, sentAt: new Date(now - 10_000) },
      { ...msg(ext(), phone, 'cũ hơn'), sentAt: new Date(now - 30_000) },
      { ...msg(ext(), phone, 'cùng lúc'), sentAt: new Date(now - 10_000) },
    ];
    const grouped = await t.ctx.db.tx((tx) => fileInboundMany(t.ctx.db, tx, deliveries('0916 772 001').map((input) => ({ input, actor: actor() }))));
    const alone = [];
    for (const input of deliveries('0916 772 002')) alone.push(await t.ctx.db.tx((tx) => fileInboundMany(t.ctx.db, tx, [{ input, actor: actor() }])));
    const state = (id: string) =>
      t.ctx.db.one<Record<string, unknown>>(
        `SELECT message_count, first_message_at, last_message_at, last_message_preview, last_customer_message_at,
                -- The document's lines as a set: one statement appends a group's lines by sent time, single deliveries by arrival.
                ARRAY(SELECT l FROM unnest(string_to_array(search_document, E'\n')) AS l ORDER BY l) AS doc_lines FROM tickets WHERE id = $1`,
        [id],
      );
    expect(new Set(grouped.map((r) => r.ticketId)).size).toBe(1);
    expect(new Set(alone.map((r) => r[0].ticketId)).size).toBe(1);
    const a = await state(grouped[0].ticketId);
    expect(a).toMatchObject({ message_count: 4, last_message_preview: 'cùng lúc', doc_lines: ['cu hon', 'cung luc', 'dau tien', 'khach nhom', 'moi nhat'] });
    expect(new Date(a.last_message_at as string).getTime()).toBe(now - 10_000);
    expect(new Date(a.last_customer_message_at as string).getTime()).toBe(now - 10_000);
    expect(a).toEqual(await state(alone[0][0].ticketId));
  });

  it('a failing member does not lose the others: each gets its own result', async () => {
    const writer = new InboundGroupWriter(t.ctx.db);
    const before = await counts();
    const bad = { ...msg(ext(), '0916 881 003'), body: 'x'.repeat(10) };
    const results = await Promise.allSettled([
      writer.ingest(msg(ext(), '0916 881 001'), actor()),
      // Refused before it joins a group (not a phone number).
      writer.ingest(msg(ext(), 'không phải số'), actor()),
      // Fails inside the group's transaction: its workspace does not exist (foreign keys).
      writer.ingest(bad, { kind: 'system', workspaceId: '00000000-0000-4000-8000-000000000000' }),
      writer.ingest(msg(ext(), '0916 881 002'), actor()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const after = await counts();
    expect([after.m - before.m, after.c - before.c]).toEqual([2, 2]);
  });
});
