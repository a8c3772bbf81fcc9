import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api } from '../../../test/fixtures/tickets.js';
import { createWidget, openAllWeek, visitorClient } from '../../../test/fixtures/webchat.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { seedDemoKnowledge } from '../../../demo/kb-articles.js';
import { addMessage, lockTicket } from '../../tickets/index.js';
import type { Message } from '../../../../shared/tickets.js';

/**
 * Every AI message is marked as AI: a badge in the web chat widget and in the agents' thread (the text
 * itself unmarked), a "🤖 label: " prefix on plain-text channels (Zalo, Messenger); the label is the
 * workspace's (assistant settings), with a default.
 */
describe('assistant: the AI label on its messages', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const ORIGIN = 'https://dienmay.example.vn';
  const base = {
    baseUrl: null, model: null, timeoutMs: 5000, embeddings: false, agentChannels: ['webchat', 'zalo', 'messenger'], agentSchedule: 'always',
    maxTurns: 5, threshold: 0.35, handoffTeamId: null, handoffSegmentIds: [],
  };
  const save = async (patch: Record<string, unknown> = {}) => {
    const r = await api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', { ...base, ...patch });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { aiLabelVi: string | null; aiLabelEn: string | null };
  };
  const threadOf = async (ticketId: string) => {
    const r = await api(t, ws.admin.cookie, 'GET', `/api/tickets/${ticketId}/messages`);
    expect(r.status).toBe(200);
    return r.body.messages as Message[];
  };
  async function opens(channel: 'zalo' | 'messenger', text: string) {
    const c = await buildCustomer(t.ctx, ws.workspaceId);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { channel, customerId: c.id, body: text }, { kind: 'customer', id: c.id, workspaceId: ws.workspaceId });
    await t.ctx.jobs.drain();
    return tk.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Nhãn AI');
    await openAllWeek(t, ws.workspaceId);
    await seedDemoKnowledge(t.ctx, ws.workspaceId, 'dien-may-nhan-ai');
    await save();
  });
  afterAll(() => t.close());

  it('web chat: the customer sees a badge with the default label, the text carries no prefix', async () => {
    const widget = await createWidget(t, ws.admin.cookie, { allowedOrigins: [ORIGIN] });
    const v = visitorClient(t, widget.key, { origin: ORIGIN });
    await v.start({ name: 'Chị Thu' });
    expect((await v.say('Shop ơi điều hoà nhà em không mát, phải làm sao ạ?')).status).toBe(201);
    await t.ctx.jobs.drain();
    const s = await v.start({});
    const answer = s.messages.find((m: { direction: string }) => m.direction === 'agent');
    expect(answer).toMatchObject({ ai: { label: 'Trợ lý AI' }, authorName: 'Trợ lý AI' });
    expect(answer.body).toMatch(/^Dạ, theo bài/);
    // The agent's thread: the same message, marked AI, without a prefix to strip.
    const ticket = await t.ctx.db.one<{ ticket_id: string; body: string }>('SELECT ticket_id, body FROM messages WHERE id = $1', [answer.id]);
    expect(ticket.body.startsWith('🤖')).toBe(false);
    const msg = (await threadOf(ticket.ticket_id)).find((m) => m.id === answer.id)!;
    expect(msg.details.ai).toEqual({ label: 'Trợ lý AI', prefix: null });
    // The customer's own message is not marked.
    expect((await threadOf(ticket.ticket_id)).find((m) => m.direction === 'inbound')?.details.ai).toBeUndefined();
  });

  it('Zalo: the workspace’s label is the prefix of the text (the channel shows no badge), and the thread knows it', async () => {
    const saved = await save({ aiLabelVi: '  Bé Tâm – trợ lý ảo  ' });
    expect(saved.aiLabelVi).toBe('Bé Tâm – trợ lý ảo');
    const ticketId = await opens('zalo', 'Shop ơi điều hoà nhà em không mát, phải làm sao ạ?');
    const out = (await threadOf(ticketId)).find((m) => m.direction === 'outbound')!;
    expect(out.body.startsWith('🤖 Bé Tâm – trợ lý ảo: Dạ, theo bài')).toBe(true);
    expect(out.details.ai).toEqual({ label: 'Bé Tâm – trợ lý ảo', prefix: '🤖 Bé Tâm – trợ lý ảo: ' });
  });

  it('Messenger in English uses the English label; a hand-off message and its note are marked too', async () => {
    await save({ aiLabelEn: 'Tam the bot' });
    const ticketId = await opens('messenger', 'Can I talk to a human please');
    const msgs = await threadOf(ticketId);
    const out = msgs.find((m) => m.direction === 'outbound')!;
    expect(out.body.startsWith('🤖 Tam the bot: ')).toBe(true);
    expect(out.details.ai?.prefix).toBe('🤖 Tam the bot: ');
    expect(msgs.find((m) => m.direction === 'note')?.details.ai?.label).toBe('Tam the bot');
  });

  it('a save without the labels keeps them; empty goes back to the default; a label with a line break is refused', async () => {
    expect(await save()).toMatchObject({ aiLabelVi: 'Bé Tâm – trợ lý ảo', aiLabelEn: 'Tam the bot' });
    const got = await api(t, ws.admin.cookie, 'GET', '/api/assistant/settings');
    expect(got.body).toMatchObject({ aiLabelVi: 'Bé Tâm – trợ lý ảo', aiLabelEn: 'Tam the bot' });
    for (const bad of ['Trợ lý\nAI', 'x'.repeat(41)]) {
      const r = await api(t, ws.admin.cookie, 'PUT', '/api/assistant/settings', { ...base, aiLabelVi: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.id).toBe('validation.failed');
    }
    expect(await save({ aiLabelVi: '', aiLabelEn: null })).toMatchObject({ aiLabelVi: null, aiLabelEn: null });
    const ticketId = await opens('zalo', 'Shop ơi điều hoà nhà em không mát, phải làm sao ạ?');
    expect((await threadOf(ticketId)).find((m) => m.direction === 'outbound')!.body.startsWith('🤖 Trợ lý AI: ')).toBe(true);
  });

  it('messages the AI wrote before labels were stored still show as AI, their default prefix recognised', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { channel: 'api', customerId: c.id, body: 'bảo hành bao lâu' });
    const id = await t.ctx.db.tx(async (tx) => {
      const locked = await lockTicket(tx, ws.workspaceId, tk.id);
      const r = await addMessage(tx, locked, {
        direction: 'outbound', authorUserId: null, channel: 'api', body: '🤖 AI assistant: Two years.', contentType: 'text', attachments: [], automated: true,
        actor: { kind: 'ai', workspaceId: ws.workspaceId }, meta: { ai: true },
      });
      return r.message.id;
    });
    const msg = (await threadOf(tk.id)).find((m) => m.id === id)!;
    expect(msg.details.ai).toEqual({ label: 'AI assistant', prefix: '🤖 AI assistant: ' });
  });

  it('an answer taken from an article reads as chat text: no Markdown marks', async () => {
    const r = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', {
      lang: 'vi', title: 'Lắp đặt máy lọc nước tại nhà', body: '## Chi phí lắp đặt\n\n### Nội thành\n\nLắp đặt máy lọc nước **miễn phí** trong __nội thành__, kỹ thuật đến trong 24 giờ.', status: 'published', categoryId: null, tags: [],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await t.ctx.jobs.drain();
    const ticketId = await opens('zalo', 'lắp đặt máy lọc nước có mất phí không shop');
    const out = (await threadOf(ticketId)).find((m) => m.direction === 'outbound')!;
    expect(out.body).toMatch(/miễn phí trong nội thành/);
    expect(out.body).not.toMatch(/\*\*|__|^#/m);
  });
});
