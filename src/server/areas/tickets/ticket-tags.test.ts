import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer, buildTicket } from '../../test/factories.js';

/** The tag pickers' lists: ticket tags (tickets area) and customer tags (customers area), with counts, searched without accents. */
describe('tag lists: GET /api/tickets/tags and /api/customers/tags', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const get = (url: string, cookie = ws.admin.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Nhãn');
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    for (const tags of [['khiếu-nại', 'vip'], ['khiếu-nại'], ['khiếu-nại', 'đổi-trả'], ['100%_hoàn']]) await buildTicket(t.ctx, ws.workspaceId, { tags });
    const merged = await buildTicket(t.ctx, ws.workspaceId, { tags: ['đã-gộp'] });
    const into = await buildTicket(t.ctx, ws.workspaceId, {});
    await t.ctx.db.query('UPDATE tickets SET merged_into_id = $2 WHERE id = $1', [merged.id, into.id]);
    await buildTicket(t.ctx, other.workspaceId, { tags: ['khiếu-nại', 'bí-mật'] });
    for (const tags of [['vip'], ['vip', 'sỉ'], ['Khách quen']]) await buildCustomer(t.ctx, ws.workspaceId, { tags });
    await buildCustomer(t.ctx, other.workspaceId, { tags: ['vip', 'bí-mật'] });
  });
  afterAll(async () => t?.close());

  it('lists ticket tags most used first with their counts, only this workspace and live tickets', async () => {
    const res = await get('/api/tickets/tags');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { tag: 'khiếu-nại', count: 3 },
      { tag: '100%_hoàn', count: 1 },
      { tag: 'vip', count: 1 },
      { tag: 'đổi-trả', count: 1 },
    ]);
  });

  it('searches part of a tag with or without accents; % and _ are plain letters; limit', async () => {
    expect((await get('/api/tickets/tags?q=khieu')).json().items).toEqual([{ tag: 'khiếu-nại', count: 3 }]);
    expect((await get(`/api/tickets/tags?q=${encodeURIComponent('ĐỔI')}`)).json().items).toEqual([{ tag: 'đổi-trả', count: 1 }]);
    expect((await get(`/api/tickets/tags?q=${encodeURIComponent('%')}`)).json().items).toEqual([{ tag: '100%_hoàn', count: 1 }]);
    expect((await get('/api/tickets/tags?q=_')).json().items).toEqual([{ tag: '100%_hoàn', count: 1 }]);
    expect((await get('/api/tickets/tags?q=bi-mat')).json().items).toEqual([]);
    expect((await get('/api/tickets/tags?limit=1')).json().items).toEqual([{ tag: 'khiếu-nại', count: 3 }]);
    expect((await get('/api/tickets/tags?limit=0')).statusCode).toBe(400);
  });

  it('lists customer tags the same way, readable by agents', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    const res = await get('/api/customers/tags', agent.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { tag: 'vip', count: 2 },
      { tag: 'Khách quen', count: 1 },
      { tag: 'sỉ', count: 1 },
    ]);
    expect((await get('/api/customers/tags?q=khach')).json().items).toEqual([{ tag: 'Khách quen', count: 1 }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/customers/tags' })).statusCode).toBe(401);
  });
});
