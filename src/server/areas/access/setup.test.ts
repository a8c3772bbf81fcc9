import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createWorkspace } from './commands/create-workspace.js';

describe('first-visit setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const setups = () =>
    Array.from({ length: 8 }, (_, i) =>
      t.app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { workspaceName: `Cửa hàng ${i}`, name: `Quản trị ${i}`, email: `admin-${i}@cuahang.vn`, password: 'mat-khau-manh' },
        remoteAddress: `198.51.100.${i + 1}`,
      }),
    );

  /**
   * PostgreSQL: the 8 requests are made to meet inside the race window — workspace inserts wait behind
   * a table lock (reads go on) until all 8 wait on a lock — so a check-then-insert without a guard
   * lets every one through. PGlite has one connection: its transactions never overlap.
   */
  async function allAtOnce() {
    const { db } = t.ctx;
    if (db.kind !== 'postgres' || !db.autonomous) return Promise.all(setups());
    const side = db.autonomous;
    let pending: ReturnType<typeof setups> = [];
    await db.tx(async (tx) => {
      await tx.query('LOCK TABLE workspaces IN SHARE ROW EXCLUSIVE MODE');
      pending = setups();
      for (let i = 0; i < 600; i++) {
        const { n } = await side.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query NOT LIKE '%pg_stat_activity%'`,
        );
        if (n >= 8) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the 8 setups never all waited');
    });
    return Promise.all(pending);
  }

  it('8 setups sent at once make exactly one workspace; the others get 409 setup.already_done', { timeout: 120_000 }, async () => {
    const results = await allAtOnce();
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.id).toBe('setup.already_done');
      expect(r.json().error.message).toMatch(/already set up/);
    }
    const winner = results.find((r) => r.statusCode === 201)!.json().user.email as string;
    expect(await t.ctx.db.query('SELECT name FROM workspaces')).toHaveLength(1);
    expect(await t.ctx.db.query(`SELECT email FROM users WHERE role = 'admin'`)).toEqual([{ email: winner }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
  });

  it('leaves later workspaces to the CLI: one row marks the installation as set up, not a cap on workspaces', async () => {
    await expect(t.ctx.db.query(`INSERT INTO installation_setup (workspace_id) SELECT id FROM workspaces LIMIT 1`)).rejects.toThrow();
    await createWorkspace(t.ctx.db, { workspaceName: 'Chi nhánh 2', admin: { name: 'Quản trị 2', email: 'admin-cli@cuahang.vn', password: 'mat-khau-manh' } });
    expect(await t.ctx.db.query('SELECT 1 FROM workspaces')).toHaveLength(2);
  });
});
