import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { insertCustomer, insertOrder } from '../../test/fixtures/order-baskets.js';
import { templateId } from '../../test/fixtures/survey-answers.js';

// A survey campaign whose audience is a saved segment asks exactly the segment's members.
describe('segment as a survey campaign audience', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Chiến dịch');
  });
  afterAll(() => t.close());

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, payload });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  it('sends to the members when it runs (one request each), and to nobody once the segment is gone', async () => {
    const w = ws.workspaceId;
    const buyer = await insertCustomer(t.ctx.db, { workspaceId: w, name: 'Người mua TV', email: 'mua@example.vn' });
    const other = await insertCustomer(t.ctx.db, { workspaceId: w, name: 'Người mua quạt', email: 'quat@example.vn' });
    await insertCustomer(t.ctx.db, { workspaceId: w, name: 'Chưa mua' });
    await insertOrder(t.ctx.db, { workspaceId: w, customerId: buyer, items: ['TV'] });
    await insertOrder(t.ctx.db, { workspaceId: w, customerId: other, items: ['FAN'] });

    const seg = await api('POST', '/api/segments', { name: 'Đã mua TV', rule: { match: 'all', rules: [{ field: 'product', op: 'bought', skus: ['TV'] }] } });
    expect(seg.status).toBe(201);
    const csat = await templateId(t, w, 'csat');
    const c = await api('POST', '/api/survey-campaigns', { templateId: csat, name: 'CSAT người mua TV', audience: { activeWithinDays: 90, segmentId: seg.body.segment.id } });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.campaign.audience.segmentId).toBe(seg.body.segment.id);

    const run = await api('POST', `/api/survey-campaigns/${c.body.campaign.id}/run`, {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const asked = await t.ctx.db.query<{ customer_id: string }>('SELECT customer_id FROM survey_requests WHERE campaign_id = $1', [c.body.campaign.id]);
    expect(asked.map((r) => r.customer_id)).toEqual([buyer]);

    expect((await api('DELETE', `/api/segments/${seg.body.segment.id}`)).status).toBe(204);
    const after = await api('POST', `/api/survey-campaigns/${c.body.campaign.id}/run`, {});
    expect(after.status).toBe(200);
    expect(Object.values(after.body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
