import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { FANOUT_JOB, reactionsSettled } from '../../core/events/reactions.js';
import { insertCustomer, insertOrder } from '../../test/fixtures/order-baskets.js';
import { associationsFrom, countCoOccurrence, DEFAULT_THRESHOLDS, indexBySku, pairCount, rankSuggestions } from './co-occurrence.js';
import { RECOMPUTE_JOB } from './jobs.js';
import type { CustomerSuggestions } from '../../../shared/suggestions.js';

/**
 * Ten bought orders (N = 10), worked out by hand:
 *   1 TV REMOTE BRACKET · 2 TV REMOTE · 3 TV BRACKET · 4 TV REMOTE · 5 FAN
 *   6 FAN REMOTE · 7 AC · 8 AC FAN · 9 TV · 10 FAN AC
 * Item counts: TV 5, REMOTE 4, FAN 4, AC 3, BRACKET 2.
 * Pairs: TV+REMOTE 3 (orders 1, 2, 4), TV+BRACKET 2 (1, 3), AC+FAN 2 (8, 10),
 *        REMOTE+BRACKET 1 and FAN+REMOTE 1 — below the minimum of 2 orders, dropped.
 *   TV→REMOTE:     support 3/10 = 0.3, confidence 3/5 = 0.6,  lift 0.6 / (4/10) = 1.5
 *   REMOTE→TV:     support 0.3,        confidence 3/4 = 0.75, lift 0.75 / (5/10) = 1.5
 *   TV→BRACKET:    support 2/10 = 0.2, confidence 2/5 = 0.4,  lift 0.4 / (2/10) = 2
 *   BRACKET→TV:    support 0.2,        confidence 2/2 = 1,    lift 1 / (5/10) = 2
 *   AC→FAN:        support 0.2,        confidence 2/3,        lift (2/3) / (4/10) = 5/3
 *   FAN→AC:        support 0.2,        confidence 2/4 = 0.5,  lift 0.5 / (3/10) = 5/3
 */
const BASKETS = [['TV', 'REMOTE', 'BRACKET'], ['TV', 'REMOTE'], ['TV', 'BRACKET'], ['TV', 'REMOTE'], ['FAN'], ['FAN', 'REMOTE'], ['AC'], ['AC', 'FAN'], ['TV'], ['FAN', 'AC']];
const EXPECTED = [
  { sku: 'AC', otherSku: 'FAN', pairCount: 2, support: 0.2, confidence: 2 / 3, lift: 5 / 3 },
  { sku: 'BRACKET', otherSku: 'TV', pairCount: 2, support: 0.2, confidence: 1, lift: 2 },
  { sku: 'FAN', otherSku: 'AC', pairCount: 2, support: 0.2, confidence: 0.5, lift: 5 / 3 },
  { sku: 'REMOTE', otherSku: 'TV', pairCount: 3, support: 0.3, confidence: 0.75, lift: 1.5 },
  { sku: 'TV', otherSku: 'BRACKET', pairCount: 2, support: 0.2, confidence: 0.4, lift: 2 },
  { sku: 'TV', otherSku: 'REMOTE', pairCount: 3, support: 0.3, confidence: 0.6, lift: 1.5 },
];
const byPair = (a: { sku: string; otherSku: string }, b: { sku: string; otherSku: string }) => (a.sku + a.otherSku < b.sku + b.otherSku ? -1 : 1);
const close = (rows: typeof EXPECTED) => rows.map((r) => ({ ...r, support: expect.closeTo(r.support, 9), confidence: expect.closeTo(r.confidence, 9), lift: expect.closeTo(r.lift, 9) }));

describe('co-occurrence (pure)', () => {
  it('counts support, confidence and lift as worked out by hand, dropping pairs under the minimum', () => {
    const acc = countCoOccurrence(BASKETS);
    expect(acc.baskets).toBe(10);
    expect(Object.fromEntries(acc.itemCounts)).toEqual({ TV: 5, REMOTE: 4, BRACKET: 2, FAN: 4, AC: 3 });
    expect(associationsFrom(acc).sort(byPair)).toEqual(close(EXPECTED));
  });

  it('ranks by summed confidence × √lift, never suggests what is owned, and names the strongest reason', () => {
    const rules = indexBySku(associationsFrom(countCoOccurrence(BASKETS)));
    const of = (s: string) => rules.get(s) ?? [];
    // TV→REMOTE 0.6 × √1.5 ≈ 0.7348 ranks above TV→BRACKET 0.4 × √2 ≈ 0.5657.
    const tv = rankSuggestions(['TV'], of);
    expect(tv.map((r) => [r.sku, r.because.sku])).toEqual([['REMOTE', 'TV'], ['BRACKET', 'TV']]);
    expect(tv[0].score).toBeCloseTo(0.6 * Math.sqrt(1.5), 9);
    expect(tv[1].score).toBeCloseTo(0.4 * Math.sqrt(2), 9);
    // REMOTE→TV (0.75 × √1.5) and BRACKET→TV (1 × √2) both point at TV: they add up; the reason is the stronger BRACKET.
    const both = rankSuggestions(['REMOTE', 'BRACKET'], of);
    expect(both.map((r) => r.sku)).toEqual(['TV']);
    expect(both[0].score).toBeCloseTo(0.75 * Math.sqrt(1.5) + Math.sqrt(2), 9);
    expect(both[0].because.sku).toBe('BRACKET');
    expect(rankSuggestions(['TV', 'REMOTE', 'BRACKET'], of)).toEqual([]);
  });

  it('a basket counts each item once, and a huge basket adds to item counts only', () => {
    const acc = countCoOccurrence([['A', 'A', 'B'], ['A', 'B']]);
    expect(acc.itemCounts.get('A')).toBe(2);
    expect(pairCount(acc, 'A', 'B')).toBe(2);
    expect(pairCount(acc, 'B', 'A')).toBe(2);
    const big = Array.from({ length: DEFAULT_THRESHOLDS.maxBasketItems + 1 }, (_, i) => `S${i}`);
    const acc2 = countCoOccurrence([big]);
    expect(acc2.itemCounts.size).toBe(big.length);
    expect(acc2.pairCounts.size).toBe(0);
  });
});

describe('cross-sell suggestions (database)', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Gợi ý');
    const names: Record<string, string> = { TV: 'Tivi 55"', REMOTE: 'Điều khiển', BRACKET: 'Giá treo tivi', FAN: 'Quạt đứng', AC: 'Điều hòa' };
    for (const b of BASKETS) await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: null, items: b.map((s) => [s, names[s]] as [string, string]) });
    // Not purchases: they must change no figure above.
    await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: null, items: ['TV', 'REMOTE'], status: 'cancelled' });
    await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: null, items: ['TV', 'REMOTE'], kind: 'quote', status: 'quote' });
  });
  afterAll(() => t.close());

  const suggestions = async (customerId: string, cookie = ws.admin.cookie) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/customers/${customerId}/suggestions`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CustomerSuggestions>();
  };

  it('before any run there is nothing to suggest; the recompute job (queued by the API) learns the table', async () => {
    const c = await insertCustomer(t.ctx.db, { workspaceId: ws.workspaceId, name: 'Khách mới' });
    expect(await suggestions(c)).toEqual({ items: [], computedAt: null, baskets: 0 });

    const res = await t.app.inject({ method: 'POST', url: '/api/suggestions/recompute', headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode).toBe(202);
    await t.ctx.jobs.drain([RECOMPUTE_JOB]);

    const rows = await t.ctx.db.query<{ sku: string; other_sku: string; pair_count: number; support: number; confidence: number; lift: number }>(
      'SELECT * FROM item_associations WHERE workspace_id = $1',
      [ws.workspaceId],
    );
    expect(rows.map((r) => ({ sku: r.sku, otherSku: r.other_sku, pairCount: r.pair_count, support: r.support, confidence: r.confidence, lift: r.lift })).sort(byPair)).toEqual(close(EXPECTED));
    const run = await t.ctx.db.one<{ baskets: number; items: number; pairs: number }>('SELECT baskets, items, pairs FROM item_association_runs WHERE workspace_id = $1', [ws.workspaceId]);
    expect(run).toEqual({ baskets: 10, items: 5, pairs: 6 });
  });

  it('suggests what buyers of their items also buy, with the reason, then best sellers; never what they have', async () => {
    const c = await insertCustomer(t.ctx.db, { workspaceId: ws.workspaceId, name: 'Chị Hoa' });
    await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: c, items: [['TV', 'Tivi 55"']] });
    const s = await suggestions(c);
    expect(s.baskets).toBe(10);
    expect(s.items.map((i) => i.sku)).toEqual(['REMOTE', 'BRACKET', 'FAN', 'AC']);
    expect(s.items[0]).toEqual({ sku: 'REMOTE', name: 'Điều khiển', score: 0.7348, reason: { kind: 'bought_together', sku: 'TV', name: 'Tivi 55"', confidence: 0.6, lift: 1.5, pairCount: 3 } });
    expect(s.items[2].reason).toEqual({ kind: 'popular', orders: 4 });

    // A quote for the remote counts as having it: it is not offered again.
    await insertOrder(t.ctx.db, { workspaceId: ws.workspaceId, customerId: c, items: ['REMOTE'], kind: 'quote', status: 'quote' });
    const after = await suggestions(c);
    expect(after.items.map((i) => i.sku)).toEqual(['BRACKET', 'FAN', 'AC']);
    expect(after.items.map((i) => i.sku)).not.toContain('TV');
  });

  it('an order written through the orders API queues one delayed recompute of its workspace (a burst is one job)', async () => {
    const token = await seedToken(t, ws.admin.cookie);
    const before = await t.ctx.jobs.pending(RECOMPUTE_JOB);
    for (const code of ['DH-R1', 'DH-R2', 'DH-R3']) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/orders/api/${code}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { status: 'completed', orderedAt: '2026-03-01T03:00:00Z', items: [{ sku: 'TV', name: 'Tivi 55"', unitPrice: 1000 }] },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await reactionsSettled();
    await t.ctx.jobs.drain([FANOUT_JOB, 'react.suggestions-orders-changed']);
    expect(await t.ctx.jobs.pending(RECOMPUTE_JOB)).toBe(before + 1);
  });

  it('a customer of another workspace is not found', async () => {
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    const c = await insertCustomer(t.ctx.db, { workspaceId: ws.workspaceId, name: 'Không phải của bạn' });
    const res = await t.app.inject({ method: 'GET', url: `/api/customers/${c}/suggestions`, headers: { cookie: other.admin.cookie } });
    expect(res.statusCode).toBe(404);
  });
});
