import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api } from '../../../test/fixtures/tickets.js';
import { insertOrder } from '../../../test/fixtures/order-baskets.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { startFakeOpenAi, type ChatRequest, type FakeOpenAi } from '../../../test/fakes/openai/server.js';
import { addMessage, lockTicket } from '../../tickets/index.js';
import { unsupportedFigures } from './grounding.js';

/**
 * When the AI agent hands a conversation to people, a durable job writes a summary for the agent as an
 * internal note: by the model (checked: no figure that the thread or the looked-up order lacks), or
 * extracted from the thread without a model or when the model fails or invents. It never holds up the
 * hand-off itself.
 */
describe('hand-off summaries', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let fake: FakeOpenAi;
  const isSummaryCall = (req: ChatRequest) => !req.tools?.length && /summary|tóm tắt/i.test(req.messages[0]?.content ?? '');

  const settings = (baseUrl: string | null) =>
    api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', {
      baseUrl, model: baseUrl ? 'fake-chat' : null, timeoutMs: 5000, embeddings: false, agentChannels: ['webchat'], agentSchedule: 'always', maxTurns: 3, threshold: 0.35,
      handoffTeamId: null, handoffSegmentIds: [],
    });

  /** A customer with an order on its way writes on web chat, asking for a person about that order. */
  async function handOff(text = (code: string) => `Đơn ${code} của em giao chưa ạ? Cho em gặp nhân viên`) {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Ngô Thị Mai' });
    const code = `DH${Math.floor(100000 + Math.random() * 800000)}`;
    await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: c.id, items: [['TL-01', 'Tủ lạnh Aqua 200L']], status: 'shipping', code });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'webchat', customerId: c.id, body: text(code) }, { kind: 'customer', id: c.id, workspaceId: ws.workspaceId });
    return { ticketId: tk.id, code, customerId: c.id };
  }
  const notes = (ticketId: string) =>
    t.ctx.db.query<{ body: string; meta: Record<string, unknown> }>(`SELECT body, meta FROM messages WHERE ticket_id = $1 AND direction = 'note' ORDER BY created_at, id`, [ticketId]);
  const summaryOf = async (ticketId: string) => (await notes(ticketId)).filter((n) => n.meta.handoffSummary === true);
  const threadText = async (ticketId: string) =>
    (await t.ctx.db.query<{ body: string }>(`SELECT body FROM messages WHERE ticket_id = $1 AND direction <> 'note'`, [ticketId])).map((m) => m.body).join('\n');

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Bàn giao');
    fake = await startFakeOpenAi();
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await t.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('without a model: an extractive summary — the need in the customer’s words, what was tried, the order from the lookup', async () => {
    expect((await settings(null)).status).toBe(200);
    const { ticketId, code } = await handOff();
    await t.ctx.jobs.drain();
    const [s, ...more] = await summaryOf(ticketId);
    expect(more).toEqual([]);
    expect(s!.meta).toMatchObject({ ai: true, handoffSummary: true, source: 'extractive', orderCode: code });
    expect(s!.body).toBe(
      [
        '📝 Tóm tắt cho nhân viên (trích từ hội thoại)',
        `• Khách cần: "Đơn ${code} của em giao chưa ạ? Cho em gặp nhân viên"`,
        '• Đã thử: AI chưa trả lời; chuyển ngay vì khách muốn gặp nhân viên.',
        `• Đơn hàng: ${code} — đang giao`,
      ].join('\n'),
    );
    // The hand-off's own note (the reason) is still there, before it.
    expect((await notes(ticketId))[0]!.meta).toMatchObject({ handoff: true, reason: 'asked_for_human' });
  });

  it('with a model: the model’s summary as the note, written by a job after the hand-off (which does not wait for it)', async () => {
    expect((await settings(fake.url)).status).toBe(200);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fake.reply = (req) => {
      if (!isSummaryCall(req)) return { text: 'Dạ.' };
      const code = /"code":"(DH\d+)"/.exec(req.messages[1]?.content ?? '')?.[1] ?? 'không có';
      return { waitFor: gate, then: { text: `- Khách hỏi đơn ${code} đã giao chưa và muốn gặp nhân viên.\n- AI chưa trả lời.\n- Đơn liên quan: ${code} (đang giao).` } };
    };
    const { ticketId, code } = await handOff();
    // The hand-off is done (routed, the customer told) while the model is still writing.
    await vi.waitFor(async () => expect(fake.requests.some(isSummaryCall)).toBe(true), { timeout: 30_000, interval: 50 });
    expect((await t.ctx.db.one<{ state: string }>('SELECT state FROM assistant_conversations WHERE ticket_id = $1', [ticketId])).state).toBe('handed_off');
    expect(await summaryOf(ticketId)).toEqual([]);
    release();
    await t.ctx.jobs.drain();
    const [s] = await summaryOf(ticketId);
    expect(s!.meta).toMatchObject({ source: 'model' });
    expect(s!.body).toBe(`📝 Tóm tắt cho nhân viên (AI)\n- Khách hỏi đơn ${code} đã giao chưa và muốn gặp nhân viên.\n- AI chưa trả lời.\n- Đơn liên quan: ${code} (đang giao).`);
    // The model was given the customer's own order, looked up — nothing else to draw figures from.
    const call = fake.requests.find(isSummaryCall)!;
    expect(call.messages[1]?.content).toContain(code);
  });

  it('a model summary with a figure the thread and the order lack is discarded for the extractive one (never invents numbers)', async () => {
    expect((await settings(fake.url)).status).toBe(200);
    fake.reply = (req) => (isSummaryCall(req) ? { text: '- Khách đòi hoàn 5.000.000đ cho đơn DH999999.\n- Hẹn giao lại ngày 15/08.' } : { text: 'Dạ.' });
    const { ticketId, code } = await handOff();
    await t.ctx.jobs.drain();
    const [s] = await summaryOf(ticketId);
    expect(s!.meta).toMatchObject({ source: 'extractive', orderCode: code });
    expect(s!.body).not.toMatch(/999999|5\.000\.000|15\/08/);
    // Every figure in the note is in the thread or the customer's order.
    expect(unsupportedFigures(s!.body, [await threadText(ticketId), code])).toEqual([]);
  });

  it('a failing model (HTTP error, malformed answer) leaves the extractive summary; each hand-off gets one summary', async () => {
    expect((await settings(fake.url)).status).toBe(200);
    for (const answer of [{ status: 500 }, { malformed: 'no_choices' }] as const) {
      fake.reply = (req) => (isSummaryCall(req) ? answer : { text: 'Dạ.' });
      const { ticketId } = await handOff((code) => `Cho em gặp người thật, đơn ${code} bị lỗi`);
      await t.ctx.jobs.drain();
      const s = await summaryOf(ticketId);
      expect(s).toHaveLength(1);
      expect(s[0]!.meta.source).toBe('extractive');
      // The customer writes again: the AI stays silent and no second summary is written.
      await t.ctx.db.tx(async (tx) => {
        const tk = await lockTicket(tx, ws.workspaceId, ticketId);
        await addMessage(tx, tk, { direction: 'inbound', authorUserId: null, channel: tk.channel, body: 'Alo?', contentType: 'text', attachments: [], actor: { kind: 'customer', id: tk.customer_id, workspaceId: ws.workspaceId } });
      });
      await t.ctx.jobs.drain();
      expect(await summaryOf(ticketId)).toHaveLength(1);
    }
  });

  it('after AI turns, the summary names the articles it used and the turns', async () => {
    expect((await settings(null)).status).toBe(200);
    const art = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', title: 'Bảo hành tủ lạnh', body: 'Tủ lạnh được bảo hành 24 tháng tại nhà.', tags: ['bảo hành'], status: 'published' });
    expect(art.status).toBe(201);
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Vũ Văn Long' });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'webchat', customerId: c.id, body: 'Tủ lạnh bảo hành bao lâu vậy shop?' }, { kind: 'customer', id: c.id, workspaceId: ws.workspaceId });
    await t.ctx.jobs.drain();
    await t.ctx.db.tx(async (tx) => {
      const locked = await lockTicket(tx, ws.workspaceId, tk.id);
      await addMessage(tx, locked, { direction: 'inbound', authorUserId: null, channel: locked.channel, body: 'Cho mình gặp nhân viên', contentType: 'text', attachments: [], actor: { kind: 'customer', id: c.id, workspaceId: ws.workspaceId } });
    });
    await t.ctx.jobs.drain();
    const [s] = await summaryOf(tk.id);
    expect(s!.body).toContain('• Khách cần: "Tủ lạnh bảo hành bao lâu vậy shop?" — tin mới nhất: "Cho mình gặp nhân viên"');
    expect(s!.body).toContain('• Đã thử: AI đã trả lời 1 lượt (bài: "Bảo hành tủ lạnh"); chuyển vì khách muốn gặp nhân viên.');
    expect(s!.body).toContain('• Đơn hàng: không nhắc tới đơn nào');
  });
});
