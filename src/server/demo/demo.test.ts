import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import { createTestApp, createTestContext, type TestApp } from '../test/harness.js';
import { toSearchText } from '../core/lib/search-text.js';
import { seedDemoIfEmpty } from './demo.js';
import { generateDemo, type DemoResult } from './generate.js';
import { MOBILE_PREFIXES } from './vn-data.js';
import type { TicketRow } from '../areas/tickets/index.js';

describe('demo generator', () => {
  let t: TestApp;
  let result: DemoResult;
  let printed = '';
  let ws: string;

  beforeAll(async () => {
    t = await createTestApp();
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
      printed += `${args.join(' ')}\n`;
    });
    try {
      result = await seedDemoIfEmpty(t.ctx, { customers: 200, batchSize: 70 });
    } finally {
      log.mockRestore();
    }
    ws = result.workspaceId;
  });
  afterAll(() => t.close());

  it('trains the AI models on the demo tickets, as the nightly job would', async () => {
    const status = await t.ctx.db.query<{ kind: string; status: string }>('SELECT kind, status FROM ai_training_status WHERE workspace_id = $1 ORDER BY kind', [ws]);
    expect(status.filter((s) => s.status === 'trained').map((s) => s.kind)).toEqual(expect.arrayContaining(['category', 'sentiment']));
    expect(printed).toMatch(/AI: .*category trained/);
  });

  it('creates the workspace with staff, teams, SLA policies and canned replies', async () => {
    expect(result.created).toBe(true);
    const roles = await t.ctx.db.query<{ role: string; n: number }>('SELECT role, count(*)::int AS n FROM users WHERE workspace_id = $1 GROUP BY role', [ws]);
    expect(Object.fromEntries(roles.map((r) => [r.role, r.n]))).toEqual({ admin: 1, supervisor: 2, agent: 12 });
    const teams = await t.ctx.db.query<{ name: string }>('SELECT name FROM teams WHERE workspace_id = $1 ORDER BY name', [ws]);
    expect(teams.map((x) => x.name)).toEqual(['Bán hàng', 'Bảo hành', 'Chăm sóc khách hàng', 'Kỹ thuật'].sort((a, b) => (a < b ? -1 : 1)));
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM sla_policies WHERE workspace_id = $1', [ws])).n).toBe(4);
    const canned = await t.ctx.db.query<{ body: string }>('SELECT body FROM canned_replies WHERE workspace_id = $1', [ws]);
    expect(canned.length).toBeGreaterThanOrEqual(8);
    // Written as agents speak: "anh Huy" / "chị Uyên" and "em" for the agent.
    expect(canned.some((c) => c.body.includes('{{customer.salutation}}') && c.body.includes('{{agent.first_name}}'))).toBe(true);
    expect(canned.some((c) => c.body.includes('{{ticket.number}}'))).toBe(true);
    // The SLA escalation workflow, published and on, as a new installation's workspace has it.
    const wf = await t.ctx.db.query<{ enabled: boolean; published_version: number | null }>(`SELECT enabled, published_version FROM workflows WHERE workspace_id = $1 AND template_id = 'sla_escalation'`, [ws]);
    expect(wf).toEqual([{ enabled: true, published_version: 1 }]);
  });

  it('answers surveys on resolved tickets and fills the reports, so the demo dashboards have figures', async () => {
    const ws = result.workspaceId;
    const answers = await t.ctx.db.query<{ type: string; score: number; ticket_status: string; request_status: string }>(
      `SELECT a.type, a.score, t.status AS ticket_status, r.status AS request_status
       FROM survey_answers a JOIN tickets t ON t.id = a.ticket_id JOIN survey_requests r ON r.id = a.request_id WHERE a.workspace_id = $1`,
      [ws],
    );
    const csat = answers.filter((a) => a.type === 'csat');
    expect(csat.length).toBeGreaterThan(10);
    for (const a of csat) {
      expect(a.score).toBeGreaterThanOrEqual(1);
      expect(a.score).toBeLessThanOrEqual(5);
      expect(['resolved', 'closed']).toContain(a.ticket_status);
      expect(a.request_status).toBe('answered');
    }
    // Mostly satisfied customers, but not all: the demo shows both sides of the scale.
    const happy = csat.filter((a) => a.score >= 4).length / csat.length;
    expect(happy).toBeGreaterThan(0.5);
    expect(happy).toBeLessThan(1);
    const { measure } = await import('../areas/metrics/engine.js');
    const from = new Date(Date.now() - 365 * 86_400_000);
    const value = await measure(t.ctx.db, ws, 'csat', { from, to: new Date() });
    expect(value.n).toBe(csat.length);
    expect(value.value).toBeCloseTo((100 * csat.filter((a) => a.score >= 4).length) / csat.length, 6);
  });

  it('gives customers Vietnamese names with diacritics and matching search_name', async () => {
    const rows = await t.ctx.db.query<{ name: string; search_name: string }>('SELECT name, search_name FROM customers WHERE workspace_id = $1', [ws]);
    expect(rows).toHaveLength(200);
    for (const r of rows) expect(r.search_name).toBe(toSearchText(r.name));
    const accented = rows.filter((r) => r.name !== r.search_name && /[^\p{ASCII}]/u.test(r.name));
    expect(accented.length).toBeGreaterThan(180);
    const nguyen = rows.filter((r) => r.name.startsWith('Nguyễn ')).length;
    expect(nguyen).toBeGreaterThan(40); // the most common family name, ~38 %
    expect(nguyen).toBeLessThan(110);
  });

  it('gives valid, unique E.164 Vietnamese mobile numbers on real carrier prefixes', async () => {
    const rows = await t.ctx.db.query<{ phone: string; identity: string | null }>(
      `SELECT c.phone, i.value AS identity FROM customers c
       LEFT JOIN customer_identities i ON i.customer_id = c.id AND i.kind = 'phone'
       WHERE c.workspace_id = $1 AND c.phone IS NOT NULL`,
      [ws],
    );
    expect(rows.length).toBeGreaterThan(160);
    const prefixes = MOBILE_PREFIXES.map((p) => `+84${p[0]}`);
    for (const r of rows) {
      expect(r.phone).toMatch(/^\+84\d{9}$/);
      expect(prefixes.some((p) => r.phone.startsWith(p))).toBe(true);
      expect(isValidPhoneNumber(r.phone)).toBe(true);
      expect(parsePhoneNumber(r.phone).getType()).toBe('MOBILE');
      expect(r.identity).toBe(r.phone);
    }
    expect(new Set(rows.map((r) => r.phone)).size).toBe(rows.length);
  });

  it('keeps tickets, messages and events consistent', async () => {
    const db = t.ctx.db;
    const orphanTickets = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id AND c.workspace_id = t.workspace_id
       WHERE t.workspace_id = $1 AND c.id IS NULL`, [ws]);
    expect(orphanTickets.n).toBe(0);
    const wrongCustomer = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages m JOIN tickets t ON t.id = m.ticket_id
       WHERE m.workspace_id = $1 AND (m.customer_id <> t.customer_id OR m.workspace_id <> t.workspace_id OR m.channel <> t.channel)`, [ws]);
    expect(wrongCustomer.n).toBe(0);

    const tickets = await db.query<TicketRow & { first_out: Date | null; last_msg: Date; first_msg: Date; n_msg: number; customer_before: number }>(
      `SELECT t.*, (SELECT min(created_at) FROM messages m WHERE m.ticket_id = t.id AND m.direction = 'outbound') AS first_out,
              (SELECT max(created_at) FROM messages m WHERE m.ticket_id = t.id) AS last_msg,
              (SELECT min(created_at) FROM messages m WHERE m.ticket_id = t.id) AS first_msg,
              (SELECT count(*)::int FROM messages m WHERE m.ticket_id = t.id) AS n_msg,
              (SELECT count(*)::int FROM customers c WHERE c.id = t.customer_id AND c.created_at <= t.created_at) AS customer_before
       FROM tickets t WHERE t.workspace_id = $1 ORDER BY number`, [ws]);
    expect(tickets.length).toBeGreaterThan(150);
    expect(tickets.map((x) => x.number)).toEqual(tickets.map((_, i) => i + 1));
    const ms = (d: unknown) => (d ? new Date(d as string).getTime() : null);
    for (const tk of tickets) {
      expect(tk.message_count).toBe(tk.n_msg);
      expect(ms(tk.first_response_at)).toBe(ms(tk.first_out));
      expect(ms(tk.last_message_at)).toBe(ms(tk.last_msg));
      expect(ms(tk.first_message_at)).toBe(ms(tk.first_msg));
      expect(tk.customer_before).toBe(1);
      if (['resolved', 'closed'].includes(tk.status)) expect(ms(tk.resolved_at)!).toBeGreaterThanOrEqual(ms(tk.last_msg)!);
      if (tk.status === 'closed') expect(ms(tk.closed_at)!).toBeGreaterThanOrEqual(ms(tk.resolved_at)!);
      if (['received', 'verified'].includes(tk.status)) expect(tk.assignee_id).toBeNull();
      if (['routed', 'responded', 'resolved', 'closed'].includes(tk.status)) expect(tk.assignee_id).not.toBeNull();
      expect(ms(tk.first_response_due_at)!).toBeGreaterThan(ms(tk.first_message_at)!);
      expect(ms(tk.last_message_at)!).toBeLessThanOrEqual(Date.now());
    }
    // Numbers grow with time, and the pipeline is spread over several steps.
    for (let i = 1; i < tickets.length; i++) expect(ms(tickets[i].first_message_at)!).toBeGreaterThanOrEqual(ms(tickets[i - 1].first_message_at)!);
    expect(new Set(tickets.map((x) => x.status)).size).toBeGreaterThanOrEqual(3);
    expect(tickets.some((x) => !['resolved', 'closed'].includes(x.status))).toBe(true);
    expect(new Set(tickets.map((x) => x.channel)).size).toBeGreaterThanOrEqual(4);
    const avg = tickets.reduce((n, x) => n + x.n_msg, 0) / tickets.length;
    expect(avg).toBeGreaterThanOrEqual(3);
    expect(avg).toBeLessThanOrEqual(5);

    // One status_changed event per step reached.
    const steps = await db.query<{ status: string; to_steps: number }>(
      `SELECT t.status, (SELECT count(*)::int FROM events e WHERE e.workspace_id = t.workspace_id AND e.subject_type = 'ticket'
               AND e.subject_id = t.id AND e.type = 'ticket.status_changed') AS to_steps
       FROM tickets t WHERE t.workspace_id = $1`, [ws]);
    const rank = ['received', 'verified', 'routed', 'responded', 'resolved', 'closed'];
    for (const s of steps) expect(s.to_steps).toBe(rank.indexOf(s.status));
  });

  it("puts the Zalo and Messenger conversations on demo accounts of those channels (nothing else on them)", async () => {
    const accounts = await t.ctx.db.query<{ id: string; kind: string; config: { demo?: boolean }; secrets: string | null }>(
      'SELECT id, kind, config, secrets FROM channel_accounts WHERE workspace_id = $1 ORDER BY kind', [ws]);
    expect(accounts.map((a) => [a.kind, a.config.demo, a.secrets])).toEqual([['messenger', true, null], ['zalo', true, null]]);
    const byKind = Object.fromEntries(accounts.map((a) => [a.kind, a.id]));
    const rows = await t.ctx.db.query<{ channel: string; account: string | null; n: number }>(
      `SELECT channel, channel_account_id AS account, count(*)::int AS n FROM tickets WHERE workspace_id = $1 GROUP BY 1, 2
       UNION ALL SELECT 'msg:' || channel, channel_account_id, count(*)::int FROM messages WHERE workspace_id = $1 GROUP BY 1, 2`, [ws]);
    for (const r of rows) {
      const channel = r.channel.replace(/^msg:/, '');
      expect([channel, r.account]).toEqual([channel, byKind[channel] ?? null]);
    }
    expect(rows.filter((r) => r.channel === 'zalo' || r.channel === 'messenger').every((r) => r.n > 0)).toBe(true);
    expect(rows.filter((r) => r.channel === 'zalo' || r.channel === 'messenger')).toHaveLength(2);
  });

  it("an agent's reply on a demo Zalo or Messenger conversation says 'demo: not sent', never a success", async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: result.adminEmail, password: result.password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    for (const channel of ['zalo', 'messenger']) {
      const tk = await t.ctx.db.one<{ id: string }>(`SELECT id FROM tickets WHERE workspace_id = $1 AND channel = $2 ORDER BY last_message_at DESC LIMIT 1`, [ws, channel]);
      const rc = await t.app.inject({ method: 'GET', url: `/api/tickets/${tk.id}/reply-channel`, headers: { cookie } });
      // Before typing: blocked (a demo account, or the channel's window long past in the generated history).
      expect(rc.json().replyChannel).toMatchObject({ channel, mode: 'blocked' });
      expect(['demo_account', 'window_closed']).toContain(rc.json().replyChannel.reason);
      const posted = await t.app.inject({ method: 'POST', url: `/api/tickets/${tk.id}/messages`, headers: { cookie }, payload: { body: 'Dạ em chào anh/chị ạ', kind: 'reply' } });
      expect(posted.statusCode).toBe(201);
      await t.ctx.jobs.drain();
      const m = await t.ctx.db.one<{ delivery_status: string; delivery_failure: string }>('SELECT delivery_status, delivery_failure FROM messages WHERE id = $1', [posted.json().message.id]);
      expect(m).toEqual({ delivery_status: 'failed', delivery_failure: 'demo_account' });
    }
  });

  it('prints credentials the admin can log in with over HTTP', async () => {
    const m = /Đăng nhập \/ Log in: http:\/\/localhost:\d+ — (\S+) \/ (\S+)/.exec(printed);
    expect(m).not.toBeNull();
    expect(m![1]).toBe('admin@demo.tantam.vn');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: m![1], password: m![2] } });
    expect(res.statusCode).toBe(200);
    const agent = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'lan.nguyen@demo.tantam.vn', password: m![2] } });
    expect(agent.statusCode).toBe(200);
  });

  it('does nothing the second time', async () => {
    const before = await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    const again = await seedDemoIfEmpty(t.ctx, { customers: 50, quiet: true });
    expect(again.created).toBe(false);
    expect(again.workspaceId).toBe(ws);
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM customers')).n).toBe(before.n);
  });

  it('gives the same data for the same seed, also in bulk mode (indexes rebuilt after the load)', async () => {
    const now = new Date('2026-06-15T05:00:00Z');
    const indexes = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`;
    const sample = async (deferIndexes: boolean) => {
      const c = await createTestContext();
      try {
        const before = await c.db.query(indexes);
        const r = await generateDemo(c.db, { customers: 30, seed: 7, now, workspaceName: 'Cửa hàng Thử', deferIndexes });
        expect(r.adminEmail).toBe('admin@cua-hang-thu.demo.tantam.vn');
        expect(await c.db.query(indexes)).toEqual(before);
        return await c.db.query(
          `SELECT c.id, c.name, c.phone, c.email, t.number, t.subject, t.status, t.first_message_at
           FROM customers c LEFT JOIN tickets t ON t.customer_id = c.id ORDER BY c.id, t.number`,
        );
      } finally {
        await c.close();
      }
    };
    const [a, b] = [await sample(true), await sample(false)];
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
  });
});
