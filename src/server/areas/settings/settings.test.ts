import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { EventData, StoredEventOf } from '../../core/events/types.js';
import type { SlaPolicy } from '../../../shared/settings.js';

describe('workspace settings, holidays, SLA policies', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agent: Awaited<ReturnType<typeof seedUser>>;
  const admin = () => ({ cookie: ws.admin.cookie });
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Hoa Sen');
    agent = await seedUser(t, ws.workspaceId, 'agent');
  });
  afterAll(() => t.close());

  const patch = (payload: unknown, headers = admin()) => t.app.inject({ method: 'PATCH', url: '/api/settings/workspace', headers, payload: payload as object });

  it('shows the defaults to any staff: Asia/Ho_Chi_Minh, Vietnamese, Mon–Sat hours', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/settings/workspace', headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().workspace).toMatchObject({
      id: ws.workspaceId,
      name: 'Hoa Sen',
      timezone: 'Asia/Ho_Chi_Minh',
      locale: 'vi',
      currency: 'VND',
      businessHours: { mon: [['08:00', '17:30']], sat: [['08:00', '12:00']] },
    });
    expect(res.json().workspace.businessHours.sun).toBeUndefined();
  });

  it('updates name, time zone and split business hours, and records settings.updated', async () => {
    const businessHours = { mon: [['13:30', '17:30'], ['08:00', '12:00']], sun: [] };
    const res = await patch({ name: 'Hoa Sen Đà Nẵng', timezone: 'Asia/Bangkok', businessHours });
    expect(res.statusCode).toBe(200);
    expect(res.json().workspace).toMatchObject({ name: 'Hoa Sen Đà Nẵng', timezone: 'Asia/Bangkok', businessHours });
    const ev = await t.ctx.db.one<StoredEventOf<'settings.updated'>>(`SELECT * FROM events WHERE type = 'settings.updated' AND workspace_id = $1 ORDER BY id DESC LIMIT 1`, [ws.workspaceId]);
    expect(ev.data.changes.timezone).toEqual({ from: 'Asia/Ho_Chi_Minh', to: 'Asia/Bangkok' });
    expect((await patch({ timezone: 'Asia/Ho_Chi_Minh' })).json().workspace.timezone).toBe('Asia/Ho_Chi_Minh');
    expect((await patch({ timezone: 'UTC' })).statusCode).toBe(200);
    const lateShift = await patch({ businessHours: { sat: [['18:00', '24:00']] } });
    expect(lateShift.statusCode).toBe(200);
    expect(lateShift.json().workspace.businessHours).toEqual({ sat: [['18:00', '24:00']] });
  });

  it.each([
    ['unknown time zone', { timezone: 'Asia/Hanoi' }],
    ['offset instead of a zone', { timezone: '+07:00' }],
    ['bad time', { businessHours: { mon: [['8:00', '17:00']] } }],
    ['past midnight', { businessHours: { mon: [['08:00', '24:30']] } }],
    ['a week with no open hours', { businessHours: {} }],
    ['only empty days', { businessHours: { mon: [], sun: [] } }],
    ['start after end', { businessHours: { tue: [['17:00', '08:00']] } }],
    ['empty interval', { businessHours: { tue: [['09:00', '09:00']] } }],
    ['overlapping intervals', { businessHours: { wed: [['08:00', '12:00'], ['11:30', '17:00']] } }],
    ['unknown day', { businessHours: { monday: [['08:00', '12:00']] } }],
    ['unknown locale', { locale: 'fr' }],
  ])('refuses %s with 400 and changes nothing', async (_label, body) => {
    const before = await t.ctx.db.one('SELECT name, timezone, locale, business_hours FROM workspaces WHERE id = $1', [ws.workspaceId]);
    const res = await patch({ name: 'Không được đổi', ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('validation.failed');
    expect(await t.ctx.db.one('SELECT name, timezone, locale, business_hours FROM workspaces WHERE id = $1', [ws.workspaceId])).toEqual(before);
  });

  it('replaces the holiday list as a whole', async () => {
    const tet = [
      { day: '2027-02-06', name: 'Tết Nguyên Đán' },
      { day: '2026-09-02', name: 'Quốc khánh' },
    ];
    const put = await t.app.inject({ method: 'PUT', url: '/api/settings/holidays', headers: admin(), payload: { holidays: tet } });
    expect(put.statusCode).toBe(200);
    expect(put.json().holidays).toEqual([tet[1], tet[0]]);
    const bare = await t.app.inject({ method: 'PUT', url: '/api/settings/holidays', headers: admin(), payload: [{ day: '2026-04-30', name: 'Giải phóng miền Nam' }] });
    expect(bare.statusCode).toBe(200);
    const get = await t.app.inject({ method: 'GET', url: '/api/settings/holidays', headers: { cookie: agent.cookie } });
    expect(get.json().holidays).toEqual([{ day: '2026-04-30', name: 'Giải phóng miền Nam' }]);
    const types = await t.ctx.db.query(`SELECT 1 FROM events WHERE type = 'holidays.replaced' AND workspace_id = $1`, [ws.workspaceId]);
    expect(types).toHaveLength(2);
  });

  it('refuses impossible days and duplicates, keeping the old list', async () => {
    for (const holidays of [[{ day: '2026-02-30', name: 'x' }], [{ day: '30/04/2026', name: 'x' }], [{ day: '2026-05-01', name: 'a' }, { day: '2026-05-01', name: 'b' }]]) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/settings/holidays', headers: admin(), payload: { holidays } });
      expect(res.statusCode, JSON.stringify(holidays)).toBe(400);
    }
    const get = await t.app.inject({ method: 'GET', url: '/api/settings/holidays', headers: admin() });
    expect(get.json().holidays).toEqual([{ day: '2026-04-30', name: 'Giải phóng miền Nam' }]);
  });

  it('lists SLA policies most urgent first and updates one priority', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/sla-policies', headers: { cookie: agent.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ slaPolicies: SlaPolicy[] }>().slaPolicies.map((p) => p.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    expect(list.json().slaPolicies[0]).toEqual({ priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 });

    const put = await t.app.inject({ method: 'PUT', url: '/api/sla-policies/high', headers: admin(), payload: { firstResponseMinutes: 45, resolutionMinutes: 600 } });
    expect(put.statusCode).toBe(200);
    expect(put.json().slaPolicy).toEqual({ priority: 'high', firstResponseMinutes: 45, resolutionMinutes: 600 });
    const ev = await t.ctx.db.one<{ data: EventData<'sla_policy.updated'> }>(`SELECT data FROM events WHERE type = 'sla_policy.updated' AND workspace_id = $1`, [ws.workspaceId]);
    expect(ev.data.from).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
  });

  it('refuses a resolution target shorter than the first response, and unknown priorities', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/sla-policies/low', headers: admin(), payload: { firstResponseMinutes: 120, resolutionMinutes: 60 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe('sla.resolution_before_first_response');
    expect((await t.app.inject({ method: 'PUT', url: '/api/sla-policies/critical', headers: admin(), payload: { firstResponseMinutes: 1, resolutionMinutes: 2 } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: '/api/sla-policies/low', headers: admin(), payload: { firstResponseMinutes: 0, resolutionMinutes: 2 } })).statusCode).toBe(400);
    const low = await t.ctx.db.one(`SELECT first_response_minutes FROM sla_policies WHERE workspace_id = $1 AND priority = 'low'`, [ws.workspaceId]);
    expect(low.first_response_minutes).toBe(480);
  });

  it('lets agents read but not change settings, holidays or SLA policies', async () => {
    const h = { cookie: agent.cookie };
    const writes = [
      ['PATCH', '/api/settings/workspace', { name: 'Agent was here' }],
      ['PUT', '/api/settings/holidays', { holidays: [] }],
      ['PUT', '/api/sla-policies/normal', { firstResponseMinutes: 1, resolutionMinutes: 2 }],
    ] as const;
    for (const [method, url, payload] of writes) {
      const res = await t.app.inject({ method, url, headers: h, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.id).toBe('auth.forbidden');
    }
    expect((await t.ctx.db.one('SELECT name FROM workspaces WHERE id = $1', [ws.workspaceId])).name).not.toBe('Agent was here');
  });
});
