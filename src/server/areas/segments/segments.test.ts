import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { insertCustomer, insertOrder } from '../../test/fixtures/order-baskets.js';
import { insertTicketWithMessages } from '../../test/fixtures/customers.js';
import { seedRequest, templateId } from '../../test/fixtures/survey-answers.js';
import { newId } from '../../core/lib/ids.js';
import type { SegmentCondition, SegmentGroup } from '../../../shared/segments.js';
import { isSegmentMember, segmentMemberIds } from './index.js';

/**
 * Segments over a small hand-made workspace whose every member is known:
 *   An  — tags vip; membership gold, points 120; customer; born in March; prefers Zalo;
 *         2 completed orders (TV 5,000,000 ten days ago; REMOTE 1,000,000 four hundred days ago);
 *         1 open ticket; CSAT 2 then 5 (last = 5); NPS 10 (promoter)            → post-sale
 *   Binh — membership silver, points 30; lead; born in July; prefers email;
 *         1 shipping order (FAN 800,000, three days ago); 2 resolved tickets;
 *         CSAT 5 then 2 (last = 2); NPS 7 (passive)                             → in-sale
 *   Chi  — tags vip; prospect; a quote (not bought; still "open" as the orders area counts it) → pre-sale
 *   Dung — nothing at all; plus a cancelled order (not bought)                 → pre-sale
 *   Merged — a merged-away profile with tag vip: never a member.
 */
describe('segments', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const id: Record<string, string> = {};
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

  async function answer(customerId: string, type: 'csat' | 'nps', score: number, at: Date) {
    const tpl = await templateId(t, ws.workspaceId, type);
    const { requestId } = await seedRequest(t, { workspaceId: ws.workspaceId, templateId: tpl, type, customerId });
    await t.ctx.db.query(
      `INSERT INTO survey_answers (id, workspace_id, request_id, template_id, type, score, customer_id, channel, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'email', $8)`,
      [newId(), ws.workspaceId, requestId, tpl, type, score, customerId, at],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Segments');
    const w = ws.workspaceId;
    const db = t.ctx.db;
    id.an = await insertCustomer(db, { workspaceId: w, name: 'Trần Văn An', tags: ['vip'], attributes: { membership: 'gold', points: 120 }, lifecycleStage: 'customer', birthday: '1990-03-15', preferredChannel: 'zalo', phone: '+84901000001' });
    id.binh = await insertCustomer(db, { workspaceId: w, name: 'Lê Thị Bình', attributes: { membership: 'silver', points: 30 }, lifecycleStage: 'lead', birthday: '1985-07-01', preferredChannel: 'email', email: 'binh@example.vn' });
    id.chi = await insertCustomer(db, { workspaceId: w, name: 'Phạm Chi', tags: ['vip'], lifecycleStage: 'prospect' });
    id.dung = await insertCustomer(db, { workspaceId: w, name: 'Đỗ Dũng' });
    id.merged = await insertCustomer(db, { workspaceId: w, name: 'Đã gộp', tags: ['vip'] });
    await db.query('UPDATE customers SET merged_into_id = $1 WHERE id = $2', [id.an, id.merged]);

    await insertOrder(db, { workspaceId: w, customerId: id.an, items: [['TV', 'Tivi 55"']], total: 5_000_000, orderedAt: daysAgo(10) });
    await insertOrder(db, { workspaceId: w, customerId: id.an, items: [['REMOTE', 'Điều khiển']], total: 1_000_000, orderedAt: daysAgo(400) });
    await insertOrder(db, { workspaceId: w, customerId: id.binh, items: [['FAN', 'Quạt đứng']], total: 800_000, status: 'shipping', orderedAt: daysAgo(3) });
    await insertOrder(db, { workspaceId: w, customerId: id.chi, items: ['AC'], kind: 'quote', status: 'quote', total: 9_000_000 });
    await insertOrder(db, { workspaceId: w, customerId: id.dung, items: ['TV'], status: 'cancelled', total: 5_000_000 });

    await insertTicketWithMessages(db, { workspaceId: w, customerId: id.an, subject: 'Tivi lỗi', status: 'responded' });
    await insertTicketWithMessages(db, { workspaceId: w, customerId: id.binh, subject: 'Hỏi giá', status: 'resolved' });
    await insertTicketWithMessages(db, { workspaceId: w, customerId: id.binh, subject: 'Giao hàng', status: 'closed' });

    await answer(id.an, 'csat', 2, daysAgo(30));
    await answer(id.an, 'csat', 5, daysAgo(5));
    await answer(id.binh, 'csat', 5, daysAgo(30));
    await answer(id.binh, 'csat', 2, daysAgo(5));
    await answer(id.an, 'nps', 10, daysAgo(5));
    await answer(id.binh, 'nps', 7, daysAgo(5));
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, cookie = ws.admin.cookie) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const all = (...rules: SegmentGroup['rules']): SegmentGroup => ({ match: 'all', rules });
  const names = { an: 'Trần Văn An', binh: 'Lê Thị Bình', chi: 'Phạm Chi', dung: 'Đỗ Dũng' };
  async function members(rule: SegmentGroup): Promise<string[]> {
    const res = await post('/api/segments/preview', { rule });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: { name: string }[]; count: number }>();
    expect(body.count).toBe(body.items.length);
    return body.items.map((i) => i.name).sort();
  }
  const who = (...keys: (keyof typeof names)[]) => keys.map((k) => names[k]).sort();

  // Each condition kind compiles and selects exactly the profiles worked out by hand above.
  const cases: [string, SegmentCondition, (keyof typeof names)[]][] = [
    ['tag has', { field: 'tag', op: 'has', value: 'vip' }, ['an', 'chi']],
    ['tag not has', { field: 'tag', op: 'not_has', value: 'vip' }, ['binh', 'dung']],
    ['attribute equals a string', { field: 'attribute', key: 'membership', op: 'eq', value: 'gold' }, ['an']],
    ['attribute not equal (missing counts as different)', { field: 'attribute', key: 'membership', op: 'neq', value: 'gold' }, ['binh', 'chi', 'dung']],
    ['attribute exists', { field: 'attribute', key: 'points', op: 'exists' }, ['an', 'binh']],
    ['attribute missing', { field: 'attribute', key: 'points', op: 'not_exists' }, ['chi', 'dung']],
    ['attribute number at least', { field: 'attribute', key: 'points', op: 'gte', value: 100 }, ['an']],
    ['attribute number at most', { field: 'attribute', key: 'points', op: 'lte', value: 30 }, ['binh']],
    ['lifecycle in', { field: 'lifecycle', op: 'in', values: ['customer', 'prospect'] }, ['an', 'chi']],
    ['lifecycle not in', { field: 'lifecycle', op: 'not_in', values: ['lead'] }, ['an', 'chi']],
    ['birthday month', { field: 'birthday_month', op: 'in', values: [3, 12] }, ['an']],
    ['preferred channel in', { field: 'preferred_channel', op: 'in', values: ['email'] }, ['binh']],
    ['preferred channel not in (no preference included)', { field: 'preferred_channel', op: 'not_in', values: ['zalo'] }, ['binh', 'chi', 'dung']],
    ['order count at least 2', { field: 'order_count', op: 'gte', value: 2 }, ['an']],
    ['order count at most 1 (none counts as 0)', { field: 'order_count', op: 'lte', value: 1 }, ['binh', 'chi', 'dung']],
    ['order count exactly 0 (quotes and cancelled orders are not purchases)', { field: 'order_count', op: 'eq', value: 0 }, ['chi', 'dung']],
    ['order count exactly 1', { field: 'order_count', op: 'eq', value: 1 }, ['binh']],
    ['total spent at least 1,000,000', { field: 'total_spent', op: 'gte', value: 1_000_000 }, ['an']],
    ['total spent at most 800,000', { field: 'total_spent', op: 'lte', value: 800_000 }, ['binh', 'chi', 'dung']],
    ['last order within 7 days', { field: 'last_order', op: 'within_days', days: 7 }, ['binh']],
    ['last order more than 5 days ago', { field: 'last_order', op: 'before_days', days: 5 }, ['an']],
    ['never ordered', { field: 'last_order', op: 'never' }, ['chi', 'dung']],
    ['bought a product', { field: 'product', op: 'bought', skus: ['TV', 'FAN'] }, ['an', 'binh']],
    ['did not buy a product (a cancelled TV is not bought)', { field: 'product', op: 'not_bought', skus: ['TV'] }, ['binh', 'chi', 'dung']],
    ['has an open order (a quote counts, as on the profile)', { field: 'open_order', op: 'is', value: true }, ['binh', 'chi']],
    ['has no open order', { field: 'open_order', op: 'is', value: false }, ['an', 'dung']],
    ['ticket count at least 2', { field: 'ticket_count', op: 'gte', value: 2 }, ['binh']],
    ['ticket count exactly 0', { field: 'ticket_count', op: 'eq', value: 0 }, ['chi', 'dung']],
    ['tickets in the last 30 days at least 1', { field: 'ticket_count', op: 'gte', value: 1, withinDays: 30 }, ['an', 'binh']],
    ['has an open ticket', { field: 'open_ticket', op: 'is', value: true }, ['an']],
    ['has no open ticket', { field: 'open_ticket', op: 'is', value: false }, ['binh', 'chi', 'dung']],
    ['last CSAT at most 2 (the latest answer, not any)', { field: 'last_csat', op: 'lte', value: 2 }, ['binh']],
    ['last CSAT exactly 5', { field: 'last_csat', op: 'eq', value: 5 }, ['an']],
    ['NPS promoters', { field: 'nps_category', op: 'in', values: ['promoter'] }, ['an']],
    ['NPS passives or detractors', { field: 'nps_category', op: 'in', values: ['passive', 'detractor'] }, ['binh']],
    ['journey in-sale', { field: 'journey_stage', op: 'in', values: ['in_sale'] }, ['binh']],
    ['journey post-sale', { field: 'journey_stage', op: 'in', values: ['post_sale'] }, ['an']],
    ['journey pre-sale (leads: quotes and cancelled orders only)', { field: 'journey_stage', op: 'in', values: ['pre_sale'] }, ['chi', 'dung']],
  ];
  it.each(cases)('%s', async (_label, cond, expected) => {
    expect(await members(all(cond))).toEqual(who(...expected));
  });

  it('combines conditions with all/any and nested groups; an empty rule is every live profile', async () => {
    expect(await members(all())).toEqual(who('an', 'binh', 'chi', 'dung'));
    const vipBuyers = all({ field: 'tag', op: 'has', value: 'vip' }, { field: 'order_count', op: 'gte', value: 1 });
    expect(await members(vipBuyers)).toEqual(who('an'));
    const either: SegmentGroup = { match: 'any', rules: [{ field: 'last_csat', op: 'lte', value: 2 }, { field: 'journey_stage', op: 'in', values: ['pre_sale'] }] };
    expect(await members(either)).toEqual(who('binh', 'chi', 'dung'));
    const nested = all({ field: 'tag', op: 'has', value: 'vip' }, { match: 'any', rules: [{ field: 'open_order', op: 'is', value: true }, { field: 'birthday_month', op: 'in', values: [3] }] });
    expect(await members(nested)).toEqual(who('an', 'chi'));
  });

  it('checks one customer against a saved segment in one query, agreeing with the full member listing', async () => {
    const rules: SegmentGroup[] = [
      all({ field: 'tag', op: 'has', value: 'vip' }),
      all({ field: 'order_count', op: 'eq', value: 0 }),
      all({ field: 'product', op: 'not_bought', skus: ['TV'] }),
      { match: 'any', rules: [{ field: 'last_csat', op: 'lte', value: 2 }, { field: 'journey_stage', op: 'in', values: ['pre_sale'] }] },
      all({ field: 'tag', op: 'has', value: 'vip' }, { match: 'any', rules: [{ field: 'open_order', op: 'is', value: true }, { field: 'birthday_month', op: 'in', values: [3] }] }),
      all(),
    ];
    const customers = [id.an, id.binh, id.chi, id.dung, id.merged];
    for (const [i, rule] of rules.entries()) {
      const saved = await post('/api/segments', { name: `Một khách ${i}`, rule });
      expect(saved.statusCode, saved.body).toBe(201);
      const segId: string = saved.json().segment.id;
      const listed = new Set<string>();
      for await (const ids of segmentMemberIds(t.ctx.db, ws.workspaceId, segId, 2)) for (const x of ids) listed.add(x);
      for (const c of customers) expect(await isSegmentMember(t.ctx.db, ws.workspaceId, segId, c), `rule ${i}, customer ${c}`).toBe(listed.has(c));
      await t.app.inject({ method: 'DELETE', url: `/api/segments/${segId}`, headers: { cookie: ws.admin.cookie } });
    }
    // Another workspace's segment or an unknown one is "not found", never a silent answer.
    await expect(isSegmentMember(t.ctx.db, ws.workspaceId, newId(), id.an)).rejects.toMatchObject({ status: 404 });
  });

  it('binds values as parameters: quotes and SQL in a value are only text', async () => {
    expect(await members(all({ field: 'tag', op: 'has', value: "vip'] OR TRUE --" }))).toEqual([]);
    expect(await members(all({ field: 'attribute', key: "membership' OR '1'='1", op: 'exists' }))).toEqual([]);
    expect(await members(all({ field: 'product', op: 'bought', skus: ["TV') OR 1=1 --"] }))).toEqual([]);
  });

  it.each([
    ['not an object', 'all of them', /the rule/],
    ['unknown field', { match: 'all', rules: [{ field: 'salary', op: 'gte', value: 1 }] }, /condition 1/],
    ['an operator the field does not have', { match: 'all', rules: [{ field: 'tag', op: 'gte', value: 'vip' }] }, /condition 1.*tag/],
    ['a month 13', { match: 'all', rules: [{ field: 'birthday_month', op: 'in', values: [13] }] }, /birthday month.*at most 12/],
    ['no values chosen', { match: 'any', rules: [{ match: 'all', rules: [{ field: 'lifecycle', op: 'in', values: [] }] }] }, /condition 1\.1.*lifecycle stage.*at least one/],
    ['days missing', { match: 'all', rules: [{ field: 'last_order', op: 'within_days' }] }, /last order.*how many days/],
    ['a number compare without a number', { match: 'all', rules: [{ field: 'attribute', key: 'points', op: 'gte', value: 'many' }] }, /give a number/],
    ['negative order count', { match: 'all', rules: [{ field: 'order_count', op: 'gte', value: -1 }] }, /number of orders.*at least 0/],
    ['too deep', { match: 'all', rules: [{ match: 'all', rules: [{ match: 'all', rules: [{ match: 'all', rules: [{ match: 'all', rules: [] }] }] }] }] }, /at most 4 deep/],
  ])('a bad rule (%s) → 400 segment.invalid_rule with a readable message', async (_label, rule, message) => {
    for (const url of ['/api/segments/count', '/api/segments/preview']) {
      const res = await post(url, { rule });
      expect(res.statusCode).toBe(400);
      const err = res.json<{ error: { id: string; message: string } }>().error;
      expect(err.id).toBe('segment.invalid_rule');
      expect(err.message).toMatch(message);
    }
    const save = await post('/api/segments', { name: 'Sai', rule });
    expect(save.statusCode).toBe(400);
    expect(save.json().error.id).toBe('segment.invalid_rule');
  });

  it('saves, lists, counts, renames, refuses a duplicate name, deletes; agents read but may not save', async () => {
    const rule = all({ field: 'tag', op: 'has', value: 'vip' });
    const created = await post('/api/segments', { name: 'Khách VIP', description: 'Gắn thẻ vip', rule });
    expect(created.statusCode, created.body).toBe(201);
    const seg = created.json().segment;
    expect(seg.rule).toEqual(rule);
    expect(seg.lastCount).toBe(2);
    expect((await post('/api/segments', { name: 'khách vip', rule })).json().error.id).toBe('segment.name_taken');

    const count = await t.app.inject({ method: 'GET', url: `/api/segments/${seg.id}/count`, headers: { cookie: ws.admin.cookie } });
    expect(count.json().count).toBe(2);
    const list = await t.app.inject({ method: 'GET', url: '/api/segments', headers: { cookie: ws.admin.cookie } });
    expect(list.json().items.map((s: { name: string; lastCount: number }) => [s.name, s.lastCount])).toEqual([['Khách VIP', 2]]);

    const put = await t.app.inject({ method: 'PUT', url: `/api/segments/${seg.id}`, headers: { cookie: ws.admin.cookie }, payload: { name: 'VIP đã mua', rule: all({ field: 'tag', op: 'has', value: 'vip' }, { field: 'order_count', op: 'gte', value: 1 }) } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().segment.lastCount).toBe(1);

    const agent = await seedUser(t, ws.workspaceId, 'agent');
    expect((await post('/api/segments/count', { rule }, agent.cookie)).statusCode).toBe(200);
    expect((await post('/api/segments', { name: 'Của tôi', rule }, agent.cookie)).statusCode).toBe(403);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/segments/${seg.id}`, headers: { cookie: ws.admin.cookie } });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/segments/${seg.id}`, headers: { cookie: ws.admin.cookie } })).statusCode).toBe(404);
  });

  it('exports the members as CSV with their order figures; another workspace sees none of them', async () => {
    const res = await post('/api/segments', { name: 'Đã mua', rule: all({ field: 'order_count', op: 'gte', value: 1 }) });
    const seg = res.json().segment;
    const csv = await t.app.inject({ method: 'GET', url: `/api/segments/${seg.id}/export.csv`, headers: { cookie: ws.admin.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('name,phone,email,lifecycle_stage,tags,order_count,total_spent,last_order_at');
    const rows = lines.slice(1).sort();
    expect(rows).toHaveLength(2);
    expect(rows).toContain(`Lê Thị Bình,,binh@example.vn,lead,,1,800000,${ddmmyyyy(daysAgo(3))}`);
    expect(rows).toContain(`Trần Văn An,'+84901000001,,customer,vip,2,6000000,${ddmmyyyy(daysAgo(10))}`);

    const other = await seedWorkspace(t, 'Cửa hàng khác');
    expect((await post('/api/segments/count', { rule: all() }, other.admin.cookie)).json().count).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/segments/${seg.id}/export.csv`, headers: { cookie: other.admin.cookie } })).statusCode).toBe(404);
  });
});

function ddmmyyyy(d: Date) {
  const s = d.toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}
