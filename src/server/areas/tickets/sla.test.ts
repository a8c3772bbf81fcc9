import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { newId } from '../../core/lib/ids.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

describe('SLA through the API: workspace calendar, holidays, flags', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let customerId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    customerId = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An');
    // Open around the clock so the test does not depend on the weekday or hour it runs at.
    await t.ctx.db.query('UPDATE workspaces SET business_hours = $2 WHERE id = $1', [w.workspaceId, JSON.stringify(ALWAYS_OPEN)]);
  });
  afterAll(() => t.close());

  it('skips the workspace holidays (in its time zone) when computing due times', async () => {
    const vn = new TZDate(Date.now(), 'Asia/Ho_Chi_Minh');
    const day = (offset: number) => {
      const d = new Date(Date.UTC(vn.getFullYear(), vn.getMonth(), vn.getDate() + offset));
      return d.toISOString().slice(0, 10);
    };
    for (const offset of [0, 1]) {
      await t.ctx.db.query('INSERT INTO holidays (id, workspace_id, day, name) VALUES ($1, $2, $3, $4)', [newId(), w.workspaceId, day(offset), 'Nghỉ lễ']);
    }
    const tk = await openTicket(t, w.admin.cookie, { customerId, priority: 'urgent' });
    // Today and tomorrow are closed: 30 business minutes end at 00:30 the day after tomorrow, Vietnam time.
    expect(tk.sla.firstResponse.dueAt).toBe(new Date(`${day(2)}T00:30:00+07:00`).toISOString());
    expect(tk.sla.resolution.dueAt).toBe(new Date(`${day(2)}T04:00:00+07:00`).toISOString());
    await t.ctx.db.query('DELETE FROM holidays WHERE workspace_id = $1', [w.workspaceId]);
  });

  it('flags a target at risk in its last 20 % and breached once past due, in the ticket and the inbox', async () => {
    const tk = await openTicket(t, w.admin.cookie, { customerId, subject: 'Sắp trễ' });
    const set = (createdMinAgo: number, dueInMin: number) =>
      t.ctx.db.query(
        `UPDATE tickets SET created_at = now() - make_interval(mins => $2), first_response_due_at = now() + make_interval(mins => $3) WHERE id = $1`,
        [tk.id, createdMinAgo, dueInMin],
      );
    const flags = async () => (await api(t, w.admin.cookie, 'GET', `/api/tickets/${tk.id}`)).body.ticket.sla.firstResponse;

    await set(30, 30); // half of a 60-minute target left
    expect(await flags()).toMatchObject({ breached: false, atRisk: false });
    await set(50, 10); // 10 of 60 minutes left (≤ 20 %)
    expect(await flags()).toMatchObject({ breached: false, atRisk: true });
    const row = (await api(t, w.admin.cookie, 'GET', '/api/tickets?q=' + encodeURIComponent('Sắp trễ'))).body.items[0];
    expect(row.sla.firstResponse).toMatchObject({ atRisk: true, breached: false });
    await set(61, -1);
    expect(await flags()).toMatchObject({ breached: true, atRisk: false });
    // Replying late keeps it breached (met after due), but it is no longer open.
    await api(t, w.admin.cookie, 'POST', `/api/tickets/${tk.id}/messages`, { kind: 'reply', body: 'Xin lỗi đã để anh chờ' });
    expect(await flags()).toMatchObject({ breached: true, atRisk: false, metAt: expect.any(String) });
  });

  it('recomputes due times from the same start when the priority changes', async () => {
    const tk = await openTicket(t, w.admin.cookie, { customerId, priority: 'low' });
    const created = new Date(tk.createdAt).getTime();
    expect(new Date(tk.sla.firstResponse.dueAt).getTime() - created).toBe(8 * 60 * 60_000);
    const up = (await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${tk.id}`, { priority: 'urgent' })).body.ticket;
    expect(new Date(up.sla.firstResponse.dueAt).getTime() - created).toBe(30 * 60_000);
    expect(new Date(up.sla.resolution.dueAt).getTime() - created).toBe(4 * 60 * 60_000);
  });
});
