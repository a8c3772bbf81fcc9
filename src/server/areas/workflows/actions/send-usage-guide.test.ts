import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { addMailbox, startSmtpSink } from '../../../test/fixtures/email.js';
import { insertOrder } from '../../../test/fixtures/order-baskets.js';
import { api } from '../../../test/fixtures/tickets.js';
import { sweepWorkflows } from '../engine/sweep.js';
import { runWorkflowAction, type ActionInput, type RunSubject } from './index.js';

// "Giao hàng xong N ngày → gửi hướng dẫn sử dụng": the send_usage_guide action against the real
// database — articles matched by SKU, product name and category; the customer's channel or its
// fallback; once per key; a test run writes nothing — and the template through the engine's sweep.

let t: TestApp;
let ws: SeededWorkspace;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const ids: Record<string, string> = {};

async function article(key: string, a: { lang?: 'vi' | 'en'; title: string; body?: string; tags?: string[]; status?: 'draft' | 'published'; categoryId?: string }) {
  const r = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', body: 'Nội dung.', tags: [], status: 'published', ...a });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids[key] = r.body.article.id;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp();
  ws = await seedWorkspace(t, 'Điện máy Hướng dẫn');
  await addMailbox(t, ws, { address: 'hotro@dienmay-hd.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } });
  const cat = await api(t, ws.admin.cookie, 'POST', '/api/kb/categories', { name: 'Máy giặt' });
  await article('lgSku', { title: 'Hướng dẫn sử dụng máy giặt LG 9kg', tags: ['WM-LG-9KG', 'hướng dẫn sử dụng'] });
  await article('fridgeName', { title: 'Cách dùng tủ lạnh tiết kiệm điện', tags: ['tủ lạnh'] });
  await article('washCategory', { title: 'Vệ sinh lồng giặt định kỳ', categoryId: cat.body.id });
  await article('lgDraft', { title: 'Bản nháp máy giặt LG', tags: ['WM-LG-9KG'], status: 'draft' });
  await article('lgEnglish', { lang: 'en', title: 'Using your LG 9kg washer', tags: ['wm-lg-9kg'] });
  await article('unrelated', { title: 'Chính sách đổi trả', tags: ['đổi trả'] });
}, 120_000);
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

function input(subject: RunSubject, opts: { dryRun?: boolean; key?: string } = {}): ActionInput {
  return {
    ctx: t.ctx,
    workspaceId: ws.workspaceId,
    actor: { kind: 'automation', id: newId(), workspaceId: ws.workspaceId, name: 'Hướng dẫn sau giao hàng', runId: newId(), depth: 1 },
    subject,
    event: null,
    dryRun: opts.dryRun ?? false,
    idempotencyKey: opts.key ?? newId(),
  };
}

async function delivered(customerId: string, items: [string, string][], deliveredAt = new Date()) {
  const id = await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId, items, status: 'delivered', code: `DH${Math.floor(Math.random() * 1e6)}` });
  await t.ctx.db.query('UPDATE orders SET delivered_at = $2 WHERE id = $1', [id, deliveredAt]);
  return { id, code: (await t.ctx.db.one<{ code: string }>('SELECT code FROM orders WHERE id = $1', [id])).code };
}

const outbound = (customerId: string) =>
  t.ctx.db.query<{ channel: string; body: string; ticket_id: string }>(`SELECT channel, body, ticket_id FROM messages WHERE customer_id = $1 AND direction = 'outbound' ORDER BY created_at`, [customerId]);

describe('send_usage_guide', () => {
  it('sends the guides of the order’s products (SKU first, then product name), in the customer’s language, on a channel that reaches them, once per key', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Phạm Thị Hoa', email: `hoa-${newId().slice(0, 8)}@khach.vn` });
    // An API conversation has no sender of its own: the guide goes by email (send_message's fallback).
    await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id, channel: 'api', body: 'Cảm ơn shop, mình nhận được hàng rồi' });
    const order = await delivered(c.id, [['TL-SS-300', 'Tủ lạnh Samsung Inverter 300L'], ['WM-LG-9KG', 'Máy giặt LG Inverter 9kg']]);

    const dryRows = await t.ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM messages');
    const dry = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }, { dryRun: true }), {});
    expect(dry.output).toMatchObject({ dryRun: true, channel: 'email', via: 'fallback', articleIds: [ids.lgSku, ids.fridgeName] });
    expect((await t.ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM messages')).n).toBe(dryRows.n);

    const key = newId();
    const r = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }, { key }), {});
    expect(r.summary).toEqual({ key: 'workflows:actions.summary.send_usage_guide', values: { count: 2, order: order.code, channel: 'email' } });
    expect(r.output).toMatchObject({ channel: 'email', articleIds: [ids.lgSku, ids.fridgeName], matchedBy: ['sku', 'product_name'] });
    const again = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }, { key }), {});
    expect(again.output?.repeated).toBe(true);
    const sent = await outbound(c.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain(`Dạ, Điện máy Hướng dẫn cảm ơn anh/chị Hoa đã mua hàng. Gửi anh/chị hướng dẫn sử dụng sản phẩm trong đơn ${order.code}:`);
    expect(sent[0]!.body).toMatch(/• Hướng dẫn sử dụng máy giặt LG 9kg: http:\/\/\S+\/help\/\S+\/vi\/huong-dan-su-dung-may-giat-lg-9kg/);
    expect(sent[0]!.body).toContain('• Cách dùng tủ lạnh tiết kiệm điện:');
    expect(sent[0]!.body).not.toMatch(/Bản nháp|Using your LG|đổi trả/);
    await t.ctx.jobs.drain();
    expect(sink.mails.some((m) => m.mail.text?.includes('Cách dùng tủ lạnh tiết kiệm điện'))).toBe(true);
  });

  it('matches by the article’s category named in the product; a required tag narrows; the intro is the admin’s; one article at most when asked', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Lê Văn Tâm', email: `tam-${newId().slice(0, 8)}@khach.vn` });
    const order = await delivered(c.id, [['WM-TOS-8', 'Máy giặt Toshiba 8kg'], ['WM-LG-9KG', 'Máy giặt LG Inverter 9kg']]);
    const all = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }, { dryRun: true }), { maxArticles: 5 });
    expect(all.output).toMatchObject({ articleIds: [ids.lgSku, ids.washCategory], matchedBy: ['sku', 'category'] });
    const tagged = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }, { dryRun: true }), { requireTag: 'huong dan su dung' });
    expect(tagged.output).toMatchObject({ articleIds: [ids.lgSku] });
    const one = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }), { maxArticles: 1, intro: 'Chào {{customer.first_name}}, mời xem hướng dẫn:' });
    expect(one.output).toMatchObject({ articleIds: [ids.lgSku] });
    expect((await outbound(c.id))[0]!.body).toMatch(/^Chào Tâm, mời xem hướng dẫn:\n• Hướng dẫn sử dụng máy giặt LG 9kg: /);
  });

  it('writes in English to a customer who writes English, with the English article', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'John Smith', email: `john-${newId().slice(0, 8)}@khach.vn` });
    await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id, channel: 'api', body: 'Hello, where is my order please?' });
    const order = await delivered(c.id, [['WM-LG-9KG', 'LG washer 9kg']]);
    const r = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }), {});
    expect(r.output).toMatchObject({ articleIds: [ids.lgEnglish] });
    expect((await outbound(c.id))[0]!.body).toMatch(/^Thank you for shopping with Điện máy Hướng dẫn, \w+\. .*order DH\d+:\n• Using your LG 9kg washer: /);
  });

  it('sends nothing when no article matches, and fails no_order without an order', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Trần Minh', email: `minh-${newId().slice(0, 8)}@khach.vn` });
    const order = await delivered(c.id, [['NC-01', 'Nồi cơm điện Sharp']]);
    const r = await runWorkflowAction('send_usage_guide', input({ customerId: c.id, orderId: order.id }), {});
    expect(r.summary).toEqual({ key: 'workflows:actions.summary.send_usage_guide_none', values: { order: order.code } });
    expect(await outbound(c.id)).toEqual([]);
    const noOrders = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Chưa Mua', email: `chua-${newId().slice(0, 8)}@khach.vn` });
    const err = await runWorkflowAction('send_usage_guide', input({ customerId: noOrders.id }), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).id).toBe('workflow_action.no_order');
    // Without an order in the subject, the customer's latest delivered one.
    const r2 = await runWorkflowAction('send_usage_guide', input({ customerId: c.id }, { dryRun: true }), {});
    expect(r2.output).toMatchObject({ orderId: order.id, articleIds: [] });
  });

  it('the template "Giao hàng xong N ngày → gửi hướng dẫn sử dụng" through the engine: two days after delivery, once', async () => {
    const call = (method: 'POST', url: string, payload?: object) => api(t, ws.admin.cookie, method, url, payload);
    const created = await call('POST', '/api/workflows', { name: 'Giao hàng xong N ngày → gửi hướng dẫn sử dụng', templateId: 'after_delivery_usage_guide' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.workflow.id as string;
    expect((await call('POST', `/api/workflows/${id}/publish`)).status).toBe(200);
    expect((await call('POST', `/api/workflows/${id}/enable`)).status).toBe(200);

    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Đặng Thu Hà', email: `ha-${newId().slice(0, 8)}@khach.vn` });
    // Delivered at 10:00 on 8 June (Asia/Ho_Chi_Minh); the sweep runs at 11:00 on 10 June, then again.
    await delivered(c.id, [['X', 'Tủ lạnh Hitachi 400L']], new Date('2026-06-08T03:00:00Z'));
    await sweepWorkflows(t.ctx, new Date('2026-06-10T04:00:00Z'));
    await t.ctx.jobs.drain();
    await sweepWorkflows(t.ctx, new Date('2026-06-10T05:00:00Z'));
    await t.ctx.jobs.drain();
    const sent = await outbound(c.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email' });
    expect(sent[0]!.body).toContain('• Cách dùng tủ lạnh tiết kiệm điện:');
    expect((await call('POST', `/api/workflows/${id}/disable`)).status).toBe(200);
  });
});
