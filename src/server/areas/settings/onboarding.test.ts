import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import type { Onboarding } from '../../../shared/onboarding.js';

describe('getting-started checklist', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Hoa Sen');
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, cookie = ws.admin.cookie) =>
    t.app.inject({ method, url, headers: { cookie }, payload });
  const checklist = async () => {
    const res = await call('GET', '/api/onboarding');
    expect(res.statusCode).toBe(200);
    return res.json<{ onboarding: Onboarding }>().onboarding;
  };
  const done = async () => Object.fromEntries((await checklist()).steps.map((s) => [s.key, s.done]));

  it('starts with every step open, in order, and tells the address links use when PUBLIC_URL is unset', async () => {
    const o = await checklist();
    expect(o.steps).toEqual([
      { key: 'channel', done: false },
      { key: 'teammate', done: false },
      { key: 'businessHours', done: false },
      { key: 'cannedReply', done: false },
      { key: 'survey', done: false },
    ]);
    expect(o.dismissedAt).toBeNull();
    expect(o.publicUrl).toEqual({ url: `http://localhost:${t.ctx.env.PORT}`, configured: false });
  });

  it('ticks each step from what was really set up, and opens it again when it is undone', async () => {
    const reply = await call('POST', '/api/canned-replies', { shortcut: 'chao', title: 'Chào hỏi', body: 'Dạ em chào anh/chị ạ' });
    expect(reply.statusCode).toBe(201);
    expect(await done()).toMatchObject({ cannedReply: true, channel: false, teammate: false });

    const user = await call('POST', '/api/users', { name: 'Trần Minh', email: `minh-${Date.now()}@example.vn`, password: 'mat-khau-123', role: 'agent' });
    expect(user.statusCode).toBe(201);
    expect((await done()).teammate).toBe(true);

    // Saving the same hours writes nothing and ticks nothing; a real change does.
    expect((await call('PATCH', '/api/settings/workspace', { name: 'Hoa Sen' })).statusCode).toBe(200);
    expect((await done()).businessHours).toBe(false);
    expect((await call('PATCH', '/api/settings/workspace', { businessHours: { mon: [['08:00', '18:00']] } })).statusCode).toBe(200);
    expect((await done()).businessHours).toBe(true);

    const chat = await call('POST', '/api/channel-accounts', { kind: 'webchat', name: 'Chat trên web', config: {} });
    expect(chat.statusCode).toBe(201);
    expect((await done()).channel).toBe(true);
    expect((await call('DELETE', `/api/channel-accounts/${chat.json<{ id: string }>().id}`)).statusCode).toBeLessThan(300);
    expect((await done()).channel).toBe(false);

    const templates = (await call('GET', '/api/survey-templates')).json<{ templates: { id: string; type: string }[] }>().templates;
    const csat = templates.find((x) => x.type === 'csat');
    expect(csat).toBeDefined();
    expect((await done()).survey).toBe(false);
    const edited = await call('PATCH', `/api/survey-templates/${csat?.id}`, { triggers: { on: ['ticket_resolved'], delayMinutes: 10, throttleDays: 7 } });
    expect(edited.statusCode).toBe(200);
    expect((await done()).survey).toBe(true);
  });

  it('is for admins only', async () => {
    const agent = await seedUser(t, ws.workspaceId, 'agent');
    expect((await call('GET', '/api/onboarding', undefined, agent.cookie)).statusCode).toBe(403);
    expect((await call('POST', '/api/onboarding/dismiss', undefined, agent.cookie)).statusCode).toBe(403);
  });

  it('hides when dismissed, once: a second dismissal changes nothing', async () => {
    const first = await call('POST', '/api/onboarding/dismiss');
    expect(first.statusCode).toBe(200);
    const at = first.json<{ onboarding: Onboarding }>().onboarding.dismissedAt;
    expect(at).not.toBeNull();
    const again = await call('POST', '/api/onboarding/dismiss');
    expect(again.json<{ onboarding: Onboarding }>().onboarding.dismissedAt).toBe(at);
    const events = await t.ctx.db.query(`SELECT id FROM events WHERE workspace_id = $1 AND type = 'onboarding.dismissed'`, [ws.workspaceId]);
    expect(events).toHaveLength(1);
  });
});
