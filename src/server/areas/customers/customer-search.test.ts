import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import type { CustomerLookupHit } from '../../../shared/customers.js';

// Issue 10 §10: lookup and customer search did not match part of an email ("hotmail", "fpt.vn"); the
// list had no sorting and no total.
describe('customer search by part of an email, list sorting and total', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    const other = await seedWorkspace(t, 'Khác');
    await buildCustomer(t.ctx, other.workspaceId, { name: 'Người ngoài', email: 'ngoai@hotmail.com' });
    // Created one after another, so "newest first" is the reverse of this list.
    for (const [name, email, phone] of [
      ['Trần Thị Ngọc', 'ngoc.tran@hotmail.com', '0903 111 222'],
      ['Lê Văn Khỏe', 'khoe@fpt.vn', null],
      ['Ánh Dương', 'anh.duong@gmail.com', '0987 000 111'],
      ['Bùi Thuỷ', null, null],
      ['Đặng Hoà', 'hoa@fpt.vn', null],
    ] as const) {
      await buildCustomer(t.ctx, s.workspaceId, { name, email, phone });
    }
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json();
  };
  const names = (items: { name: string }[]) => items.map((c) => c.name).sort();

  it('finds customers by part of an email or its domain, in the list and the quick lookup', async () => {
    for (const [q, want] of [
      ['hotmail', ['Trần Thị Ngọc']],
      ['fpt.vn', ['Lê Văn Khỏe', 'Đặng Hoà']],
      ['ngoc.tran', ['Trần Thị Ngọc']],
      ['gmail.com', ['Ánh Dương']],
    ] as const) {
      expect(names((await get(`/api/customers?q=${encodeURIComponent(q)}`)).items), q).toEqual([...want].sort());
      expect(names((await get(`/api/customers/lookup?q=${encodeURIComponent(q)}`)).items as CustomerLookupHit[]), q).toEqual([...want].sort());
    }
    // Names still match without accents and in either tone placement; part of a phone too.
    expect(names((await get(`/api/customers?q=${encodeURIComponent('thủy')}`)).items)).toEqual(['Bùi Thuỷ']);
    expect(names((await get(`/api/customers/lookup?q=${encodeURIComponent('hòa')}`)).items)).toContain('Đặng Hoà');
    expect(names((await get(`/api/customers/lookup?q=${encodeURIComponent('0987 000')}`)).items)).toEqual(['Ánh Dương']);
  });

  it('sorts by name and by creation, pages each order with its own cursor, and counts the matches', async () => {
    const all = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let total: number | null = null;
      do {
        const page: { items: { name: string }[]; nextCursor: string | null; total: number | null } = await get(`/api/customers?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        if (!cursor) total = page.total;
        else expect(page.total).toBeNull();
        seen.push(...page.items.map((c) => c.name));
        cursor = page.nextCursor;
      } while (cursor);
      return { seen, total };
    };
    const byName = await all('name_asc');
    expect(byName.seen).toEqual(['Ánh Dương', 'Bùi Thuỷ', 'Đặng Hoà', 'Lê Văn Khỏe', 'Trần Thị Ngọc']);
    expect(byName.total).toBe(5);
    expect((await all('name_desc')).seen).toEqual([...byName.seen].reverse());
    const oldest = await all('created_asc');
    expect(oldest.seen).toEqual(['Trần Thị Ngọc', 'Lê Văn Khỏe', 'Ánh Dương', 'Bùi Thuỷ', 'Đặng Hoà']);
    expect((await all('created_desc')).seen).toEqual([...oldest.seen].reverse());
    expect((await get('/api/customers?q=fpt.vn')).total).toBe(2);
    // A cursor of one order is refused by another.
    const first = await get('/api/customers?sort=name_asc&limit=2');
    const res = await t.app.inject({ method: 'GET', url: `/api/customers?sort=created_desc&cursor=${first.nextCursor}`, headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('pagination.invalid_cursor');
  });
});
