import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { AppError } from '../../../core/errors.js';
import { resolveCustomer } from './resolve-customer.js';

describe('resolveCustomer', () => {
  let t: TestApp;
  let ws: string;
  const resolve = (identities: { kind: string; value: string }[], name?: string) =>
    t.ctx.db.tx((tx) => resolveCustomer(tx, { workspaceId: ws, identities, name, actor: null }));

  beforeAll(async () => {
    t = await createTestApp();
    ws = (await seedWorkspace(t)).workspaceId;
  });
  afterAll(() => t.close());

  it('creates a profile on first contact, then finds it again whatever the phone format', async () => {
    const first = await resolve([{ kind: 'phone', value: '0912 345 678' }], 'Nguyễn Văn Đức');
    expect(first.created).toBe(true);
    expect(first.customer.phone).toBe('+84912345678');
    expect(first.customer.search_name).toBe('nguyen van duc');
    for (const v of ['+84912345678', '84912345678', '0912.345.678', '(+84) 912-345-678']) {
      const again = await resolve([{ kind: 'phone', value: v }]);
      expect(again.created).toBe(false);
      expect(again.customer.id).toBe(first.customer.id);
    }
    const ids = await t.ctx.db.query('SELECT kind, value FROM customer_identities WHERE customer_id = $1', [first.customer.id]);
    expect(ids).toEqual([{ kind: 'phone', value: '+84912345678' }]);
  });

  it('attaches new identities and fills empty primary fields', async () => {
    const a = await resolve([{ kind: 'zalo', value: 'zl-777' }]);
    expect(a.customer.email).toBeNull();
    const b = await resolve([{ kind: 'zalo', value: 'zl-777' }, { kind: 'email', value: ' Lan@Example.VN ' }], 'Trần Thị Lan');
    expect(b.created).toBe(false);
    expect(b.customer.id).toBe(a.customer.id);
    expect(b.customer.email).toBe('lan@example.vn');
    expect(b.customer.name).toBe('Trần Thị Lan');
    const kinds = await t.ctx.db.query('SELECT kind FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [a.customer.id]);
    expect(kinds.map((r) => r.kind)).toEqual(['email', 'zalo']);
  });

  it('links two profiles that turn out to share identities into the older one (auto merge)', async () => {
    const byPhone = await resolve([{ kind: 'phone', value: '0903 111 222' }], 'Lê Hoa');
    const byMail = await resolve([{ kind: 'email', value: 'hoa@shop.vn' }]);
    const both = await resolve([{ kind: 'email', value: 'hoa@shop.vn' }, { kind: 'phone', value: '+84903111222' }]);
    expect(both.customer.id).toBe(byPhone.customer.id);
    expect(both.customer.email).toBe('hoa@shop.vn');
    const merged = await t.ctx.db.one('SELECT merged_into_id FROM customers WHERE id = $1', [byMail.customer.id]);
    expect(merged.merged_into_id).toBe(byPhone.customer.id);
    const merge = await t.ctx.db.one('SELECT reason, moved FROM customer_merges WHERE source_id = $1', [byMail.customer.id]);
    expect(merge.reason).toBe('auto');
    // The merged-away profile's identity now belongs to the kept one.
    const again = await resolve([{ kind: 'email', value: 'HOA@shop.vn' }]);
    expect(again.customer.id).toBe(byPhone.customer.id);
  });

  it('yields ONE profile when the same new person writes several times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => resolve([{ kind: 'phone', value: i % 2 ? '0987 654 321' : '+84987654321' }, { kind: 'messenger', value: 'psid-42' }])),
    );
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const n = await t.ctx.db.one('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND phone = $2', [ws, '+84987654321']);
    expect(n.n).toBe(1);
  });

  it('rejects an invalid phone with customer.invalid_phone and writes nothing', async () => {
    const before = await t.ctx.db.one('SELECT count(*)::int AS n FROM customers');
    const err = await resolve([{ kind: 'email', value: 'ok@x.vn' }, { kind: 'phone', value: '12' }]).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.id).toBe('customer.invalid_phone');
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM customers')).n).toBe(before.n);
    expect((await resolve([]).catch((e) => e)).id).toBe('customer.identity_required');
  });

  it('appends events for creation, identities and merges', async () => {
    const types = await t.ctx.db.query<{ type: string }>('SELECT DISTINCT type FROM events WHERE workspace_id = $1', [ws]);
    expect(types.map((r) => r.type)).toEqual(expect.arrayContaining(['customer.created', 'customer.identity_added', 'customer.merged', 'customer.updated']));
  });
});
