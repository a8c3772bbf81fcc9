import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { newId } from '../../../core/lib/ids.js';
import { DEFAULT_LOW_SCORE } from '../../../../shared/surveys.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';

const migration = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../core/db/migrations/065_survey_default_templates.sql');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The built-in templates of a workspace as comparable values (ids and times aside). */
const builtIns = (workspaceId: string) =>
  t.ctx.db.query<{ type: string; name: string; questions: unknown; triggers: unknown; low_score_threshold: number | null; enabled: boolean }>(
    'SELECT type, name, questions, triggers, low_score_threshold, enabled FROM survey_templates WHERE workspace_id = $1 AND is_default ORDER BY type',
    [workspaceId],
  );

const expected = DEFAULT_TEMPLATES.map((d) => ({ type: d.type, name: d.name, questions: d.questions, triggers: d.triggers, low_score_threshold: DEFAULT_LOW_SCORE[d.type], enabled: true })).sort((a, b) =>
  a.type.localeCompare(b.type),
);

describe('built-in survey templates', () => {
  it('come with a new workspace (same transaction), and reading them writes nothing', async () => {
    const ws = await seedWorkspace(t);
    expect(await builtIns(ws.workspaceId)).toEqual(expected);

    // A GET only reads: with the built-ins gone it lists none instead of recreating them.
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    await t.ctx.db.query('DELETE FROM survey_templates WHERE workspace_id = $1', [ws.workspaceId]);
    const res = await t.app.inject({ method: 'GET', url: '/api/survey-templates', headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().templates).toEqual([]);
    expect(await builtIns(ws.workspaceId)).toEqual([]);
  });

  it('are added by migration 065 to workspaces made before, keeping a built-in one a workspace already has', async () => {
    const bare = newId();
    const edited = newId();
    await t.ctx.db.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Cửa hàng cũ'), ($2, 'Cửa hàng đã sửa')`, [bare, edited]);
    await t.ctx.db.query(
      `INSERT INTO survey_templates (id, workspace_id, type, name, questions, triggers, low_score_threshold, is_default)
       VALUES ($1, $2, 'csat', 'CSAT của tôi', '[]', '{}', 1, true)`,
      [newId(), edited],
    );
    const sql = fs.readFileSync(migration, 'utf8');
    await t.ctx.db.exec(sql);
    expect(await builtIns(bare)).toEqual(expected);
    const kept = await builtIns(edited);
    expect(kept.map((r) => [r.type, r.name])).toEqual([
      ['ces', 'Mức độ dễ dàng (CES)'],
      ['csat', 'CSAT của tôi'],
      ['nps', 'Khả năng giới thiệu (NPS)'],
    ]);
    // Running it again changes nothing.
    const count = async () => (await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM survey_templates')).n;
    const before = await count();
    await t.ctx.db.exec(sql);
    expect(await count()).toBe(before);
  });
});
