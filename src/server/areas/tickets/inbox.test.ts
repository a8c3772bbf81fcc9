import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildInboxSql } from './queries/inbox.js';
import { InboxQuerySchema, type InboxPage, type TicketListItem } from '../../../shared/tickets.js';
import { api, createTeam, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

describe('GET /api/tickets (inbox)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let team: string;
  let an: string;
  let bich: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Khác');
    agent = await seedUser(t, w.workspaceId, 'agent', 'Lê Văn Ân');
    team = await createTeam(t, w.admin.cookie, 'Kỹ thuật', []);
    an = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An', '+84912345678');
    bich = await insertCustomer(t, w.workspaceId, 'Trần Thị Bích', '+84987654321');
    ids.mine = (await openTicket(t, w.admin.cookie, { customerId: an, subject: 'Máy giặt kêu to', assigneeId: agent.id, priority: 'high' })).id;
    ids.unassigned = (await openTicket(t, w.admin.cookie, { customerId: bich, subject: 'Hỏi giá', channel: 'zalo', firstMessage: { kind: 'inbound', body: 'Giá tủ lạnh bao nhiêu?' } })).id;
    ids.team = (await openTicket(t, w.admin.cookie, { customerId: bich, subject: 'Bảo hành', teamId: team })).id;
    ids.resolved = (await openTicket(t, w.admin.cookie, { customerId: an, subject: 'Đã xong' })).id;
    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ids.resolved}`, { status: 'resolved' });
    await openTicket(t, other.admin.cookie, { customerId: await insertCustomer(t, other.workspaceId, 'Nguyễn Văn An', '+84912345678'), subject: 'Máy giặt kêu to' });
  });
  afterAll(() => t.close());

  const inbox = async (query: string, cookie = w.admin.cookie) => {
    const r = await api(t, cookie, 'GET', `/api/tickets?${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as InboxPage;
  };
  const idsOf = (p: { items: TicketListItem[] }) => p.items.map((i) => i.id).sort();

  it('shows open tickets of the workspace with customer, assignee, team, preview and SLA flags', async () => {
    const p = await inbox('');
    expect(idsOf(p)).toEqual([ids.mine, ids.unassigned, ids.team].sort());
    const row = p.items.find((i) => i.id === ids.unassigned)!;
    expect(row).toMatchObject({ customer: { name: 'Trần Thị Bích', phone: '+84987654321' }, channel: 'zalo', lastMessagePreview: 'Giá tủ lạnh bao nhiêu?', assignee: null });
    expect(row.lastCustomerMessageAt).not.toBeNull();
    expect(row.sla.firstResponse).toMatchObject({ breached: false, atRisk: false, dueAt: expect.any(String) });
    expect(p.items.find((i) => i.id === ids.mine)!.assignee).toEqual({ id: agent.id, name: 'Lê Văn Ân' });
    expect(p.items.find((i) => i.id === ids.team)!.team).toEqual({ id: team, name: 'Kỹ thuật' });
  });

  it('filters by view, status, priority, channel, team, assignee and customer', async () => {
    expect(idsOf(await inbox('view=mine', agent.cookie))).toEqual([ids.mine]);
    expect(idsOf(await inbox('view=unassigned'))).toEqual([ids.unassigned, ids.team].sort());
    expect(idsOf(await inbox('status=all'))).toHaveLength(4);
    expect(idsOf(await inbox('status=resolved,closed'))).toEqual([ids.resolved]);
    expect(idsOf(await inbox('status=routed'))).toEqual([ids.team]);
    expect(idsOf(await inbox('priority=high,urgent'))).toEqual([ids.mine]);
    expect(idsOf(await inbox('channel=zalo'))).toEqual([ids.unassigned]);
    expect(idsOf(await inbox(`teamId=${team}`))).toEqual([ids.team]);
    expect(idsOf(await inbox(`assigneeId=${agent.id}`))).toEqual([ids.mine]);
    expect(idsOf(await inbox(`customerId=${an}&status=all`))).toEqual([ids.mine, ids.resolved].sort());
    // Repeated keys and empty values, as browsers' URLSearchParams produce them.
    expect(idsOf(await inbox('status=received&status=routed&priority=&teamId=&view='))).toEqual([ids.mine, ids.unassigned, ids.team].sort());
    expect(idsOf(await inbox('status=routed&status=resolved'))).toEqual([ids.team, ids.resolved].sort());
    const bad = await api(t, w.admin.cookie, 'GET', '/api/tickets?status=pending');
    expect(bad.status).toBe(400);
  });

  it('searches by name without diacritics, part of a phone, ticket number and subject', async () => {
    expect(idsOf(await inbox('q=nguyen van'))).toEqual([ids.mine]);
    expect(idsOf(await inbox(`q=${encodeURIComponent('0987 654')}`))).toEqual([ids.unassigned, ids.team].sort());
    const number = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ids.team}`)).body.ticket.number;
    expect(idsOf(await inbox(`q=%23${number}`))).toEqual([ids.team]);
    expect(idsOf(await inbox(`q=${encodeURIComponent('giặt')}`))).toEqual([ids.mine]);
    expect(idsOf(await inbox('q=100%25_'))).toEqual([]);
  });

  it('pages with a cursor through ties in last_message_at without gaps or repeats', async () => {
    const c = await insertCustomer(t, w.workspaceId, 'Khách Phân Trang');
    const made: string[] = [];
    for (let i = 0; i < 23; i++) made.push((await openTicket(t, w.admin.cookie, { customerId: c, subject: `Trang ${i}` })).id);
    // Several tickets share the exact same instant, and microseconds matter.
    await t.ctx.db.query(`UPDATE tickets SET last_message_at = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`, [made.slice(0, 9)]);
    await t.ctx.db.query(`UPDATE tickets SET last_message_at = '2026-01-01T00:00:00.123401Z' WHERE id = ANY($1::uuid[])`, [made.slice(9, 12)]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: InboxPage = await inbox(`customerId=${c}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((i) => i.id));
      const times = p.items.map((i) => i.lastMessageAt);
      expect([...times].sort().reverse()).toEqual(times);
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(23);
    expect(new Set(seen)).toEqual(new Set(made));
    const bad = await api(t, w.admin.cookie, 'GET', '/api/tickets?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('inbox.invalid_cursor');
  });

  it('uses the inbox indexes with many tickets (EXPLAIN, on both engines)', async () => {
    const db = t.ctx.db;
    const ws = w.workspaceId;
    // Per workspace 1,000 customers and 40,000 tickets, 90 % of them closed, like a real history.
    for (const wsId of [ws, other.workspaceId]) {
      await db.query(
        `INSERT INTO customers (id, workspace_id, name, search_name)
         SELECT gen_random_uuid(), $1::uuid, 'Khối ' || g, 'khoi ' || g FROM generate_series(1, 1000) g`,
        [wsId],
      );
      await db.query(
        `WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM customers WHERE workspace_id = $1::uuid AND name LIKE 'Khối %')
         INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, status, assignee_id, team_id, last_message_at)
         SELECT gen_random_uuid(), $1::uuid, 100000 + g, 'Phiếu ' || g, c.id, 'zalo',
                CASE WHEN g % 10 = 0 THEN 'received' ELSE 'closed' END,
                CASE WHEN g % 20 = 0 AND $1::uuid = $4::uuid THEN $2::uuid END,
                CASE WHEN g % 30 = 0 AND $1::uuid = $4::uuid THEN $3::uuid END,
                now() - g * interval '1 minute'
         FROM generate_series(1, 40000) g JOIN c ON c.rn = 1 + (g % 1000)`,
        [wsId, agent.id, team, ws],
      );
    }
    await db.exec('ANALYZE tickets; ANALYZE customers; ANALYZE users; ANALYZE teams;');
    const actor = { kind: 'user' as const, id: agent.id, workspaceId: ws, role: 'agent' as const, name: 'x' };
    const cursor = Buffer.from(JSON.stringify([new Date(Date.now() - 3600_000).toISOString(), '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /tickets_inbox_open_idx/],
      [{ cursor }, /tickets_inbox_open_idx/],
      [{ status: 'all' }, /tickets_inbox_all_idx/],
      [{ view: 'mine' }, /tickets_inbox_assignee_open_idx/],
      [{ view: 'unassigned' }, /tickets_inbox_(assignee_)?open_idx/],
      [{ teamId: team }, /tickets_inbox_team_open_idx/],
      [{ status: 'received,verified' }, /tickets_inbox_open_idx/],
    ];
    for (const [query, index] of cases) {
      const { text, params } = buildInboxSql(ws, actor, InboxQuerySchema.parse(query));
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, `${JSON.stringify(query)}\n${plan}`).toMatch(index);
      expect(plan, `${JSON.stringify(query)}\n${plan}`).not.toMatch(/Seq Scan on tickets/);
      // Walking the index in order means no sort of the whole result before the LIMIT.
      expect(plan, `${JSON.stringify(query)}\n${plan}`).not.toMatch(/Sort Key: t\.last_message_at/);
    }
    // Search may start from the matching customers instead (then sorting a few rows is right), but
    // never by scanning the tickets table.
    for (const q of ['khoi 12', '0912 345', 'phiếu 77']) {
      const { text, params } = buildInboxSql(ws, actor, InboxQuerySchema.parse({ q, status: 'all' }));
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, `${q}\n${plan}`).not.toMatch(/Seq Scan on tickets/);
    }
    const page = await inbox('limit=50');
    expect(page.items).toHaveLength(50);
  }, 300_000);
});
