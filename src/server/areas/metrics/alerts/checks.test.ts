import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertCheckSchema, type AlertCheck } from '../../../../shared/metrics.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { RawWriter } from '../../../test/fixtures/metrics-raw.js';
import { rebuildWorkspace } from '../refresh.js';

/**
 * Issue 10 §9: the alerts page said "ổn định" while the overview showed FRT +31 %. The checks say, per
 * measure, whether the change was tested, how large it was, and why it raised nothing (n, p).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const recentAt = (k: number, n: number) => new Date(now.getTime() - 2 * HOUR - Math.floor((k / n) * 2 * DAY));
const baselineAt = (k: number, n: number) => new Date(now.getTime() - 10 * DAY - Math.floor((k / n) * 20 * DAY));
const frtBase = (i: number) => 300 + ((i * 37) % 600);

describe('alert checks', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let checks: AlertCheck[];
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Cửa hàng Ít Phiếu');
    const agent = await seedUser(t, ws.workspaceId, 'agent', 'Nhân viên Một');
    await t.ctx.db.tx(async (tx) => {
      const w = new RawWriter(tx, ws.workspaceId);
      // FRT about 9 % slower (mean) lately on 32 tickets against 40: worse, but well within chance.
      for (const [n, at, factor] of [[40, baselineAt, 1], [32, recentAt, 1.05]] as const) {
        for (let k = 0; k < n; k++) {
          const created = at(k, n);
          await w.ticket({ createdAt: created, assigneeId: agent.id, status: 'responded', channel: 'zalo' }, [
            { direction: 'inbound', at: created },
            { direction: 'outbound', at: new Date(created.getTime() + frtBase(k) * factor * 1000), authorId: agent.id },
          ]);
        }
      }
      // CSAT: 12 recent answers, all bad — too few to test (30 needed on each side).
      for (let k = 0; k < 40; k++) await w.answer({ type: 'csat', score: 5, at: baselineAt(k, 40) });
      for (let k = 0; k < 12; k++) await w.answer({ type: 'csat', score: 1, at: recentAt(k, 12) });
    });
    await rebuildWorkspace(t.ctx.db, ws.workspaceId);
    const res = await t.app.inject({ method: 'GET', url: '/api/alerts/checks', headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    checks = res.json<{ checks: unknown[] }>().checks.map((c) => AlertCheckSchema.parse(c));
  });
  afterAll(() => t.close());

  const check = (m: string) => checks.find((c) => c.measure === m)!;

  it('a worse FRT that is not significant says so, with n and p', () => {
    const frt = check('frt');
    expect(frt.verdict).toBe('not_significant');
    expect(frt.recent.n).toBe(32);
    expect(frt.baseline.n).toBe(40);
    expect(frt.recent.value!).toBeGreaterThan(frt.baseline.value!);
    expect(frt.adjustedP!).toBeGreaterThan(0.05);
    expect(frt.test).toBe('mann_whitney');
    expect(frt.summary).toContain('n = 32');
    expect(frt.summary).toContain('n = 40');
    expect(frt.summary).toMatch(/chưa có ý nghĩa thống kê \(p = 0,\d+ sau hiệu chỉnh > 0.05\)/);
  });

  it('a measure with too few observations is not tested and says how many it needs', () => {
    const csat = check('csat');
    expect(csat).toMatchObject({ verdict: 'too_few', pValue: null, minSamples: 30, recent: { n: 12, value: 0 }, baseline: { n: 40, value: 100 } });
    expect(csat.summary).toContain('cần ít nhất 30 quan sát mỗi bên');
  });

  it('a measure without any data says so; nothing is stored', async () => {
    expect(check('aht_call').verdict).toBe('no_data');
    const stored = await t.ctx.db.query('SELECT id FROM alerts WHERE workspace_id = $1', [ws.workspaceId]);
    expect(stored).toHaveLength(0);
  });
});
