import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, createTeam } from '../../test/fixtures/tickets.js';
import { insertOrder } from '../../test/fixtures/order-baskets.js';
import { buildCustomer, buildTicket } from '../../test/factories.js';
import { afterTool, lastUser, startFakeOpenAi, toolResults, type FakeOpenAi } from '../../test/fakes/openai/server.js';
import { seedDemoKnowledge } from '../../demo/kb-articles.js';
import { addMessage, lockTicket } from '../tickets/index.js';

/**
 * The AI agent and the agents' suggestions against the demo knowledge base, offline (retrieval) and
 * with a model endpoint (the local fake OpenAI server): answers, tool lookups, hand-offs for every
 * reason, "never invents", streaming drafts, and the figures.
 */
describe('assistant', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let fake: FakeOpenAi;
  let teamId: string;
  let agentCookie: string;
  const base = {
    baseUrl: null as string | null, model: null as string | null, timeoutMs: 5000, embeddings: false, agentChannels: ['webchat', 'zalo', 'messenger'], agentSchedule: 'always',
    maxTurns: 3, threshold: 0.35, handoffTeamId: null as string | null, handoffSegmentIds: [] as string[],
  };

  const settings = async (patch: Partial<typeof base> & { apiKey?: string | null }) => {
    const r = await api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', { ...base, handoffTeamId: teamId, ...patch });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  /** A customer opens a web chat conversation with a first message; reactions run. */
  async function chatOpens(text: string, customerId?: string, channel: 'webchat' | 'zalo' | 'messenger' = 'webchat') {
    const cid = customerId ?? (await buildCustomer(t.ctx, ws.workspaceId)).id;
    const ticket = await buildTicket(t.ctx, ws.workspaceId, { channel, customerId: cid, body: text }, { kind: 'customer', id: cid, workspaceId: ws.workspaceId });
    await t.ctx.jobs.drain();
    return { ticketId: ticket.id, customerId: cid };
  }

  async function customerSays(ticketId: string, text: string) {
    await t.ctx.db.tx(async (tx) => {
      const tk = await lockTicket(tx, ws.workspaceId, ticketId);
      await addMessage(tx, tk, { direction: 'inbound', authorUserId: null, channel: tk.channel, body: text, contentType: 'text', attachments: [], actor: { kind: 'customer', id: tk.customer_id, workspaceId: ws.workspaceId } });
    });
    await t.ctx.jobs.drain();
  }

  const thread = (ticketId: string) =>
    t.ctx.db.query<{ direction: string; body: string; meta: Record<string, unknown> }>(`SELECT direction, body, meta FROM messages WHERE ticket_id = $1 ORDER BY created_at, id`, [ticketId]);
  const conv = (ticketId: string) => t.ctx.db.maybeOne<{ state: string; turns: number; handoff_reason: string | null }>('SELECT state, turns, handoff_reason FROM assistant_conversations WHERE ticket_id = $1', [ticketId]);

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy AI');
    const agent = await seedUser(t, ws.workspaceId, 'agent', 'Lan');
    agentCookie = agent.cookie;
    teamId = await createTeam(t, ws.admin.cookie, 'CSKH', [agent.id]);
    await seedDemoKnowledge(t.ctx, ws.workspaceId, 'dien-may-ai');
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.reply = () => ({ text: 'Dạ, em chào anh/chị ạ.' });
  });

  describe('without a model (retrieval)', () => {
    beforeEach(() => settings({ baseUrl: null }));

    it('answers a routine question with the best article’s passage and its link, marked AI in the thread and to the customer', async () => {
      const { ticketId } = await chatOpens('Shop ơi điều hoà nhà em không mát, phải làm sao ạ?');
      const msgs = await thread(ticketId);
      const ai = msgs.find((m) => m.direction === 'outbound')!;
      // Web chat shows a badge (ai-label.test.ts): the text itself carries no prefix.
      expect(ai.body.startsWith('🤖')).toBe(false);
      expect(ai.body).toMatch(/lưới lọc|Cool/);
      expect(ai.body).toMatch(/\/help\/dien-may-ai\/vi\/dieu-hoa-khong-mat/);
      expect(ai.meta).toMatchObject({ ai: true, aiLabel: 'Trợ lý AI', aiPrefix: null, aiSource: 'retrieval', automated: true });
      const ev = await t.ctx.db.one<{ actor_type: string }>(`SELECT actor_type FROM events WHERE type = 'message.created' AND data->>'ticketId' = $1 AND data->>'direction' = 'outbound'`, [ticketId]);
      expect(ev.actor_type).toBe('ai');
      expect((await conv(ticketId))).toMatchObject({ state: 'active', turns: 1 });
      // A repeated run of the same job changes nothing.
      const { respondToMessage } = await import('./agent/respond.js');
      const last = await t.ctx.db.one<{ id: string }>(`SELECT id FROM messages WHERE ticket_id = $1 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1`, [ticketId]);
      expect(await respondToMessage(t.ctx, ws.workspaceId, last.id)).toBe('skipped');
      expect((await thread(ticketId)).length).toBe(msgs.length);
    });

    it('answers in English from an English article', async () => {
      const { ticketId } = await chatOpens('How long is the warranty for a fridge compressor?');
      const ai = (await thread(ticketId)).find((m) => m.direction === 'outbound')!;
      expect(ai.body.startsWith('🤖')).toBe(false);
      expect(ai.body).toMatch(/10 years/);
    });

    it('hands off below the threshold: routed to the team, a summary note, the customer told; then silent', async () => {
      const { ticketId } = await chatOpens('Cho em hỏi giá vé máy bay đi Đà Nẵng tuần sau');
      const msgs = await thread(ticketId);
      const note = msgs.find((m) => m.direction === 'note')!;
      expect(note.body).toMatch(/Chuyển cho nhân viên/);
      expect(note.body).toMatch(/vé máy bay/);
      expect(msgs.filter((m) => m.direction === 'outbound').map((m) => m.body)).toEqual([expect.stringMatching(/^Dạ, em đã chuyển/)]);
      expect(await conv(ticketId)).toMatchObject({ state: 'handed_off', handoff_reason: 'low_confidence' });
      const tk = await t.ctx.db.one<{ team_id: string | null }>('SELECT team_id FROM tickets WHERE id = $1', [ticketId]);
      expect(tk.team_id).toBe(teamId);
      const ev = await t.ctx.db.one<{ actor_type: string }>(`SELECT actor_type FROM events WHERE type = 'assistant.handed_off' AND subject_id = $1`, [ticketId]);
      expect(ev.actor_type).toBe('ai');
      await customerSays(ticketId, 'bảo hành bao lâu');
      expect((await thread(ticketId)).length).toBe(msgs.length + 1);
    });

    it('hands off when the customer asks for a person', async () => {
      for (const text of ['cho em gặp nhân viên', 'Tôi muốn nói chuyện với người thật', 'talk to a human please']) {
        const { ticketId } = await chatOpens(text);
        expect((await conv(ticketId))?.handoff_reason, text).toBe('asked_for_human');
      }
    });

    it('hands off after N turns', async () => {
      const { ticketId } = await chatOpens('phí ship bao nhiêu');
      await customerSays(ticketId, 'trả góp được không');
      await customerSays(ticketId, 'bảo hành bao lâu');
      expect(await conv(ticketId)).toMatchObject({ state: 'active', turns: 3 });
      await customerSays(ticketId, 'vệ sinh máy giặt thế nào');
      expect(await conv(ticketId)).toMatchObject({ state: 'handed_off', handoff_reason: 'max_turns' });
    });

    it('hands off for a marked segment (VIP)', async () => {
      const seg = await api(t, ws.admin.cookie, 'POST', '/api/segments', { name: 'VIP', description: '', rule: { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }] } });
      expect(seg.status, JSON.stringify(seg.body)).toBe(201);
      await settings({ handoffSegmentIds: [seg.body.segment.id] });
      const vip = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Khách VIP', tags: ['vip'] });
      const { ticketId } = await chatOpens('bảo hành bao lâu', vip.id);
      expect((await conv(ticketId))?.handoff_reason).toBe('segment');
    });

    it('hands off on an angry message', async () => {
      const { ticketId } = await chatOpens('Dịch vụ quá tệ, giao hàng chậm, tôi rất bực mình và thất vọng, lừa đảo!');
      expect((await conv(ticketId))?.handoff_reason).toBe('negative_sentiment');
    });

    it('tells the customer their own order status from the lookups, never another customer’s', async () => {
      const me = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Chị Mai' });
      const other = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Anh Khác' });
      await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: me.id, code: 'DH1001', status: 'shipping', items: [['TV55', 'Tivi 55 inch']] });
      await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: other.id, code: 'DH2002', status: 'delivered', items: [['MG', 'Máy giặt']] });
      const { ticketId } = await chatOpens('Đơn hàng của em đến đâu rồi shop?', me.id);
      const ai = (await thread(ticketId)).find((m) => m.direction === 'outbound')!;
      expect(ai.body).toMatch(/DH1001.*đang giao/s);
      expect(ai.body).not.toMatch(/DH2002/);
    });

    it('stays silent on channels not turned on and on a conversation an agent took', async () => {
      await settings({ agentChannels: ['zalo'] });
      const { ticketId } = await chatOpens('bảo hành bao lâu');
      expect(await conv(ticketId)).toBeFalsy();
      await settings({});
      const c = await buildCustomer(t.ctx, ws.workspaceId);
      const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'webchat', customerId: c.id, body: 'bảo hành bao lâu', assigneeId: (await t.ctx.db.one<{ id: string }>(`SELECT id FROM users WHERE workspace_id = $1 AND role = 'agent'`, [ws.workspaceId])).id });
      await t.ctx.jobs.drain();
      expect(await conv(tk.id)).toBeFalsy();
    });
  });

  describe('with a model endpoint (the fake OpenAI server)', () => {
    beforeEach(() => settings({ baseUrl: fake.url, model: 'fake-model', apiKey: 'sk-test-123', timeoutMs: 4000 }));

    it('answers from passages and calls tools for the customer’s own orders; the key is sent sealed-at-rest, never returned', async () => {
      const me = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Chị Hoa' });
      await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: me.id, code: 'DH3003', status: 'shipping', items: [['TL', 'Tủ lạnh']] });
      fake.reply = (req) => {
        if (!afterTool(req)) return { toolCalls: [{ name: 'get_my_orders', arguments: {} }] };
        const orders = JSON.parse(toolResults(req)[0]!) as { code: string; status: string }[];
        return { text: `Dạ, đơn ${orders[0]!.code} của chị đang được giao ạ.` };
      };
      const { ticketId } = await chatOpens('đơn tủ lạnh của em giao chưa ạ', me.id);
      const ai = (await thread(ticketId)).find((m) => m.direction === 'outbound')!;
      expect(ai.body).toMatch(/^Dạ, đơn DH3003 của chị đang được giao ạ\./);
      expect(ai.meta).toMatchObject({ ai: true, aiSource: 'model' });
      expect(fake.requests[0]!.tools!.map((x) => x.function.name)).toEqual(['get_my_orders', 'get_my_open_tickets', 'handoff_to_human']);
      expect(fake.authHeaders.at(-1)).toBe('Bearer sk-test-123');
      const s = await api(t, ws.admin.cookie, 'GET', '/api/assistant/settings');
      expect(s.body).toMatchObject({ hasApiKey: true, baseUrl: fake.url });
      expect(JSON.stringify(s.body)).not.toContain('sk-test-123');
      const stored = await t.ctx.db.one<{ api_key_sealed: string }>('SELECT api_key_sealed FROM assistant_settings WHERE workspace_id = $1', [ws.workspaceId]);
      expect(stored.api_key_sealed).not.toContain('sk-test-123');
    });

    it('never invents an order: a model that states an order not in the lookups is withheld and the conversation handed off', async () => {
      const me = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Anh Tuấn' });
      await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: me.id, code: 'DH4004', status: 'confirmed', items: [['QD', 'Quạt']] });
      fake.reply = (req) => (afterTool(req) ? { text: 'Dạ, đơn DH9999 của anh đã giao ngày 12/11 ạ.' } : { toolCalls: [{ name: 'get_my_orders', arguments: {} }] });
      const { ticketId } = await chatOpens('đơn hàng của anh tới đâu rồi', me.id);
      const msgs = await thread(ticketId);
      expect(msgs.some((m) => m.body.includes('DH9999'))).toBe(false);
      expect((await conv(ticketId))?.handoff_reason).toBe('unsupported_claim');
    });

    it('never invents a policy: a figure not in the passages is withheld', async () => {
      fake.reply = () => ({ text: 'Dạ, tivi được bảo hành 36 tháng ạ.' });
      const { ticketId } = await chatOpens('tivi bảo hành bao lâu vậy shop');
      expect((await thread(ticketId)).some((m) => m.body.includes('36 tháng'))).toBe(false);
      expect((await conv(ticketId))?.handoff_reason).toBe('unsupported_claim');
      // The same figure the passage holds passes.
      fake.reply = () => ({ text: 'Dạ, tivi được bảo hành chính hãng 24 tháng ạ.' });
      const ok = await chatOpens('tivi bảo hành bao lâu vậy shop');
      expect((await conv(ok.ticketId))?.handoff_reason ?? null).toBeNull();
      expect((await thread(ok.ticketId)).find((m) => m.direction === 'outbound')!.body).toMatch(/24 tháng/);
    });

    it('hands off on a timeout, an HTTP error, a malformed answer, or when the model asks to', async () => {
      const cases: [Parameters<typeof fake.reply>[0] extends never ? never : ReturnType<typeof fake.reply>, string][] = [
        [{ delayMs: 8000 }, 'model_error'],
        [{ status: 500 }, 'model_error'],
        [{ malformed: 'not_json' }, 'model_error'],
        [{ malformed: 'no_choices' }, 'model_error'],
        [{ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'unsure' } }] }, 'model_handoff'],
      ];
      for (const [answer, reason] of cases) {
        fake.reply = () => answer;
        const { ticketId } = await chatOpens('máy giặt vệ sinh lồng thế nào');
        expect((await conv(ticketId))?.handoff_reason, JSON.stringify(answer)).toBe(reason);
        expect((await thread(ticketId)).filter((m) => m.direction === 'outbound')).toHaveLength(1);
      }
    });

    it('streams a reply draft in the ticket’s language to the agent, and sends nothing', async () => {
      fake.reply = (req) => ({ stream: ['Dạ, ', 'em chào ', 'anh/chị ', lastUser(req).includes('bảo hành') ? 'ạ.' : '!'] });
      const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Nguyễn Văn Bình' });
      const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'api', customerId: c.id, body: 'cho em hỏi bảo hành tivi' });
      const res = await t.app.inject({ method: 'POST', url: `/api/assistant/tickets/${tk.id}/assist`, headers: { cookie: agentCookie }, payload: { kind: 'draft' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      const chunks = res.body.split('\n\n').filter(Boolean).map((l) => JSON.parse(l.replace(/^data: /, '')));
      expect(chunks.filter((c) => c.type === 'delta').map((c) => c.text).join('')).toBe('Dạ, em chào anh/chị ạ.');
      expect(chunks.at(-1)).toMatchObject({ type: 'done', source: 'model' });
      expect(fake.requests.at(-1)!.stream).toBe(true);
      expect(fake.requests.at(-1)!.messages[0]!.content).toMatch(/anh\/chị/);
      expect((await thread(tk.id)).filter((m) => m.direction === 'outbound')).toHaveLength(0);
    });

    it('falls back to the offline draft when the stream is broken', async () => {
      fake.reply = () => ({ malformed: 'bad_stream' });
      const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Trần Thị Lan' });
      const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'api', customerId: c.id, body: 'trả góp qua công ty tài chính cần giấy tờ gì' });
      const res = await t.app.inject({ method: 'POST', url: `/api/assistant/tickets/${tk.id}/assist`, headers: { cookie: agentCookie }, payload: { kind: 'draft' } });
      const chunks = res.body.split('\n\n').filter(Boolean).map((l) => JSON.parse(l.replace(/^data: /, '')));
      const text = chunks.filter((c) => c.type === 'delta').map((c) => c.text).join('');
      expect(text).toMatch(/^Dạ, em chào anh\/chị Lan ạ\./);
      expect(text).toMatch(/CCCD/);
      expect(chunks.at(-1)).toMatchObject({ type: 'done', source: 'retrieval' });
    });

    it('tests the endpoint from the settings', async () => {
      fake.reply = () => ({ text: 'OK' });
      const r = await api(t, ws.admin.cookie, 'POST', '/api/assistant/settings/test');
      expect(r.body).toMatchObject({ ok: true, reply: 'OK' });
      fake.reply = () => ({ status: 401 });
      expect((await api(t, ws.admin.cookie, 'POST', '/api/assistant/settings/test')).body).toMatchObject({ ok: false, error: expect.stringMatching(/http/) });
      expect((await api(t, agentCookie, 'PUT', '/api/assistant/settings', base)).status).toBe(403);
    });
  });

  it('offline summary and rewrite for agents', async () => {
    await settings({ baseUrl: null });
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Lê Minh' });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'api', customerId: c.id, body: 'tủ lạnh nhà mình bị đóng tuyết' });
    const call = async (payload: unknown) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/assistant/tickets/${tk.id}/assist`, headers: { cookie: agentCookie }, payload: payload as Record<string, unknown> });
      return res.body.split('\n\n').filter(Boolean).map((l) => JSON.parse(l.replace(/^data: /, ''))).filter((x) => x.type === 'delta').map((x) => x.text).join('');
    };
    expect(await call({ kind: 'summary' })).toMatch(/đóng tuyết/);
    expect(await call({ kind: 'rewrite', text: 'bạn đợi mình kiểm tra nhé' })).toBe('Dạ, anh/chị đợi em kiểm tra nhé ạ.');
  });

  it('reports the AI agent’s figures', async () => {
    const r = await api(t, ws.admin.cookie, 'GET', '/api/assistant/metrics');
    expect(r.status).toBe(200);
    expect(r.body.conversations).toBeGreaterThan(10);
    expect(r.body.handedOff).toBeGreaterThan(5);
    expect(r.body.handoffRate).toBeCloseTo(r.body.handedOff / r.body.conversations);
    expect(r.body.reasons.map((x: { reason: string }) => x.reason)).toEqual(expect.arrayContaining(['asked_for_human', 'low_confidence', 'unsupported_claim', 'model_error']));
  });
});
