import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildTicket } from '../../test/factories.js';
import { addMessage, type TicketRow } from './index.js';
import { api, openTicket } from '../../test/fixtures/tickets.js';
import type { InboxPage } from '../../../shared/tickets.js';

/**
 * The inbox filter by the sentiment of the customer's latest message (message_sentiments, written by
 * the AI area's reaction on each inbound message): only the latest counts, an unread ticket has none,
 * bad values are refused, and other workspaces never leak in.
 */
describe('GET /api/tickets?sentiment=', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  const ids: Record<string, string> = {};

  async function customerWrites(tk: TicketRow, body: string, at: Date) {
    await t.ctx.db.tx((tx) =>
      addMessage(tx, tk, { direction: 'inbound', authorUserId: null, channel: tk.channel, body, contentType: 'text', attachments: [], sentAt: at, actor: { kind: 'system', workspaceId: tk.workspace_id } }),
    );
  }

  /**
   * What the AI read in the ticket's latest customer message, written as its reaction writes it (the
   * reading itself is tested in the AI area; this test is about the filter).
   */
  async function readAs(ticketId: string, sentiment: string, minutesAgo: number) {
    await t.ctx.db.query(
      `INSERT INTO message_sentiments (message_id, workspace_id, ticket_id, customer_id, sentiment, score, confidence, created_at)
       SELECT m.id, m.workspace_id, m.ticket_id, m.customer_id, $2, 0, 0.9, now() - make_interval(mins => $3::int)
       FROM messages m WHERE m.ticket_id = $1 AND m.direction = 'inbound' ORDER BY m.created_at DESC LIMIT 1
       ON CONFLICT (message_id) DO UPDATE SET sentiment = EXCLUDED.sentiment, created_at = EXCLUDED.created_at`,
      [ticketId, sentiment, minutesAgo],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Khác');
    const angry = await buildTicket(t.ctx, w.workspaceId, { subject: 'Khiếu nại', body: 'Hàng bị vỡ, đóng gói quá ẩu, tôi rất thất vọng' });
    const happy = await buildTicket(t.ctx, w.workspaceId, { subject: 'Cảm ơn', body: 'Cảm ơn shop, hàng rất tốt, giao nhanh' });
    const calmedDown = await buildTicket(t.ctx, w.workspaceId, { subject: 'Đổi hàng', body: 'Sao giao sai màu vậy, bực mình quá' });
    const neutral = await buildTicket(t.ctx, w.workspaceId, { subject: 'Hỏi giá', body: 'Cho mình hỏi giá máy lọc nước' });
    const theirs = await buildTicket(t.ctx, other.workspaceId, { subject: 'Khiếu nại', body: 'Tệ quá, không bao giờ mua nữa' });
    await readAs(angry.id, 'negative', 30);
    await readAs(happy.id, 'positive', 30);
    await readAs(calmedDown.id, 'negative', 60);
    await readAs(neutral.id, 'neutral', 30);
    await readAs(theirs.id, 'negative', 30);
    // The upset customer of "calmedDown" writes again, pleased this time: the latest message decides.
    await customerWrites(calmedDown, 'Ok shop đổi rồi, cảm ơn nhiều nhé', new Date());
    await readAs(calmedDown.id, 'positive', 0);
    // A ticket nobody has read yet (no customer message): it has no sentiment.
    ids.unread = (await openTicket(t, w.admin.cookie, { customerId: angry.customer_id, subject: 'Gọi lại cho khách' })).id;
    Object.assign(ids, { angry: angry.id, happy: happy.id, calmedDown: calmedDown.id, neutral: neutral.id });
  });
  afterAll(() => t.close());

  const inbox = async (query: string) => {
    const r = await api(t, w.admin.cookie, 'GET', `/api/tickets?${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as InboxPage;
  };
  const idsOf = (p: InboxPage) => p.items.map((i) => i.id).sort();

  it('keeps tickets whose latest customer message reads as asked', async () => {
    expect(idsOf(await inbox('sentiment=negative'))).toEqual([ids.angry]);
    expect(idsOf(await inbox('sentiment=positive'))).toEqual([ids.happy, ids.calmedDown].sort());
    expect(idsOf(await inbox('sentiment=negative,neutral'))).toEqual([ids.angry, ids.neutral].sort());
    expect(idsOf(await inbox('sentiment=negative&sentiment=positive'))).toEqual([ids.angry, ids.happy, ids.calmedDown].sort());
    // Empty means "not given", as the browser's URLSearchParams sends it.
    expect(idsOf(await inbox('sentiment='))).toEqual([ids.angry, ids.happy, ids.calmedDown, ids.neutral, ids.unread].sort());
  });

  it('combines with other filters and pages with the cursor', async () => {
    expect(idsOf(await inbox(`sentiment=positive&q=${encodeURIComponent('đổi hàng')}`))).toEqual([ids.calmedDown]);
    const first = await inbox('sentiment=positive&limit=1');
    expect(first.items).toHaveLength(1);
    const second = await inbox(`sentiment=positive&limit=1&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i) => i.id).sort()).toEqual([ids.happy, ids.calmedDown].sort());
    expect(second.nextCursor).toBeNull();
  });

  it('says each row’s latest sentiment (null when none has been read)', async () => {
    const rows = new Map((await inbox('')).items.map((i) => [i.id, i.latestSentiment]));
    expect(Object.fromEntries([...rows].map(([id, s]) => [Object.keys(ids).find((k) => ids[k] === id), s]))).toEqual({
      angry: 'negative',
      happy: 'positive',
      calmedDown: 'positive',
      neutral: 'neutral',
      unread: null,
    });
  });

  it('refuses an unknown sentiment with 400 validation.failed', async () => {
    const r = await api(t, w.admin.cookie, 'GET', '/api/tickets?sentiment=angry');
    expect(r.status).toBe(400);
    expect(r.body.error.id).toBe('validation.failed');
    const mixed = await api(t, w.admin.cookie, 'GET', '/api/tickets?sentiment=negative,furious');
    expect(mixed.status).toBe(400);
  });
});
