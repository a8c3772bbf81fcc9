import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { DEFAULT_NOTIFICATION_PREFS } from '../../../shared/notifications.js';
import { deliverNotifications } from './deliver.js';
import type { PlannedNotification } from './rules.js';

/**
 * What deliverNotifications records and pushes: one row per cause (notification_causes), each user told
 * once per cause however often the cause is delivered, a user added to a known cause told alone.
 */
describe('notifications: one row per cause, each user once', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let users: { id: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    users = [
      await seedUser(t, w.workspaceId, 'agent', 'Nguyễn Thị Lan'),
      await seedUser(t, w.workspaceId, 'agent', 'Trần Văn Bình'),
      await seedUser(t, w.workspaceId, 'supervisor', 'Lê Giám Sát'),
    ];
  });
  afterAll(() => t.close());

  const plan = (key: string, userIds: string[], preview = 'Máy lạnh không mát'): PlannedNotification[] =>
    userIds.map((userId) => ({
      workspaceId: w.workspaceId,
      userId,
      kind: 'sla_at_risk',
      dedupeKey: key,
      ticketId: null,
      ticketNumber: 42,
      subject: 'Bảo hành điều hoà',
      customerName: 'Phạm Khách',
      preview,
      actorName: null,
      sla: { target: 'first_response', dueAt: '2026-12-05T08:00:00.000Z' },
      channels: DEFAULT_NOTIFICATION_PREFS.sla_at_risk,
    }));

  const told = (key: string) =>
    t.ctx.db.query<{ user_id: string; kind: string; data: { subject: string; preview: string; ticketNumber: number; sla: { target: string } } }>(
      `SELECT user_id, kind, data FROM notifications WHERE workspace_id = $1 AND dedupe_key = $2 ORDER BY user_id`,
      [w.workspaceId, key],
    );

  it('records a cause once with its recipients; delivered again it pushes nothing and writes nothing', async () => {
    const key = `test:${crypto.randomUUID()}`;
    const first = await deliverNotifications(t.ctx, plan(key, [users[0].id, users[1].id]));
    expect(first.map((n) => n.kind)).toEqual(['sla_at_risk', 'sla_at_risk']);
    expect(first[0]).toMatchObject({ ticketNumber: 42, subject: 'Bảo hành điều hoà', customerName: 'Phạm Khách', preview: 'Máy lạnh không mát', sla: { target: 'first_response' } });
    expect(new Set(first.map((n) => n.id)).size).toBe(2);

    const rows = await t.ctx.db.query<{ n: number }>(`SELECT jsonb_array_length(sent) AS n FROM notification_causes WHERE workspace_id = $1 AND dedupe_key = $2`, [w.workspaceId, key]);
    expect(rows).toEqual([{ n: 2 }]);
    // The per-user view reads as the old table did.
    const view = await told(key);
    expect(view.map((r) => r.user_id)).toEqual([users[0].id, users[1].id].sort());
    expect(view[0].data).toMatchObject({ subject: 'Bảo hành điều hoà', preview: 'Máy lạnh không mát', ticketNumber: 42, sla: { target: 'first_response' } });

    expect(await deliverNotifications(t.ctx, plan(key, [users[1].id, users[0].id]))).toEqual([]);
    expect((await told(key)).length).toBe(2);
  });

  it('a user new to a known cause is told alone, once; the others are not told again', async () => {
    const key = `test:${crypto.randomUUID()}`;
    await deliverNotifications(t.ctx, plan(key, [users[0].id]));
    const again = await deliverNotifications(t.ctx, plan(key, [users[0].id, users[2].id]));
    expect(again.map((n) => n.kind)).toEqual(['sla_at_risk']);
    const view = await told(key);
    expect(view.map((r) => r.user_id).sort()).toEqual([users[0].id, users[2].id].sort());
    expect(await deliverNotifications(t.ctx, plan(key, [users[2].id, users[0].id]))).toEqual([]);
    expect((await told(key)).length).toBe(2);
  });

  it('several causes in one delivery, some known and some new, each in one row; concurrent deliveries tell each user once', async () => {
    const known = `test:${crypto.randomUUID()}`;
    const fresh = `test:${crypto.randomUUID()}`;
    await deliverNotifications(t.ctx, plan(known, [users[0].id]));
    const out = await deliverNotifications(t.ctx, [...plan(known, [users[0].id, users[1].id]), ...plan(fresh, users.map((u) => u.id))]);
    expect(out.length).toBe(1 + users.length);
    expect((await told(known)).length).toBe(2);
    expect((await told(fresh)).length).toBe(3);

    const racing = `test:${crypto.randomUUID()}`;
    const results = await Promise.all([
      deliverNotifications(t.ctx, plan(racing, [users[0].id, users[1].id])),
      deliverNotifications(t.ctx, plan(racing, [users[1].id, users[2].id])),
      deliverNotifications(t.ctx, plan(racing, [users[2].id, users[0].id])),
    ]);
    const pushedTo = results.flat().map((n) => n.id);
    expect(pushedTo.length).toBe(3);
    expect((await told(racing)).map((r) => r.user_id).sort()).toEqual(users.map((u) => u.id).sort());
  });
});
