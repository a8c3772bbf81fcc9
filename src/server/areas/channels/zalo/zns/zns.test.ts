import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../../test/harness.js';
import { startFakeZalo, type FakeZalo } from '../../../../test/fakes/zalo/server.js';
import { seedZaloAccount } from '../../../../test/fakes/zalo/accounts.js';
import { api } from '../../../../test/fixtures/tickets.js';
import { CSAT_LABELS } from '../../../../../shared/surveys.js';
import { parseSurveyScore, zaloSurveyMessage } from '../survey.js';
import { ZaloApiError, zaloErrorAction } from '../errors.js';
import { znsPhone } from './send-template.js';

let t: TestApp;
let fake: FakeZalo;
let w: SeededWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeZalo();
  Object.assign(t.ctx.env, fake.env);
  w = await seedWorkspace(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('GET /api/channel-accounts/:id/zalo/zns-templates', () => {
  it("lists the OA's approved templates with their parameters (template/all + template/info/v2, header access_token)", async () => {
    const { id } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    const r = await api(t, w.admin.cookie, 'GET', `/api/channel-accounts/${id}/zalo/zns-templates`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.purposes).toEqual(['survey', 'order_status', 'reminder']);
    expect(r.body.templates.map((x: { templateId: string }) => x.templateId)).toEqual(['250001', '250002']);
    expect(r.body.templates[0].params.map((p: { name: string }) => p.name)).toEqual(['customer_name', 'ticket_code', 'survey_url']);
    const list = fake.state.calls.filter((c) => c.path === '/template/all').at(-1)!;
    expect(list.query.get('status')).toBe('1');
    expect(list.headers['access_token']).toBeTruthy();
    expect(fake.state.calls.filter((c) => c.path === '/template/info/v2').map((c) => c.query.get('template_id'))).toEqual(expect.arrayContaining(['250001', '250002']));
  });

  it('admins only; another workspace or a demo account gets no templates', async () => {
    const { id } = await seedZaloAccount(t.ctx, w.workspaceId, fake);
    const agent = await seedUser(t, w.workspaceId, 'agent');
    expect((await api(t, agent.cookie, 'GET', `/api/channel-accounts/${id}/zalo/zns-templates`)).status).toBe(403);
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    expect((await api(t, other.admin.cookie, 'GET', `/api/channel-accounts/${id}/zalo/zns-templates`)).status).toBe(404);
    const demo = crypto.randomUUID();
    await t.ctx.db.query(
      `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets, status, enabled) VALUES ($1, $2, 'zalo', 'Demo OA', $3, $4, NULL, 'ok', true)`,
      [demo, w.workspaceId, `demo-${demo}`, JSON.stringify({ demo: true, appId: '1' })],
    );
    const r = await api(t, w.admin.cookie, 'GET', `/api/channel-accounts/${demo}/zalo/zns-templates`);
    expect(r.status).toBe(409);
    expect(r.body.error.id).toBe('zalo.demo_account');
  });
});

describe('Zalo survey text and score parsing', () => {
  // The options surveys put in SurveyMeta (survey-content.ts scoreOptions): CSAT labelled, NPS plain 0–10.
  const csat = { options: ([5, 4, 3, 2, 1] as const).map((v) => ({ value: v, label: { vi: CSAT_LABELS.vi[v], en: CSAT_LABELS.en[v] } })) };
  const nps = { options: Array.from({ length: 11 }, (_, v) => ({ value: v, label: { vi: String(v), en: String(v) } })) };

  it('reads a leading score within the scale, a tapped button, or a label typed without accents', () => {
    expect(parseSurveyScore('5 – Rất hài lòng', csat)).toBe(5);
    expect(parseSurveyScore(' 4 ', csat)).toBe(4);
    expect(parseSurveyScore('rat hai long', csat)).toBe(5);
    expect(parseSurveyScore('Tệ.', csat)).toBe(1);
    expect(parseSurveyScore('10 điểm', nps)).toBe(10);
    expect(parseSurveyScore('0', nps)).toBe(0);
  });

  it('refuses what is no score: out of the scale, decimals, phone numbers, words', () => {
    expect(parseSurveyScore('6', csat)).toBeUndefined();
    expect(parseSurveyScore('11', nps)).toBeUndefined();
    expect(parseSurveyScore('4.5', csat)).toBeUndefined();
    expect(parseSurveyScore('0912345678', nps)).toBeUndefined();
    expect(parseSurveyScore('cảm ơn shop', csat)).toBeUndefined();
  });

  it('CSAT as 5 buttons; NPS (11 choices, over Zalo\'s 5) as a short "answer 0–10" text; both keep the link', () => {
    const base = { requestId: 'r', templateId: 't', url: 'https://x.vn/s/abc', token: 'abc', question: { vi: 'Anh/chị hài lòng không?', en: 'Happy?' } };
    const c = zaloSurveyMessage({ ...base, type: 'csat', options: csat.options });
    expect(c.buttons).toHaveLength(5);
    expect(c.text).toContain('https://x.vn/s/abc');
    const n = zaloSurveyMessage({ ...base, type: 'nps', options: nps.options });
    expect(n.buttons).toEqual([]);
    expect(n.text).toContain('từ 0 đến 10');
    expect(n.text).toContain('https://x.vn/s/abc');
  });
});

describe('Zalo error codes and ZNS phones', () => {
  it('maps token, quota, window, follower and rate errors', () => {
    expect(zaloErrorAction(new ZaloApiError('openapi', -216, 'x'))).toEqual({ refresh: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -220, 'x'))).toEqual({ refresh: true });
    expect(zaloErrorAction(new ZaloApiError('zns', -124, 'x'))).toEqual({ refresh: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -211, 'x'))).toMatchObject({ failure: 'reply_quota_used', permanent: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -230, 'x'))).toMatchObject({ failure: 'window_closed', permanent: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -213, 'x'))).toMatchObject({ failure: 'recipient_unreachable', permanent: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -32, 'x'))).toMatchObject({ failure: 'rate_limited', permanent: false });
    expect(zaloErrorAction(new ZaloApiError('zns', -144, 'x'))).toMatchObject({ failure: 'rate_limited', permanent: true });
    expect(zaloErrorAction(new ZaloApiError('openapi', -999, 'new'))).toMatchObject({ failure: 'server_unavailable', permanent: false });
  });

  it('ZNS takes Vietnamese numbers as 84… digits only', () => {
    expect(znsPhone([{ kind: 'email', value: 'a@b.vn' }, { kind: 'phone', value: '+84912345678' }])).toBe('84912345678');
    expect(znsPhone([{ kind: 'phone', value: '+6591234567' }])).toBeUndefined();
  });
});
