import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { Customer, CustomerIdentity, CustomerLookupHit } from '../../../shared/customers.js';

describe('customers CRUD, identities, notes, list and lookup', () => {
  let t: TestApp;
  let cookie: string;
  let ws: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: InjectOptions['payload'], c = cookie) =>
    t.app.inject({ method, url, payload, headers: { cookie: c } });

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    ws = s.workspaceId;
  });
  afterAll(() => t.close());

  it('creates a profile with normalised phone/email, identities, search name and an event', async () => {
    const res = await call('POST', '/api/customers', {
      name: 'Nguyễn Văn Đức',
      phone: '0912 345 678',
      email: ' Duc.Nguyen@Example.VN',
      birthday: '1990-05-01',
      gender: 'male',
      address: '12 Lê Lợi, Quận 1, TP.HCM',
      company: 'Công ty Hoa Sen',
      preferredChannel: 'zalo',
      lifecycleStage: 'customer',
      tags: ['vip', ' vip ', 'sỉ'],
      attributes: { membership: 'gold', points: 120 },
      segment: 'B2B',
    });
    expect(res.statusCode).toBe(201);
    const { customer, identities } = res.json();
    expect(customer).toMatchObject({
      name: 'Nguyễn Văn Đức',
      phone: '+84912345678',
      email: 'duc.nguyen@example.vn',
      birthday: '1990-05-01',
      tags: ['vip', 'sỉ'],
      attributes: { membership: 'gold', points: 120 },
      lifecycleStage: 'customer',
      preferredChannel: 'zalo',
      mergedIntoId: null,
    });
    expect(identities.map((i: CustomerIdentity) => `${i.kind}:${i.value}`).sort()).toEqual(['email:duc.nguyen@example.vn', 'phone:+84912345678']);
    const row = await t.ctx.db.one('SELECT search_name FROM customers WHERE id = $1', [customer.id]);
    expect(row.search_name).toBe('nguyen van duc');
    const ev = await t.ctx.db.query('SELECT type FROM events WHERE subject_id = $1', [customer.id]);
    expect(ev.map((e) => e.type)).toContain('customer.created');
  });

  it('answers 400 with a clear id for a bad phone, email or birthday, and writes nothing', async () => {
    const before = (await t.ctx.db.one('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [ws])).n;
    const phone = await call('POST', '/api/customers', { name: 'A', phone: '0123' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.id).toBe('customer.invalid_phone');
    const email = await call('POST', '/api/customers', { name: 'A', email: 'not-mail' });
    expect(email.json().error.id).toBe('customer.invalid_email');
    const bday = await call('POST', '/api/customers', { name: 'A', birthday: '1990-02-31' });
    expect(bday.json().error.id).toBe('validation.failed');
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [ws])).n).toBe(before);
  });

  it('refuses to create a second profile for a phone already known (409 naming the existing one)', async () => {
    const existing = (await call('GET', '/api/customers/lookup?q=0912345678')).json().items[0];
    const res = await call('POST', '/api/customers', { name: 'Đức khác', phone: '+84 912 345 678' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.id).toBe('customer.identity_taken');
    expect(res.json().error.details.customerId).toBe(existing.id);
  });

  it('patches fields, keeps search_name in step and 404s on another workspace', async () => {
    const c = (await call('POST', '/api/customers', { name: 'Trần Thị Bích' })).json().customer;
    const res = await call('PATCH', `/api/customers/${c.id}`, { name: 'Trần Thị Bích Ngọc', tags: ['mới'], address: null, birthday: '1995-12-24' });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer).toMatchObject({ name: 'Trần Thị Bích Ngọc', tags: ['mới'], birthday: '1995-12-24' });
    expect((await t.ctx.db.one('SELECT search_name FROM customers WHERE id = $1', [c.id])).search_name).toBe('tran thi bich ngoc');
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    expect((await call('GET', `/api/customers/${c.id}`, undefined, other.admin.cookie)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/customers/${c.id}`, { name: 'x' }, other.admin.cookie)).statusCode).toBe(404);
  });

  it('adding a phone owned by another profile merges that profile in (auto, undoable)', async () => {
    const a = (await call('POST', '/api/customers', { name: 'Lê Văn Hùng', email: 'hung@shop.vn' })).json().customer;
    const b = (await call('POST', '/api/customers', { name: 'Anh Hùng', phone: '0903 222 333', company: 'Hùng Phát' })).json().customer;
    const res = await call('POST', `/api/customers/${a.id}/identities`, { kind: 'phone', value: '84903222333' });
    expect(res.statusCode).toBe(200);
    expect(res.json().merge).toMatchObject({ sourceId: b.id, targetId: a.id, reason: 'auto' });
    const after = (await call('GET', `/api/customers/${a.id}`)).json();
    expect(after.customer.company).toBe('Hùng Phát');
    expect(after.identities.map((i: CustomerIdentity) => i.value).sort()).toEqual(['+84903222333', 'hung@shop.vn']);
    expect((await call('GET', `/api/customers/${b.id}`)).json().customer.mergedIntoId).toBe(a.id);
    // Undo gives b its phone back.
    const undo = await call('POST', `/api/customer-merges/${res.json().merge.id}/undo`);
    expect(undo.statusCode).toBe(200);
    expect((await call('GET', `/api/customers/${b.id}`)).json().identities.map((i: CustomerIdentity) => i.value)).toEqual(['+84903222333']);
    expect((await call('GET', `/api/customers/${a.id}`)).json().customer.company).toBeNull();
  });

  it('PATCH with a phone of another profile also auto-merges; a plain new identity is 201', async () => {
    const a = (await call('POST', '/api/customers', { name: 'Phạm Minh', phone: '0977 000 111' })).json().customer;
    const b = (await call('POST', '/api/customers', { name: 'Minh Zalo', phone: '0977 000 222' })).json().customer;
    const res = await call('PATCH', `/api/customers/${a.id}`, { phone: '0977000222' });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.phone).toBe('+84977000222');
    expect(res.json().merges).toHaveLength(1);
    expect(res.json().merges[0].sourceId).toBe(b.id);
    const zalo = await call('POST', `/api/customers/${a.id}/identities`, { kind: 'zalo', value: 'zalo-123' });
    expect(zalo.statusCode).toBe(201);
    // Editing the merged-away profile is refused.
    expect((await call('PATCH', `/api/customers/${b.id}`, { name: 'x' })).json().error.id).toBe('customer.merged');
  });

  it('removes an identity and falls back the primary phone', async () => {
    const c = (await call('POST', '/api/customers', { name: 'Võ Thị Sáu', phone: '0988 111 000' })).json();
    await call('POST', `/api/customers/${c.customer.id}/identities`, { kind: 'phone', value: '0988 111 999' });
    const primary = c.identities.find((i: CustomerIdentity) => i.kind === 'phone');
    const del = await call('DELETE', `/api/customers/${c.customer.id}/identities/${primary.id}`);
    expect(del.statusCode).toBe(204);
    const after = (await call('GET', `/api/customers/${c.customer.id}`)).json();
    expect(after.customer.phone).toBe('+84988111999');
    expect(after.identities).toHaveLength(1);
    expect((await call('DELETE', `/api/customers/${c.customer.id}/identities/${primary.id}`)).statusCode).toBe(404);
  });

  it('adds notes with the author name', async () => {
    const c = (await call('POST', '/api/customers', { name: 'Đặng Thu Thảo' })).json().customer;
    const res = await call('POST', `/api/customers/${c.id}/notes`, { body: 'Khách thích được gọi buổi sáng' });
    expect(res.statusCode).toBe(201);
    expect(res.json().note).toMatchObject({ body: 'Khách thích được gọi buổi sáng', authorName: 'Quản Trị' });
    expect((await call('POST', `/api/customers/${c.id}/notes`, { body: '  ' })).statusCode).toBe(400);
  });

  it('lists newest first with keyset pages, tag and stage filters, and never shows merged-away profiles', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/api/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((c: Customer) => c.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    const live = await t.ctx.db.query('SELECT id FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL ORDER BY created_at DESC, id DESC', [ws]);
    expect(seen).toEqual(live.map((r) => r.id));
    const vip = (await call('GET', '/api/customers?tag=vip')).json().items;
    expect(vip.map((c: Customer) => c.name)).toEqual(['Nguyễn Văn Đức']);
    expect((await call('GET', '/api/customers?stage=customer')).json().items).toHaveLength(1);
    expect((await call('GET', '/api/customers?q=nguyen%20van')).json().items.map((c: Customer) => c.name)).toEqual(['Nguyễn Văn Đức']);
    expect((await call('GET', '/api/customers?cursor=garbage')).json().error.id).toBe('pagination.invalid_cursor');
  });

  it('quick lookup reads phones in any format, partial digits, emails and names without diacritics', async () => {
    const look = async (q: string) => (await call('GET', `/api/customers/lookup?q=${encodeURIComponent(q)}`)).json();
    for (const q of ['0912 345 678', '+84912345678', '84912345678', '0912.345.678', '(+84) 912-345-678']) {
      const r = await look(q);
      expect(r.matchedBy, q).toBe('phone');
      expect(r.items.map((c: CustomerLookupHit) => c.name), q).toEqual(['Nguyễn Văn Đức']);
    }
    expect((await look('0912 345')).matchedBy).toBe('phone_digits');
    expect((await look('0912 345')).items[0].name).toBe('Nguyễn Văn Đức');
    expect((await look('345678')).items[0].name).toBe('Nguyễn Văn Đức');
    expect((await look('DUC.NGUYEN@example.vn')).items[0].name).toBe('Nguyễn Văn Đức');
    expect((await look('duc.ng@')).matchedBy).toBe('email');
    expect((await look('nguyen van duc')).items[0].name).toBe('Nguyễn Văn Đức');
    expect((await look('Nguyễn Văn Đức')).items[0].name).toBe('Nguyễn Văn Đức');
    expect((await look('bich ngoc')).items[0].name).toBe('Trần Thị Bích Ngọc');
    expect((await look('nguyen van duk')).items[0]?.name).toBe('Nguyễn Văn Đức'); // typo: word similarity
    expect((await look('Minh Zalo')).items).toHaveLength(0); // merged away
    expect((await look('x')).matchedBy).toBe('none');
    expect((await look('0912 345 678')).items[0].openTickets).toBe(0);
  });

  it('checks policies: an agent cannot import or export; a token can read and write', async () => {
    const agent = await seedUser(t, ws, 'agent');
    expect((await t.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: { cookie: agent.cookie } })).statusCode).toBe(403);
    const token = await seedToken(t, cookie);
    const res = await t.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${token}` }, payload: { name: 'Từ API', email: 'api@x.vn' } });
    expect(res.statusCode).toBe(201);
    const merge = await t.app.inject({
      method: 'POST',
      url: `/api/customers/${res.json().customer.id}/merge`,
      headers: { authorization: `Bearer ${token}` },
      payload: { sourceId: res.json().customer.id },
    });
    expect(merge.statusCode).toBe(403);
  });
});
