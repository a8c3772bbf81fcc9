import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildInboxSql } from './queries/inbox.js';
import { InboxQuerySchema, type InboxPage, type TicketListItem } from '../../../shared/tickets.js';
import { api, createTeam, eventsOf, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

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
      // The generic plan, which a named statement keeps instead of planning every request afresh, walks
      // the same index: the page size is written into the text (with LIMIT $n, at 1M customers, the
      // generic plan sorted every open ticket and PostgreSQL planned each request afresh instead).
      const generic = await genericPlan(db, text, params);
      expect(generic, `generic ${JSON.stringify(query)}\n${generic}`).toMatch(index);
      expect(generic, `generic ${JSON.stringify(query)}\n${generic}`).not.toMatch(/Seq Scan on tickets|Sort Key: t\.last_message_at/);
    }
    // The other orders walk their own 072 indexes, with and without a cursor, and never sort every open ticket.
    const sortCases: [Record<string, string>, RegExp][] = [
      [{ sort: 'created' }, /tickets_inbox_created_open_idx/],
      [{ sort: 'priority' }, /tickets_inbox_priority_open_idx/],
      [{ sort: 'sla_due' }, /tickets_inbox_sla_due_open_idx/],
      [{ sort: 'sla_due', cursor: Buffer.from(JSON.stringify(['infinity', '00000000-0000-4000-8000-000000000000'])).toString('base64url') }, /tickets_inbox_sla_due_open_idx/],
      [{ sort: 'priority', cursor: Buffer.from(JSON.stringify(['2', new Date().toISOString(), '00000000-0000-4000-8000-000000000000'])).toString('base64url') }, /tickets_inbox_priority_open_idx/],
    ];
    for (const [query, index] of sortCases) {
      const { text, params } = buildInboxSql(ws, actor, InboxQuerySchema.parse(query));
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, `${JSON.stringify(query)}\n${plan}`).toMatch(index);
      expect(plan, `${JSON.stringify(query)}\n${plan}`).not.toMatch(/Seq Scan on tickets|Sort Key/);
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

/** EXPLAIN of the statement's generic plan (parameters unknown when planning), on one connection. */
async function genericPlan(db: TestApp['ctx']['db'], text: string, params: unknown[]): Promise<string> {
  const quote = (v: unknown) => (Array.isArray(v) ? `'{${v.map((x) => `"${String(x)}"`).join(',')}}'` : `'${String(v).replace(/'/g, "''")}'`);
  return db.tx(async (tx) => {
    await tx.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
    await tx.query(`PREPARE inbox_generic AS ${text}`);
    try {
      const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE inbox_generic(${params.map(quote).join(', ')})`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await tx.query('DEALLOCATE inbox_generic');
    }
  });
}

const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

describe('inbox sorting, tag and SLA filters, view counts', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let team: string;
  const ids: Record<string, string> = {};
  const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    // Open around the clock so business minutes equal wall minutes whatever hour the test runs at.
    await t.ctx.db.query('UPDATE workspaces SET business_hours = $2 WHERE id = $1', [w.workspaceId, JSON.stringify(ALWAYS_OPEN)]);
    agent = await seedUser(t, w.workspaceId, 'agent', 'Phạm Thu');
    team = await createTeam(t, w.admin.cookie, 'Bảo hành', [agent.id]);
    const c = await insertCustomer(t, w.workspaceId, 'Đỗ Minh');
    const mk = async (key: string, body: Record<string, unknown>) => (ids[key] = (await openTicket(t, w.admin.cookie, { customerId: c, subject: key, ...body })).id);
    await mk('low', { priority: 'low', tags: ['vip'] });
    await mk('urgent', { priority: 'urgent', assigneeId: agent.id });
    await mk('high', { priority: 'high', tags: ['vip', 'đổi-trả'], teamId: team });
    await mk('normal', { priority: 'normal' });
    await mk('none', { priority: 'normal' });
    // Known times and due dates: created oldest → newest low, urgent, high, normal, none; last activity the reverse
    // for low/urgent; SLA: low breached, urgent at risk (5 of 100 minutes left), high ok, normal ok, none without target.
    const set = (id: string, created: number, last: number, frDue: number | null, resDue: number | null) =>
      t.ctx.db.query(
        `UPDATE tickets SET created_at = $2, last_message_at = $3, first_response_due_at = $4, resolution_due_at = $5, first_response_at = NULL WHERE id = $1`,
        [id, minutes(created), minutes(last), frDue === null ? null : minutes(frDue), resDue === null ? null : minutes(resDue)],
      );
    await set(ids.low!, -500, -1, -10, 600);
    await set(ids.urgent!, -95, -2, 5, 300);
    await set(ids.high!, -60, -30, 120, 900);
    await set(ids.normal!, -30, -40, 200, 400);
    await set(ids.none!, -10, -50, null, null);
  });
  afterAll(() => t.close());

  const inbox = async (query: string, cookie = w.admin.cookie) => {
    const r = await api(t, cookie, 'GET', `/api/tickets?${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as InboxPage;
  };
  const subjects = (p: InboxPage) => p.items.map((i) => i.subject);

  it('sorts by last message (default), created, priority and SLA due time', async () => {
    expect(subjects(await inbox(''))).toEqual(['low', 'urgent', 'high', 'normal', 'none']);
    expect(subjects(await inbox('sort=created'))).toEqual(['none', 'normal', 'high', 'urgent', 'low']);
    // Priority, then latest activity within a priority.
    expect(subjects(await inbox('sort=priority'))).toEqual(['urgent', 'high', 'normal', 'none', 'low']);
    // The soonest due time that still runs (low's first reply is overdue: -10 min); no target last.
    expect(subjects(await inbox('sort=sla_due'))).toEqual(['low', 'urgent', 'high', 'normal', 'none']);
    const bad = await api(t, w.admin.cookie, 'GET', '/api/tickets?sort=oldest');
    expect(bad.status).toBe(400);
  });

  it('pages every sort with its own cursor, without gaps or repeats; a cursor of another sort is refused', async () => {
    for (const sort of ['last_message', 'created', 'priority', 'sla_due']) {
      const all = subjects(await inbox(`sort=${sort}`));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: InboxPage = await inbox(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...subjects(p));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(all);
    }
    const priorityCursor = (await inbox('sort=priority&limit=1')).nextCursor!;
    const bad = await api(t, w.admin.cookie, 'GET', `/api/tickets?sort=created&cursor=${priorityCursor}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('inbox.invalid_cursor');
  });

  it('filters by tag, SLA state and assignee; the flags of each row agree with the filter', async () => {
    expect(subjects(await inbox('tag=vip'))).toEqual(['low', 'high']);
    expect(subjects(await inbox(`tag=${encodeURIComponent('đổi-trả')}`))).toEqual(['high']);
    const breached = await inbox('sla=breached');
    expect(subjects(breached)).toEqual(['low']);
    expect(breached.items[0]!.sla.firstResponse.breached).toBe(true);
    const atRisk = await inbox('sla=at_risk');
    expect(subjects(atRisk)).toEqual(['urgent']);
    expect(atRisk.items[0]!.sla.firstResponse.atRisk).toBe(true);
    expect(subjects(await inbox('sla=ok'))).toEqual(['high', 'normal', 'none']);
    expect(subjects(await inbox('sla=ok&limit=1&sort=created'))).toEqual(['none']);
    expect(subjects(await inbox(`assigneeId=${agent.id}&sla=at_risk`))).toEqual(['urgent']);
    expect((await api(t, w.admin.cookie, 'GET', '/api/tickets?sla=late')).status).toBe(400);
  });

  it('pages the at-risk filter (checked in business minutes) without losing rows', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: InboxPage = await inbox(`sla=ok&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...subjects(p));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['high', 'normal', 'none']);
  });

  it('counts open tickets per view', async () => {
    const r = await api(t, agent.cookie, 'GET', `/api/tickets/view-counts?teamId=${team}`);
    expect(r.status).toBe(200);
    // Opening with a team routes the ticket and round-robins it to the team's only member.
    expect(r.body).toEqual({ mine: 2, unassigned: 3, team: 1, all: 5 });
    const noTeam = await api(t, w.admin.cookie, 'GET', '/api/tickets/view-counts');
    expect(noTeam.body).toEqual({ mine: 0, unassigned: 3, team: null, all: 5 });
  });
});

describe('POST /api/tickets/bulk', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let customer: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    other = await seedWorkspace(t, 'Khác');
    agent = await seedUser(t, w.workspaceId, 'agent', 'Vũ Lan');
    customer = await insertCustomer(t, w.workspaceId, 'Lý Hải');
  });
  afterAll(() => t.close());

  const three = async () => {
    const ids: string[] = [];
    for (const subject of ['Một', 'Hai', 'Ba']) ids.push((await openTicket(t, w.admin.cookie, { customerId: customer, subject })).id as string);
    return ids;
  };
  const rowsOf = (ids: string[]) =>
    t.ctx.db.query<{ id: string; assignee_id: string | null; status: string; tags: string[]; merged_into_id: string | null }>(
      'SELECT id, assignee_id, status, tags, merged_into_id FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY number',
      [ids],
    );

  it('assigns, changes status and tags each ticket through the commands, one event per ticket', async () => {
    const ids = await three();
    const assign = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'assign', assigneeId: agent.id } });
    expect(assign.status).toBe(200);
    expect(assign.body.count).toBe(3);
    expect((await rowsOf(ids)).map((r) => r.assignee_id)).toEqual([agent.id, agent.id, agent.id]);
    for (const id of ids) expect((await eventsOf(t, id)).filter((e) => e.type === 'ticket.assigned')).toHaveLength(1);

    await api(t, w.admin.cookie, 'PATCH', `/api/tickets/${ids[0]}`, { tags: ['vip', 'cũ'] });
    const tag = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'tag', add: ['bảo-hành', 'vip'], remove: ['cũ'] } });
    expect(tag.status).toBe(200);
    expect((await rowsOf(ids)).map((r) => r.tags)).toEqual([['vip', 'bảo-hành'], ['bảo-hành', 'vip'], ['bảo-hành', 'vip']]);

    const status = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'status', status: 'resolved' } });
    expect(status.status).toBe(200);
    expect((await rowsOf(ids)).map((r) => r.status)).toEqual(['resolved', 'resolved', 'resolved']);
    for (const id of ids) expect((await eventsOf(t, id)).filter((e) => e.type === 'ticket.status_changed' && e.data.to === 'resolved')).toHaveLength(1);
    // Repeating the same action changes nothing and appends no events.
    const again = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'status', status: 'resolved' } });
    expect(again.body).toEqual({ changed: [], count: 0 });
    for (const id of ids) expect((await eventsOf(t, id)).filter((e) => e.type === 'ticket.status_changed' && e.data.to === 'resolved')).toHaveLength(1);
  });

  it('merges the selection into one of them', async () => {
    const ids = await three();
    const r = await api(t, agent.cookie, 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'merge', intoTicketId: ids[0] } });
    expect(r.status).toBe(200);
    expect(r.body.changed.sort()).toEqual([ids[1], ids[2]].sort());
    expect((await rowsOf(ids)).map((r) => r.merged_into_id)).toEqual([null, ids[0], ids[0]]);
    const alone = await api(t, agent.cookie, 'POST', '/api/tickets/bulk', { ticketIds: [ids[0]], action: { type: 'merge', intoTicketId: ids[0] } });
    expect(alone.status).toBe(400);
    expect(alone.body.error.id).toBe('tickets.bulk_merge_nothing');
  });

  it('is all or nothing: one ticket that cannot change leaves every ticket as it was, and the error names it', async () => {
    const ids = await three();
    const merged = (await openTicket(t, w.admin.cookie, { customerId: customer, subject: 'Đã gộp' })).id as string;
    await api(t, w.admin.cookie, 'POST', `/api/tickets/${merged}/merge`, { intoTicketId: ids[0] });
    const before = await rowsOf(ids);
    const eventsBefore = (await Promise.all(ids.map((id) => eventsOf(t, id)))).map((e) => e.length);
    const r = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: [...ids, merged], action: { type: 'assign', assigneeId: agent.id } });
    expect(r.status).toBe(409);
    expect(r.body.error.id).toBe('ticket.merged');
    expect(r.body.error.message).toMatch(/^Ticket #\d+: .*Nothing was changed\.$/);
    expect(await rowsOf(ids)).toEqual(before);
    expect((await Promise.all(ids.map((id) => eventsOf(t, id)))).map((e) => e.length)).toEqual(eventsBefore);

    // Another workspace's ticket is not found, and nothing of ours changes either.
    const theirs = (await openTicket(t, other.admin.cookie, { customerId: await insertCustomer(t, other.workspaceId, 'Người khác'), subject: 'Của họ' })).id;
    const foreign = await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', { ticketIds: [ids[0], theirs], action: { type: 'status', status: 'closed' } });
    expect(foreign.status).toBe(404);
    expect((await rowsOf(ids)).map((x) => x.status)).toEqual(before.map((x) => x.status));
  });

  it('refuses bad input and anonymous callers', async () => {
    const ids = await three();
    const cases: unknown[] = [
      { ticketIds: [], action: { type: 'status', status: 'closed' } },
      { ticketIds: [ids[0], ids[0]], action: { type: 'status', status: 'closed' } },
      { ticketIds: ids, action: { type: 'status', status: 'done' } },
      { ticketIds: ids, action: { type: 'delete' } },
      { ticketIds: ['x'], action: { type: 'assign', assigneeId: null } },
    ];
    for (const body of cases) expect((await api(t, w.admin.cookie, 'POST', '/api/tickets/bulk', body as Record<string, unknown>)).status, JSON.stringify(body)).toBe(400);
    expect((await api(t, '', 'POST', '/api/tickets/bulk', { ticketIds: ids, action: { type: 'status', status: 'closed' } })).status).toBe(401);
    expect((await rowsOf(ids)).map((x) => x.status)).not.toContain('closed');
  });
});
