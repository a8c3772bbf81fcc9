import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { RawWriter } from '../../test/fixtures/metrics-raw.js';
import { rebuildWorkspace } from './refresh.js';
import { OverviewSchema, type Overview } from '../../../shared/metrics.js';
import { wilsonInterval } from '../../../shared/wilson.js';

/**
 * The trend of a rate drawn from sparse days (issue 10 §9): every bucket carries its n, a day without
 * answers is a gap (value null, n 0 — never 0 %), a rate carries its 95 % Wilson interval, and left to
 * itself the overview pools sparse days into weeks.
 */
const L = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

describe('metrics trend buckets', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t);
    const w = new RawWriter(t.ctx.db, ws.workspaceId);
    // 2026-03-02 (Mon): one answer, 5 ★. 03-03: none. 03-04: two answers, 4 ★ and 2 ★. 03-05…03-29: none.
    await w.answer({ type: 'csat', score: 5, at: L('2026-03-02 10:00') });
    await w.answer({ type: 'csat', score: 4, at: L('2026-03-04 10:00') });
    await w.answer({ type: 'csat', score: 2, at: L('2026-03-04 15:00') });
    // Week of 03-09: three answers, 5 ★, 5 ★, 1 ★.
    await w.answer({ type: 'csat', score: 5, at: L('2026-03-10 09:00') });
    await w.answer({ type: 'csat', score: 5, at: L('2026-03-11 09:00') });
    await w.answer({ type: 'csat', score: 1, at: L('2026-03-12 09:00') });
    await rebuildWorkspace(t.ctx.db, ws.workspaceId);
  });
  afterAll(() => t.close());

  const overview = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/metrics/overview?${query}`, headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode).toBe(200);
    return OverviewSchema.parse(res.json());
  };
  const csat = (o: Overview) => o.kpis.find((k) => k.measure === 'csat')!.series;

  it('daily: n per day, gaps for empty days, and the Wilson interval of each rate', async () => {
    const o = await overview('from=2026-03-02&to=2026-03-05&granularity=day');
    expect(o.granularity).toBe('day');
    const s = csat(o);
    expect(s.map((p) => [p.bucket, p.value, p.n])).toEqual([
      ['2026-03-02', 100, 1],
      ['2026-03-03', null, 0], // a gap, not 0 %
      ['2026-03-04', 50, 2], // 1 of 2 answers is 4–5 ★
      ['2026-03-05', null, 0],
    ]);
    // 1 of 1: 20.7 %–100 %; 1 of 2: 9.5 %–90.5 % — a day like this says next to nothing.
    expect(s[0].low).toBeCloseTo(wilsonInterval(1, 1)!.low * 100, 6);
    expect(s[0].high).toBe(100);
    expect(s[2].low).toBeCloseTo(9.45, 1);
    expect(s[2].high).toBeCloseTo(90.55, 1);
    expect(s[1].low ?? null).toBeNull();
    // Times and counts carry no interval.
    const frt = o.kpis.find((k) => k.measure === 'frt')!.series;
    expect(frt.every((p) => p.low === undefined && p.value === null && p.n === 0)).toBe(true);
  });

  it('weekly buckets pool the answers of their days', async () => {
    const s = csat(await overview('from=2026-03-02&to=2026-03-15&granularity=week'));
    expect(s.map((p) => [p.bucket, p.value === null ? null : Math.round(p.value * 10) / 10, p.n])).toEqual([
      ['2026-03-02', 66.7, 3], // 5, 4, 2 ★ → 2 of 3
      ['2026-03-09', 66.7, 3], // 5, 5, 1 ★ → 2 of 3
    ]);
    expect(s[0].low).toBeCloseTo(wilsonInterval(2, 3)!.low * 100, 6);
  });

  it('left to itself, a long period of sparse days is shown by week; a short one stays daily', async () => {
    const long = await overview('from=2026-03-02&to=2026-03-29');
    expect(long.granularity).toBe('week');
    expect(csat(long).map((p) => p.n)).toEqual([3, 3, 0, 0]);
    expect(csat(long)[2].value).toBeNull();
    const short = await overview('from=2026-03-02&to=2026-03-08');
    expect(short.granularity).toBe('day');
  });
});
