import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildTicket } from '../../test/factories.js';
import { updateTicketInTx } from '../tickets/index.js';
import { labelledExamples, trainWorkspace } from './commands/train.js';
import { latestSentiment, predictTicketFields } from './index.js';
import { COLD_START_MIN_PER_CLASS, type AiSettings } from '../../../shared/ai.js';

const DELIVERY = ['Giao hàng chậm quá, chưa nhận được đơn', 'ship chưa tới, đơn hàng đi đâu rồi', 'shipper không gọi, chưa nhận hàng', 'đơn giao trễ 3 ngày rồi', 'vận chuyển lâu quá k thấy hàng'];
const PAYMENT = ['Bị trừ tiền hai lần khi thanh toán', 'chuyển khoản rồi mà đơn chưa xác nhận', 'thanh toán thẻ bị lỗi', 'hoàn tiền giúp mình khoản bị trừ', 'ví momo trừ tiền mà báo thất bại'];

/**
 * The AI area on a real database: training from resolved tickets with a per-class report, the
 * cold-start rule, auto-apply by "Tự động (AI)" and its undo, agents' corrections as training data,
 * and each customer message's stored sentiment.
 */
describe('ai: ticket classification and sentiment', { timeout: 300_000 }, () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agent: { id: string; cookie: string };
  const db = () => t.ctx.db;

  async function resolvedTicket(workspaceId: string, body: string, category: string) {
    const tk = await buildTicket(t.ctx, workspaceId, { subject: body.slice(0, 20), body });
    await db().query(`UPDATE tickets SET category = $3, status = 'resolved', resolved_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, tk.id, category]);
    return tk;
  }

  async function seedHistory(workspaceId: string, perClass: number) {
    for (let i = 0; i < perClass; i++) {
      await resolvedTicket(workspaceId, `${DELIVERY[i % DELIVERY.length]} (${i})`, 'giao_hang');
      await resolvedTicket(workspaceId, `${PAYMENT[i % PAYMENT.length]} (${i})`, 'thanh_toan');
    }
    await t.ctx.jobs.drain();
  }

  async function setMode(cookie: string, field: string, mode: string, threshold: number) {
    const r = await t.app.inject({ method: 'PUT', url: `/api/ai/settings/${field}`, headers: { cookie }, payload: { mode, threshold } });
    expect(r.statusCode).toBe(200);
    return r.json<AiSettings>();
  }

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Shop AI');
    agent = await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên A');
    await seedHistory(ws.workspaceId, COLD_START_MIN_PER_CLASS + 2);
  }, 600_000);
  afterAll(() => t.close());

  it('trains the category model from resolved tickets and reports per class to admins', async () => {
    const outcomes = await trainWorkspace(db(), ws.workspaceId);
    const cat = outcomes.find((o) => o.kind === 'category');
    expect(cat?.status).toBe('trained');
    // Priorities are all "normal": one class, nothing to learn.
    expect(outcomes.find((o) => o.kind === 'priority')?.status).toBe('not_enough_data');
    const r = await t.app.inject({ method: 'GET', url: '/api/ai/settings', headers: { cookie: ws.admin.cookie } });
    const s = r.json<AiSettings>();
    const field = s.fields.find((f) => f.field === 'category');
    expect(field?.coldStart).toBe(false);
    expect(field?.model?.classes.map((c) => [c.label, c.support, c.ready])).toEqual([
      ['giao_hang', COLD_START_MIN_PER_CLASS + 2, true],
      ['thanh_toan', COLD_START_MIN_PER_CLASS + 2, true],
    ]);
    expect(field?.model?.accuracy).toBeGreaterThan(0.8);
    const p = await predictTicketFields(db(), ws.workspaceId, { text: 'shop ơi giao hàng chậm quá, chưa nhận được' });
    expect(p.find((x) => x.field === 'category')?.label).toBe('giao_hang');
  });

  it('an agent cannot change the AI settings', async () => {
    const r = await t.app.inject({ method: 'PUT', url: '/api/ai/settings/category', headers: { cookie: agent.cookie }, payload: { mode: 'auto', threshold: 0.5 } });
    expect(r.statusCode).toBe(403);
  });

  it('auto-applies a confident prediction as "Tự động (AI)", and the agent can undo it', async () => {
    await setMode(ws.admin.cookie, 'category', 'auto', 0.5);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { subject: 'Đơn hàng', body: 'giao hàng chậm quá, shipper chưa tới' });
    await t.ctx.jobs.drain();
    const after = await db().one<{ category: string | null }>('SELECT category FROM tickets WHERE id = $1', [tk.id]);
    expect(after.category).toBe('giao_hang');
    const ev = await db().one<{ actor_type: string }>(`SELECT actor_type FROM events WHERE subject_id = $1 AND type = 'ticket.category_changed'`, [tk.id]);
    expect(ev.actor_type).toBe('ai');
    // A repeated delivery of the reaction changes nothing.
    await db().query(`DELETE FROM pgboss.job WHERE name = 'react.ai.tickets'`).catch(() => undefined);
    const preds = await t.app.inject({ method: 'GET', url: `/api/ai/tickets/${tk.id}/predictions`, headers: { cookie: agent.cookie } });
    expect(preds.json<{ items: { field: string; state: string; confidence: number }[] }>().items.find((x) => x.field === 'category')).toMatchObject({ state: 'applied' });

    const undo = await t.app.inject({ method: 'POST', url: `/api/ai/tickets/${tk.id}/predictions/category/undo`, headers: { cookie: agent.cookie } });
    expect(undo.statusCode).toBe(204);
    expect((await db().one<{ category: string | null }>('SELECT category FROM tickets WHERE id = $1', [tk.id])).category).toBeNull();
    const last = await db().one<{ actor_type: string; actor_id: string }>(
      `SELECT actor_type, actor_id FROM events WHERE subject_id = $1 AND type = 'ticket.category_changed' ORDER BY id DESC LIMIT 1`,
      [tk.id],
    );
    expect(last).toMatchObject({ actor_type: 'user', actor_id: agent.id });
    const again = await t.app.inject({ method: 'POST', url: `/api/ai/tickets/${tk.id}/predictions/category/undo`, headers: { cookie: agent.cookie } });
    expect(again.statusCode).toBe(404);
    expect(again.json<{ error: { id: string } }>().error.id).toBe('ai.nothing_to_undo');
  });

  it('below the threshold it only suggests', async () => {
    await setMode(ws.admin.cookie, 'category', 'auto', 1);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { subject: 'Hỏi', body: 'chưa nhận được, bị trừ tiền' });
    await t.ctx.jobs.drain();
    expect((await db().one<{ category: string | null }>('SELECT category FROM tickets WHERE id = $1', [tk.id])).category).toBeNull();
    const p = await db().one<{ state: string }>(`SELECT state FROM ai_predictions WHERE ticket_id = $1 AND field = 'category'`, [tk.id]);
    expect(p.state).toBe('suggested');
  });

  it('cold start: with too few labelled tickets per class nothing is auto-applied', async () => {
    const small = await seedWorkspace(t, 'Shop mới');
    await seedHistory(small.workspaceId, 6);
    const out = await trainWorkspace(db(), small.workspaceId);
    expect(out.find((o) => o.kind === 'category')?.status).toBe('trained');
    const s = await setMode(small.admin.cookie, 'category', 'auto', 0.3);
    expect(s.fields.find((f) => f.field === 'category')?.coldStart).toBe(true);
    const tk = await buildTicket(t.ctx, small.workspaceId, { subject: 'Giao hàng', body: 'giao hàng chậm quá, chưa nhận được đơn' });
    await t.ctx.jobs.drain();
    expect((await db().one<{ category: string | null }>('SELECT category FROM tickets WHERE id = $1', [tk.id])).category).toBeNull();
    const p = await db().one<{ label: string; state: string }>(`SELECT label, state FROM ai_predictions WHERE ticket_id = $1 AND field = 'category'`, [tk.id]);
    expect(p).toEqual({ label: 'giao_hang', state: 'suggested' });
  });

  it("an agent's correction becomes training data (even before the ticket is resolved)", async () => {
    await setMode(ws.admin.cookie, 'category', 'suggest', 0.8);
    const tk = await buildTicket(t.ctx, ws.workspaceId, { subject: 'Đổi size', body: 'mình muốn đổi size áo vừa nhận' });
    await t.ctx.jobs.drain();
    const before = (await labelledExamples(db(), ws.workspaceId)).category.length;
    await db().tx((tx) => updateTicketInTx(tx, tk.id, { category: 'doi_tra' }, { kind: 'user', id: agent.id, workspaceId: ws.workspaceId, role: 'agent', name: 'Nhân Viên A' }));
    await t.ctx.jobs.drain();
    const p = await db().one<{ state: string; corrected_to: string }>(`SELECT state, corrected_to FROM ai_predictions WHERE ticket_id = $1 AND field = 'category'`, [tk.id]);
    expect(p).toEqual({ state: 'corrected', corrected_to: 'doi_tra' });
    const examples = (await labelledExamples(db(), ws.workspaceId)).category;
    expect(examples.length).toBe(before + 1);
    expect(examples.some((e) => e.label === 'doi_tra' && e.text.includes('đổi size'))).toBe(true);
  });

  it('records the agent choosing the predicted value as accepted, even where no field model is stored any more', async () => {
    // A workspace whose model rows are gone (deleted, or predictions carried over from elsewhere) still
    // learns from its stored predictions: the reaction must not be skipped for lack of a model.
    const other = await seedWorkspace(t, 'Shop không mô hình');
    const tk = await buildTicket(t.ctx, other.workspaceId, { subject: 'Hỏi giá', body: 'giá bao nhiêu vậy shop' });
    await t.ctx.jobs.drain();
    expect(await db().maybeOne('SELECT 1 FROM ai_models WHERE workspace_id = $1', [other.workspaceId])).toBeUndefined();
    await db().query(
      `INSERT INTO ai_predictions (workspace_id, ticket_id, field, label, confidence, model_version, state) VALUES ($1, $2, 'priority', 'high', 0.7, 1, 'suggested')`,
      [other.workspaceId, tk.id],
    );
    await db().tx((tx) => updateTicketInTx(tx, tk.id, { priority: 'high' }, { kind: 'user', id: other.admin.id, workspaceId: other.workspaceId, role: 'admin', name: 'Quản trị' }));
    await t.ctx.jobs.drain();
    const p = await db().one<{ state: string }>(`SELECT state FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [tk.id]);
    expect(p.state).toBe('accepted');
  });

  it("stores each customer message's sentiment, for the thread and latestSentiment", async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId, { subject: 'Khiếu nại', body: 'Hàng bị vỡ, đóng gói quá ẩu, tôi rất thất vọng' });
    await t.ctx.jobs.drain();
    const r = await t.app.inject({ method: 'GET', url: `/api/ai/tickets/${tk.id}/sentiments`, headers: { cookie: agent.cookie } });
    const items = r.json<{ items: { sentiment: string; score: number }[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0].sentiment).toBe('negative');
    expect(items[0].score).toBeLessThan(0);
    const latest = await latestSentiment(db(), ws.workspaceId, { customerId: tk.customer_id });
    expect(latest?.sentiment).toBe('negative');
    const ev = await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'ai.sentiment_detected' AND data->>'ticketId' = $1`, [tk.id]);
    expect(ev.n).toBe(1);
  });
});
