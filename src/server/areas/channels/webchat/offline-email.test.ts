import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { createWidget, openAllWeek, visitorClient } from '../../../test/fixtures/webchat.js';

/** Out of hours, the widget asks for an email only when a mailbox can answer by email (issue 10 §8). */
describe('web chat out of hours: email only with a mailbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const closedToday = async (name: string) => {
    const ws = await seedWorkspace(t, name);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await openAllWeek(t, ws.workspaceId);
    await t.ctx.db.query('INSERT INTO holidays (id, workspace_id, day, name) VALUES (gen_random_uuid(), $1, $2, $3)', [ws.workspaceId, today, 'Nghỉ']);
    return ws;
  };

  it('without a mailbox: the config says so and a message without an email is taken (answered in the chat)', async () => {
    const ws = await closedToday('Shop Không Hộp Thư');
    const wg = await createWidget(t, ws.admin.cookie);
    const v = visitorClient(t, wg.key);
    const cfg = await v.call('GET', '/config');
    expect(cfg.body).toMatchObject({ online: false, offlineEmail: false });
    await v.start({ name: 'Chị Mai' });
    const r = await v.call('POST', '/offline', { name: 'Chị Mai', body: 'Mai mở cửa mấy giờ ạ?' });
    expect(r.status).toBe(201);
    const msg = await t.ctx.db.one<{ meta: { offline?: boolean } }>(`SELECT meta FROM messages WHERE workspace_id = $1 AND body = 'Mai mở cửa mấy giờ ạ?'`, [ws.workspaceId]);
    expect(msg.meta.offline).toBe(true);
    // An email typed anyway is still checked.
    expect((await v.call('POST', '/offline', { email: 'khong-phai-email', body: 'x' })).status).toBe(400);
  });

  it('with a mailbox that sends: the email is required', async () => {
    const ws = await closedToday('Shop Có Hộp Thư');
    // A sending mailbox as the channels page stores it (adding one through the API tests the SMTP server).
    await t.ctx.db.query(
      `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config) VALUES (gen_random_uuid(), $1, 'email', 'Hỗ trợ', $2, $3::jsonb)`,
      [ws.workspaceId, `hotro-${ws.workspaceId}@cuahang.vn`, JSON.stringify({ address: `hotro-${ws.workspaceId}@cuahang.vn`, inbound: 'forward', smtp: { host: '127.0.0.1', port: 2525, secure: false } })],
    );
    const wg = await createWidget(t, ws.admin.cookie);
    const v = visitorClient(t, wg.key);
    expect((await v.call('GET', '/config')).body.offlineEmail).toBe(true);
    await v.start({ name: 'Anh Long' });
    const missing = await v.call('POST', '/offline', { body: 'Báo giá giúp tôi' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('email');
    expect((await v.call('POST', '/offline', { email: 'long@congty.vn', body: 'Báo giá giúp tôi' })).status).toBe(201);
  });
});
