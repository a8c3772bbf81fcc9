import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { insertTicketWithMessages } from '../../test/fixtures/customers.js';
import type { Customer, CustomerIdentity, CustomerMerge } from '../../../shared/customers.js';

type CustomerWithIdentities = { customer: Customer; identities: CustomerIdentity[] };

describe('customer merge and undo', () => {
  let t: TestApp;
  let cookie: string;
  let ws: string;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: InjectOptions['payload']) => t.app.inject({ method, url, payload, headers: { cookie } });
  const create = async (body: Record<string, unknown>) => (await call('POST', '/api/customers', body)).json<{ customer: Customer }>().customer;
  const owner = (table: string, id: string) => t.ctx.db.one<{ customer_id: string }>(`SELECT customer_id FROM ${table} WHERE id = $1`, [id]).then((r) => r.customer_id);

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    ws = s.workspaceId;
  });
  afterAll(() => t.close());

  it('moves tickets, messages, notes and identities, fills empty fields, then undoes exactly that', async () => {
    const target = await create({ name: 'Nguyễn Thị Mai', phone: '0911 000 001', tags: ['vip'], attributes: { tier: 'gold' } });
    const source = await create({ name: 'Mai (Zalo)', email: 'mai@example.vn', birthday: '1988-03-08', company: 'Mai Shop', tags: ['zalo'], attributes: { tier: 'silver', city: 'Huế' } });
    const kept = await insertTicketWithMessages(t.ctx.db, { workspaceId: ws, customerId: target.id, subject: 'Đơn cũ', messages: [{ body: 'cũ' }] });
    const src = await insertTicketWithMessages(t.ctx.db, { workspaceId: ws, customerId: source.id, subject: 'Hỏi giá', messages: [{ body: 'Giá bao nhiêu?' }, { body: 'Dạ 200k', direction: 'outbound' }] });
    const note = (await call('POST', `/api/customers/${source.id}/notes`, { body: 'Gọi sau 17h' })).json().note;

    const res = await call('POST', `/api/customers/${target.id}/merge`, { sourceId: source.id });
    expect(res.statusCode).toBe(201);
    const merge = res.json().merge;
    expect(merge).toMatchObject({ sourceId: source.id, targetId: target.id, reason: 'manual', undoneAt: null });
    expect(merge.moved).toEqual({ tickets: 1, messages: 2, notes: 1, identities: 1 });
    expect(merge.filledFields.sort()).toEqual(['attributes', 'birthday', 'company', 'email', 'tags']);

    const stored = await t.ctx.db.one('SELECT moved FROM customer_merges WHERE id = $1', [merge.id]);
    const moved = typeof stored.moved === 'string' ? JSON.parse(stored.moved) : stored.moved;
    expect(moved.tickets).toEqual([src.ticket.id]);
    expect(moved.messages.sort()).toEqual(src.messages.map((m) => m.id).sort());
    expect(moved.notes).toEqual([note.id]);
    expect(moved.target_before).toMatchObject({ email: null, birthday: null, company: null, tags: ['vip'] });

    const after = (await call('GET', `/api/customers/${target.id}`)).json();
    expect(after.customer).toMatchObject({ name: 'Nguyễn Thị Mai', email: 'mai@example.vn', birthday: '1988-03-08', company: 'Mai Shop', tags: ['vip', 'zalo'] });
    expect(after.customer.attributes).toEqual({ tier: 'gold', city: 'Huế' });
    expect(await owner('tickets', src.ticket.id)).toBe(target.id);
    expect(await owner('messages', src.messages[1].id)).toBe(target.id);
    expect((await call('GET', `/api/customers/${source.id}`)).json().customer.mergedIntoId).toBe(target.id);
    expect((await call('GET', '/api/customers/lookup?q=mai%20zalo')).json().items).toHaveLength(0);

    // Rows created on the target after the merge stay there on undo; an agent's later edit survives.
    const later = await insertTicketWithMessages(t.ctx.db, { workspaceId: ws, customerId: target.id, subject: 'Sau gộp', messages: [{ body: 'mới' }] });
    await call('PATCH', `/api/customers/${target.id}`, { company: 'Mai Shop & Co' });

    const undo = await call('POST', `/api/customer-merges/${merge.id}/undo`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json().merge.undoneAt).not.toBeNull();
    expect(await owner('tickets', src.ticket.id)).toBe(source.id);
    expect(await owner('messages', src.messages[0].id)).toBe(source.id);
    expect(await owner('customer_notes', note.id)).toBe(source.id);
    expect(await owner('tickets', kept.ticket.id)).toBe(target.id);
    expect(await owner('tickets', later.ticket.id)).toBe(target.id);
    const restored = (await call('GET', `/api/customers/${target.id}`)).json<CustomerWithIdentities>();
    expect(restored.customer).toMatchObject({ email: null, birthday: null, company: 'Mai Shop & Co', tags: ['vip'], attributes: { tier: 'gold' } });
    expect(restored.identities.map((i) => i.value)).toEqual(['+84911000001']);
    const revived = (await call('GET', `/api/customers/${source.id}`)).json<CustomerWithIdentities>();
    expect(revived.customer.mergedIntoId).toBeNull();
    expect(revived.identities.map((i) => i.value)).toEqual(['mai@example.vn']);

    const again = await call('POST', `/api/customer-merges/${merge.id}/undo`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.id).toBe('customer_merge.already_undone');

    const history = (await call('GET', `/api/customers/${target.id}/merges`)).json<{ merges: CustomerMerge[] }>().merges;
    expect(history.map((m) => m.id)).toEqual([merge.id]);
    expect(history[0]).toMatchObject({ sourceName: 'Mai (Zalo)', targetName: 'Nguyễn Thị Mai', mergedByName: 'Quản Trị' });
    const types = (await t.ctx.db.query('SELECT type FROM events WHERE workspace_id = $1 AND type LIKE $2', [ws, 'customer.merge%'])).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['customer.merged', 'customer.merge_undone']));
  });

  it('refuses self-merge, merging a merged-away profile, and undo after the target was merged again', async () => {
    const a = await create({ name: 'A' });
    const b = await create({ name: 'B' });
    const c = await create({ name: 'C' });
    expect((await call('POST', `/api/customers/${a.id}/merge`, { sourceId: a.id })).json().error.id).toBe('customer.merge_self');
    const ab = (await call('POST', `/api/customers/${a.id}/merge`, { sourceId: b.id })).json().merge;
    const again = await call('POST', `/api/customers/${c.id}/merge`, { sourceId: b.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.id).toBe('customer.already_merged');
    await call('POST', `/api/customers/${c.id}/merge`, { sourceId: a.id });
    const undo = await call('POST', `/api/customer-merges/${ab.id}/undo`);
    expect(undo.statusCode).toBe(409);
    expect(undo.json().error.id).toBe('customer_merge.target_merged');
    expect((await call('POST', `/api/customers/${a.id}/merge`, { sourceId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('does not let another workspace merge or undo', async () => {
    const a = await create({ name: 'X' });
    const b = await create({ name: 'Y' });
    const m = (await call('POST', `/api/customers/${a.id}/merge`, { sourceId: b.id })).json().merge;
    const other = await seedWorkspace(t, 'Khác');
    const res = await t.app.inject({ method: 'POST', url: `/api/customer-merges/${m.id}/undo`, headers: { cookie: other.admin.cookie } });
    expect(res.statusCode).toBe(404);
  });
});
