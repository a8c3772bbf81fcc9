import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api } from '../../test/fixtures/tickets.js';
import { newId } from '../../core/lib/ids.js';
import { InboundGroupWriter } from './commands/ingest-group.js';

describe('POST /api/inbound/messages:batch and the group-commit writer', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let bearer: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    bearer = `Bearer ${await seedToken(t, w.admin.cookie)}`;
  });
  afterAll(() => t.close());

  const counts = async () => {
    const r = await t.ctx.db.one<{ m: number; t: number; c: number; e: number }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE workspace_id = $1) AS m, (SELECT count(*)::int FROM tickets WHERE workspace_id = $1) AS t,
              (SELECT count(*)::int FROM customers WHERE workspace_id = $1) AS c, (SELECT count(*)::int FROM events WHERE workspace_id = $1) AS e`,
      [w.workspaceId],
    );
    return r;
  };
  let seq = 0;
  const ext = () => `batch-${Date.now()}-${seq++}`;
  const batch = (items: unknown[], auth = bearer) => api(t, auth, 'POST', '/api/inbound/messages:batch', { items });

  it('files valid items, refuses bad ones with their own status and error id, and a repeated batch changes nothing', async () => {
    const first = { channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: '0912 700 001', name: 'Trần Thị Bích' }, body: 'Đơn của em tới đâu rồi ạ?' };
    const items = [
      first,
      { channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: '0912 700 001' } }, // no body
      { channel: 'phone', externalId: ext(), from: { kind: 'phone', value: 'không có số' }, body: 'x' },
      { ...first }, // the same delivery twice in one batch
      { channel: 'messenger', externalId: ext(), from: { kind: 'messenger', value: 'psid-batch-1', name: 'Lê Văn Cường' }, body: 'Cho hỏi giá' },
      { channel: 'zalo', externalId: ext(), from: { kind: 'phone', value: '+84912700001' }, body: 'Em cần gấp' },
      {
        channel: 'zalo', externalId: ext(), from: { kind: 'zalo', value: 'zalo-batch-9' }, body: 'ảnh',
        attachments: [{ filename: 'a.png', contentType: 'image/png', dataBase64: '@@not base64@@' }],
      },
    ];
    const before = await counts();
    const res = await batch(items);
    expect(res.status).toBe(200);
    const r = res.body.results as { index: number; status: number; ticketId?: string; customerId?: string; messageId?: string; duplicate?: boolean; error?: { id: string } }[];
    expect(r.map((x) => [x.index, x.status])).toEqual([[0, 201], [1, 400], [2, 400], [3, 200], [4, 201], [5, 201], [6, 400]]);
    expect(r[1].error!.id).toBe('validation.failed');
    expect(r[2].error!.id).toBe('customer.invalid_phone');
    expect(r[6].error!.id).toBe('attachment.invalid_base64');
    expect(r[3]).toMatchObject({ duplicate: true, messageId: r[0].messageId });
    // Same customer, same channel: one conversation, as with the single endpoint.
    expect(r[5].ticketId).toBe(r[0].ticketId);
    expect(r[5].customerId).toBe(r[0].customerId);
    expect(res.body).toMatchObject({ created: 3, duplicates: 1, failed: 3 });
    const after = await counts();
    expect([after.m - before.m, after.t - before.t, after.c - before.c]).toEqual([3, 2, 2]);

    // The integration lost our answer and sends the whole batch again: nothing changes.
    await t.ctx.jobs.drain(); // the first batch's reactions may still be appending their own events
    const settled = await counts();
    const again = await batch(items);
    expect(again.status).toBe(200);
    const r2 = again.body.results as typeof r;
    expect(r2.map((x) => x.status)).toEqual([200, 400, 400, 200, 200, 200, 400]);
    expect(r2.filter((x) => x.status === 200).map((x) => x.messageId)).toEqual([r[0].messageId, r[0].messageId, r[4].messageId, r[5].messageId]);
    expect(await counts()).toEqual(settled);
    // And the single endpoint agrees that these deliveries were filed.
    const single = await api(t, bearer, 'POST', '/api/inbound/messages', items[4]);
    expect(single.status).toBe(200);
    expect(single.body.messageId).toBe(r[4].messageId);
  });

  it('takes at most 500 items, at least one, and the same callers as the single endpoint', async () => {
    const one = { channel: 'zalo', externalId: ext(), from: { kind: 'zalo', value: 'u-batch' }, body: 'x' };
    const tooMany = await batch(Array.from({ length: 501 }, () => one));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.id).toBe('validation.failed');
    expect((await batch([])).status).toBe(400);
    const agent = await seedUser(t, w.workspaceId, 'agent');
    expect((await batch([one], agent.cookie)).status).toBe(403);
    expect((await batch([one], 'Bearer not-a-token')).status).toBe(401);
    expect((await batch([one], w.admin.cookie)).body.results[0].status).toBe(201);
  });

  it('files a large batch across several group transactions, each item once', async () => {
    const items = Array.from({ length: 130 }, (_, i) => ({
      channel: (['zalo', 'messenger', 'webchat'] as const)[i % 3],
      externalId: ext(),
      from: { kind: 'phone', value: `0938 ${String(100000 + (i % 30)).slice(-6)}` },
      body: `tin ${i}`,
    }));
    const before = await counts();
    const res = await batch(items);
    expect(res.body).toMatchObject({ created: 130, duplicates: 0, failed: 0 });
    const after = await counts();
    expect(after.m - before.m).toBe(130);
    // 30 senders × 3 channels, with a sender's messages on a channel in one conversation.
    expect(after.c - before.c).toBe(30);
    expect(after.t - before.t).toBe(new Set(items.map((x) => `${x.from.value}|${x.channel}`)).size);
  }, 240_000);

  it('a delivery that fails inside a shared transaction fails alone; the others of its group are filed', async () => {
    const writer = new InboundGroupWriter(t.ctx.db);
    const good = (i: number) => ({
      channel: 'zalo' as const, externalId: ext(), from: { kind: 'phone', value: `0977 123 ${String(400 + i)}` }, body: `ổn ${i}`, contentType: 'text' as const, attachments: [],
    });
    const actor = { kind: 'system' as const, workspaceId: w.workspaceId };
    const before = await counts();
    // Submitted in one turn of the event loop: one group. The stranger's workspace does not exist, so
    // its customer row fails its foreign key inside the group's transaction.
    const results = await Promise.allSettled([
      writer.ingest(good(1), actor),
      writer.ingest(good(2), { kind: 'system', workspaceId: newId() }),
      writer.ingest(good(3), actor),
      writer.ingest(good(4), actor),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const after = await counts();
    expect([after.m - before.m, after.c - before.c]).toEqual([3, 3]);
  });
});
