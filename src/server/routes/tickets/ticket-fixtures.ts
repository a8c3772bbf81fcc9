import type { TestApp } from '../../test/harness.js';
import { newId } from '../../lib/ids.js';
import { toSearchText } from '../../lib/search-text.js';

/** Test-only helpers of the tickets area: customers inserted directly, HTTP shortcuts. */

/** A customer row with a phone identity, inserted directly (the customers API is another area's). */
export async function insertCustomer(t: TestApp, workspaceId: string, name: string, phone: string | null = null, email: string | null = null) {
  const id = newId();
  await t.ctx.db.query(
    `INSERT INTO customers (id, workspace_id, name, search_name, phone, email) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, workspaceId, name, toSearchText(name), phone, email],
  );
  if (phone) {
    await t.ctx.db.query(`INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value) VALUES ($1, $2, $3, 'phone', $4)`, [newId(), workspaceId, id, phone]);
  }
  return id;
}

export async function api(t: TestApp, cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const headers: Record<string, string> = cookie.startsWith('Bearer ') ? { authorization: cookie } : { cookie };
  const res = await t.app.inject({ method, url, headers, payload: payload as any });
  return { status: res.statusCode, body: res.body ? safeJson(res.body) : undefined, res };
}

function safeJson(s: string) {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** A team with members, through the teams API. */
export async function createTeam(t: TestApp, cookie: string, name: string, memberIds: string[]) {
  const r = await api(t, cookie, 'POST', '/api/teams', { name });
  if (r.status !== 201) throw new Error(`team: ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.team.id as string;
  const m = await api(t, cookie, 'PUT', `/api/teams/${id}/members`, { userIds: memberIds });
  if (m.status !== 200) throw new Error(`members: ${m.status} ${JSON.stringify(m.body)}`);
  return id;
}

/** Opens a ticket through the API and returns its detail. */
export async function openTicket(t: TestApp, cookie: string, body: Record<string, unknown>) {
  const r = await api(t, cookie, 'POST', '/api/tickets', { subject: 'Hỏi về đơn hàng', ...body });
  if (r.status !== 201) throw new Error(`ticket: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.ticket;
}

/** Events of a subject, oldest first. */
export async function eventsOf(t: TestApp, subjectId: string) {
  return t.ctx.db.query<{ type: string; data: any; actor_type: string; actor_id: string | null }>(
    'SELECT type, data, actor_type, actor_id FROM events WHERE subject_id = $1 ORDER BY id',
    [subjectId],
  );
}
