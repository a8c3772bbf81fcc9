import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../../core/db/types.js';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { lookupCustomers } from './lookup-customers.js';
import { listCustomers } from './list-customers.js';

/**
 * Guards the query plans of the lookup on a realistic volume: name prefixes must go through the b-tree
 * prefix index (migration 021), words inside a name through the trigram GIN index on search_name, partial phone numbers through the trigram index on identity values, and
 * no identity subquery may be re-run per customer (a correlated IN made this take minutes once).
 */
describe('customer lookup query plans', () => {
  let t: TestApp;
  let ws: string;
  const plans: string[] = [];
  // Runs every statement twice: once under EXPLAIN (recorded), once for real.
  const explaining = (): Sql =>
    ({
      async query(text: string, params?: unknown[]) {
        const rows = await t.ctx.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return t.ctx.db.query(text, params);
      },
    }) as unknown as Sql;

  beforeAll(async () => {
    t = await createTestApp();
    ws = (await seedWorkspace(t)).workspaceId;
    await t.ctx.db.exec(`
      INSERT INTO customers (id, workspace_id, name, search_name, phone, created_at)
      SELECT gen_random_uuid(), '${ws}', n, n, '+8490' || lpad((i * 7919 % 10000000)::text, 7, '0'), now() - (i || ' minutes')::interval
      FROM (SELECT i, (ARRAY['nguyen','tran','le','pham','hoang','vo','dang','bui'])[1 + i % 8] || ' ' ||
                      (ARRAY['van','thi','minh','ngoc'])[1 + (i / 8) % 4] || ' ' ||
                      (ARRAY['an','binh','cuong','duc','giang','ha','hai','lan','linh','mai','nam','son','tam'])[1 + (i / 32) % 13] || ' ' || i AS n
            FROM generate_series(1, 100000) i) g;
      INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value)
      SELECT gen_random_uuid(), workspace_id, id, 'phone', phone FROM customers WHERE workspace_id = '${ws}';
      ANALYZE customers; ANALYZE customer_identities;`);
    // 100k rows into PGlite with two trigram GIN indexes takes ~1-2 min on a loaded machine.
  }, 300_000);
  afterAll(() => t.close());

  it('serves a name prefix from the b-tree prefix index, best (exact) match first, without the trigram pass', async () => {
    plans.length = 0;
    const r = await lookupCustomers(explaining(), ws, 'Nguyễn Văn An 1');
    expect(r.items).toHaveLength(10);
    expect(r.items.every((c) => c.name.startsWith('nguyen van an 1'))).toBe(true);
    expect(plans).toHaveLength(1); // ten prefix matches: no trigram search at all
    expect(plans[0]).toContain('customers_search_name_prefix_idx');
    expect(plans[0]).not.toMatch(/Seq Scan on customers|Bitmap Heap Scan on customers/);
    // A common prefix (1/32 of the rows here, ~7 % in real data) reads only the first rows of the index.
    plans.length = 0;
    const common = await lookupCustomers(explaining(), ws, 'nguyen van');
    expect(common.items.map((c) => c.name)).toEqual([...common.items.map((c) => c.name)].sort());
    expect(common.items.every((c) => c.name.startsWith('nguyen van '))).toBe(true);
    expect(plans[0]).toContain('customers_search_name_prefix_idx');
    // The exact name comes before the longer names it prefixes.
    const exact = await lookupCustomers(t.ctx.db, ws, 'nguyen van an 416');
    expect(exact.items[0].name).toBe('nguyen van an 416');
  });

  it('serves words inside a name from the trigram index after an empty prefix pass', async () => {
    plans.length = 0;
    const r = await lookupCustomers(explaining(), ws, 'Văn An 1');
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((c) => c.name.includes('van an 1'))).toBe(true);
    expect(plans).toHaveLength(2);
    expect(plans[0]).toContain('customers_search_name_prefix_idx');
    expect(plans[1]).toContain('customers_search_name_trgm');
    expect(plans[1]).not.toMatch(/Seq Scan on customers/);
  });

  it('serves partial and full phone numbers from identity indexes, without a per-row subplan', async () => {
    plans.length = 0;
    const partial = await lookupCustomers(explaining(), ws, '0900 0079');
    expect(partial.matchedBy).toBe('phone_digits');
    expect(plans[0]).toContain('customer_identities_value_trgm');
    expect(plans[0]).not.toMatch(/SubPlan[\s\S]*customer_identities_value_trgm/);
    plans.length = 0;
    const full = await lookupCustomers(explaining(), ws, '0900 007 919');
    expect(full.items).toHaveLength(1);
    expect(plans[0]).toContain('customer_identities_workspace_id_kind_value_key');
  });

  it('pages the list from the live-customers index', async () => {
    plans.length = 0;
    const first = await listCustomers(t.ctx.db, { workspaceId: ws, limit: 25 });
    await listCustomers(explaining(), { workspaceId: ws, limit: 25, cursor: first.nextCursor! });
    expect(plans[0]).toContain('customers_ws_live_created_idx');
  });
});
