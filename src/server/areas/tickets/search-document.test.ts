import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { InboxQuerySchema } from '../../../shared/tickets.js';
import { loadWindowedSearch } from './queries/inbox.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';

/**
 * The tickets' search document (migration 109: the customer's folded name, then each message's folded
 * text, one per line) is what the inbox's windowed search tests. Whoever writes — commands, merges of
 * tickets and of customers and their undo, renames, plain SQL — it must equal the document rebuilt from
 * the customers and messages rows (as sets of lines: appends keep arrival order, a rebuild sorts).
 */
describe('the tickets search document', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
  });
  afterAll(() => t.close());

  /** Tickets of the workspace whose document is not the one their rows make. */
  const stale = () =>
    t.ctx.db.query<{ number: number; search_document: string; rebuilt: string }>(
      `SELECT t.number, t.search_document, r.doc AS rebuilt
       FROM tickets t
       JOIN customers c ON c.id = t.customer_id
       CROSS JOIN LATERAL (SELECT c.search_name || coalesce(string_agg(E'\\n' || m.search_text, '' ORDER BY m.search_text), '') AS doc
                           FROM messages m WHERE m.ticket_id = t.id AND m.search_text <> '') r
       WHERE t.workspace_id = $1
         AND split_part(t.search_document, E'\\n', 1) || coalesce((SELECT string_agg(E'\\n' || l, '' ORDER BY l)
                FROM unnest((string_to_array(t.search_document, E'\\n'))[2:]) l), '') <> r.doc`,
      [w.workspaceId],
    );

  /** Ticket ids the windowed search finds for `q` (windows small enough that it walks, never the UNION). */
  const walk = async (q: string) => {
    const f = InboxQuerySchema.parse({ q, status: 'all', limit: 50 });
    const rows = await loadWindowedSearch(t.ctx.db, { kind: 'user', id: w.admin.id, workspaceId: w.workspaceId, role: 'admin', name: 'Admin' }, f, new Date(), { first: 1000, budget: 1000 });
    if (rows === null) throw new Error('the windowed search handed over to the UNION');
    return rows.map((r) => r.id).sort();
  };
  const ok = async (r: { status: number; body: unknown }, status = 200) => {
    if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown>;
  };

  it('starts with the customer name and gains each message as it is written', async () => {
    const an = await insertCustomer(t, w.workspaceId, 'Trần Thị Ánh', '+84912000001');
    const ticket = await openTicket(t, w.admin.cookie, { customerId: an, subject: 'Máy lọc nước', firstMessage: { kind: 'inbound', body: 'Máy lọc nước bị RÒ RỈ ạ' } });
    await ok(await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'Dạ em gửi kỹ thuật viên qua ạ' }), 201);
    await ok(await api(t, w.admin.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'note', body: '<p>Khách ở <b>Thủ Đức</b></p>', contentType: 'html' }), 201);
    const [row] = await t.ctx.db.query<{ search_document: string }>('SELECT search_document FROM tickets WHERE id = $1', [ticket.id]);
    expect(row.search_document.split('\n')).toEqual(['tran thi anh', 'may loc nuoc bi ro ri a', 'da em gui ky thuat vien qua a', 'khach o thu duc']);
    for (const q of ['rò rỉ', 'ky thuat vien', 'thủ đức', 'Trần Thị']) expect(await walk(q), q).toEqual([ticket.id]);
    // Lines never join: the end of one message and the start of the next are not one phrase.
    expect(await walk('ro ri a da em')).toEqual([]);
    expect(await stale()).toEqual([]);
  });

  it('follows merges of tickets and of customers, their undo, renames and plain SQL', async () => {
    const binh = await insertCustomer(t, w.workspaceId, 'Lê Văn Bình', '+84912000002');
    const binhAgain = await insertCustomer(t, w.workspaceId, 'Binh Le', '+84912000003');
    const a = await openTicket(t, w.admin.cookie, { customerId: binh, subject: 'Bảo hành', firstMessage: { kind: 'inbound', body: 'Tủ lạnh kêu lạch cạch' } });
    const b = await openTicket(t, w.admin.cookie, { customerId: binh, subject: 'Bảo hành (2)', firstMessage: { kind: 'inbound', body: 'Số seri TL-4491' } });
    const c = await openTicket(t, w.admin.cookie, { customerId: binhAgain, subject: 'Giao hàng', firstMessage: { kind: 'inbound', body: 'Giao giúp em buổi chiều' } });

    // Ticket merge: b's messages move to a.
    await ok(await api(t, w.admin.cookie, 'POST', `/api/tickets/${b.id}/merge`, { intoTicketId: a.id }));
    expect(await walk('tl-4491')).toEqual([a.id]);
    expect(await stale()).toEqual([]);

    // Customer merge moves c to Bình, whose name it then carries; undo moves it back.
    const merged = await ok(await api(t, w.admin.cookie, 'POST', `/api/customers/${binh}/merge`, { sourceId: binhAgain }), 201);
    expect(await walk('le van binh')).toContain(c.id);
    expect(await stale()).toEqual([]);
    await ok(await api(t, w.admin.cookie, 'POST', `/api/customer-merges/${(merged.merge as { id: string }).id}/undo`));
    expect(await walk('le van binh')).not.toContain(c.id);
    expect(await walk('binh le')).toEqual([c.id]);
    expect(await stale()).toEqual([]);

    // A rename rewrites the first line of every ticket of the customer, and only that line.
    await ok(await api(t, w.admin.cookie, 'PATCH', `/api/customers/${binh}`, { name: 'Lê Văn Bảo' }));
    expect(await walk('le van binh')).toEqual([]);
    expect(await walk('Lê Văn Bảo')).toContain(a.id);
    expect(await walk('Lê Văn Bảo')).not.toContain(c.id);
    expect(await walk('lạch cạch')).toEqual([a.id]);
    expect(await stale()).toEqual([]);

    // Plain SQL: a message's text rewritten (a call's summary is), a multi-row insert, a delete, and a
    // delivery receipt that changes no text.
    const db = t.ctx.db;
    await db.query(`UPDATE messages SET body = 'Đã đổi máy mới' WHERE ticket_id = $1 AND body = 'Tủ lạnh kêu lạch cạch'`, [a.id]);
    expect(await walk('lach cach')).toEqual([]);
    expect(await walk('doi may moi')).toEqual([a.id]);
    await db.query(
      `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, channel, body)
       SELECT gen_random_uuid(), t.workspace_id, t.id, t.customer_id, 'inbound', 'zalo', 'Cảm ơn shop ' || t.number FROM tickets t WHERE t.id = ANY($1::uuid[])`,
      [[a.id, c.id]],
    );
    expect(await walk('cam on shop')).toEqual([a.id, c.id].sort());
    await db.query(`DELETE FROM messages WHERE ticket_id = $1 AND body LIKE 'Cảm ơn shop%'`, [c.id]);
    expect(await walk('cam on shop')).toEqual([a.id]);
    const before = await db.query('SELECT xmin::text AS v FROM tickets WHERE id = $1', [a.id]);
    await db.query(`UPDATE messages SET delivery_status = 'sent' WHERE ticket_id = $1`, [a.id]);
    expect(await db.query('SELECT xmin::text AS v FROM tickets WHERE id = $1', [a.id])).toEqual(before);
    expect(await stale()).toEqual([]);
  });
});
