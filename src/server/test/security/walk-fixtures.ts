import type { Db } from '../../core/db/types.js';
import { newId, newSecret, sha256 } from '../../core/lib/ids.js';

/**
 * A workspace full of data, written with plain SQL (no commands), so the security walk depends only
 * on the schema and not on any other area's code. Every text carries `mark`, so a leaked row is easy
 * to spot in a response body.
 */
export async function seedWorldBySql(db: Db, mark: string) {
  const id = {
    workspace: newId(),
    admin: newId(),
    supervisor: newId(),
    agent: newId(),
    agent2: newId(),
    team: newId(),
    customer: newId(),
    customer2: newId(),
    identity: newId(),
    note: newId(),
    merge: newId(),
    ticket: newId(),
    message: newId(),
    attachment: newId(),
    canned: newId(),
    token: newId(),
    spareToken: newId(),
    holiday: newId(),
    sla: newId(),
  };
  const phone = `+8491${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const email = `khach-${mark.toLowerCase()}@example.vn`;
  const token = `tt_${newSecret()}`;
  const q = (text: string, params: unknown[]) => db.query(text, params);

  await q(`INSERT INTO workspaces (id, name, ticket_seq) VALUES ($1, $2, 1)`, [id.workspace, `Cửa hàng ${mark}`]);
  for (const [uid, role] of [
    [id.admin, 'admin'],
    [id.supervisor, 'supervisor'],
    [id.agent, 'agent'],
    [id.agent2, 'agent'],
  ] as const) {
    await q(`INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, 'not-a-hash', $5)`, [
      uid,
      id.workspace,
      `${role}-${uid}@${mark.toLowerCase()}.vn`,
      `${role} ${mark}`,
      role,
    ]);
  }
  await q(`INSERT INTO sessions (id, workspace_id, user_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [sha256(newSecret()), id.workspace, id.admin]);
  await q(`INSERT INTO api_tokens (id, workspace_id, name, token_hash, prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id.token,
    id.workspace,
    `token ${mark}`,
    sha256(token),
    token.slice(0, 10),
    id.admin,
  ]);
  const spare = `tt_${newSecret()}`;
  await q(`INSERT INTO api_tokens (id, workspace_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4, $5)`, [id.spareToken, id.workspace, `spare ${mark}`, sha256(spare), spare.slice(0, 10)]);
  await q(`INSERT INTO teams (id, workspace_id, name, description) VALUES ($1, $2, $3, $4)`, [id.team, id.workspace, `Đội ${mark}`, mark]);
  await q(`INSERT INTO team_members (workspace_id, team_id, user_id) VALUES ($1, $2, $3)`, [id.workspace, id.team, id.agent]);
  for (const cid of [id.customer, id.customer2]) {
    await q(`INSERT INTO customers (id, workspace_id, name, search_name, phone, email, tags) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      cid,
      id.workspace,
      `Nguyễn ${mark}`,
      `nguyen ${mark.toLowerCase()}`,
      cid === id.customer ? phone : null,
      cid === id.customer ? email : null,
      [mark],
    ]);
  }
  await q(`INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value) VALUES ($1, $2, $3, 'phone', $4)`, [id.identity, id.workspace, id.customer, phone]);
  await q(`INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value) VALUES ($1, $2, $3, 'email', $4)`, [newId(), id.workspace, id.customer, email]);
  await q(`INSERT INTO customer_notes (id, workspace_id, customer_id, author_id, body) VALUES ($1, $2, $3, $4, $5)`, [id.note, id.workspace, id.customer, id.agent, `ghi chú ${mark}`]);
  await q(`INSERT INTO customer_merges (id, workspace_id, source_id, target_id, moved) VALUES ($1, $2, $3, $4, '{}')`, [id.merge, id.workspace, id.customer2, id.customer]);
  await q(`UPDATE customers SET merged_into_id = $1 WHERE id = $2`, [id.customer, id.customer2]);
  await q(`INSERT INTO sla_policies (id, workspace_id, priority, first_response_minutes, resolution_minutes) VALUES ($1, $2, 'normal', 60, 600)`, [id.sla, id.workspace]);
  await q(`INSERT INTO holidays (id, workspace_id, day, name) VALUES ($1, $2, '2026-09-02', $3)`, [id.holiday, id.workspace, `Lễ ${mark}`]);
  await q(
    `INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, status, team_id, assignee_id, message_count)
     VALUES ($1, $2, 1, $3, $4, 'zalo', 'routed', $5, $6, 1)`,
    [id.ticket, id.workspace, `Đơn hàng ${mark}`, id.customer, id.team, id.agent],
  );
  await q(`INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, channel, external_id, body) VALUES ($1, $2, $3, $4, 'inbound', 'zalo', $5, $6)`, [
    id.message,
    id.workspace,
    id.ticket,
    id.customer,
    `ext-${mark}`,
    `tin nhắn ${mark}`,
  ]);
  await q(`INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, 'text/plain', 4, $5)`, [
    id.attachment,
    id.workspace,
    id.message,
    `hoa-don-${mark}.txt`,
    Buffer.from(mark.slice(0, 4)),
  ]);
  await q(`INSERT INTO canned_replies (id, workspace_id, shortcut, title, body) VALUES ($1, $2, $3, $4, $5)`, [id.canned, id.workspace, `/${mark}`, `Mẫu ${mark}`, `Chào {{name}} ${mark}`]);
  await q(`INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, data) VALUES ($1, 'ticket.created', 'ticket', $2, 'system', $3)`, [
    id.workspace,
    id.ticket,
    JSON.stringify({ mark }),
  ]);
  return { id, phone, email, token, mark };
}

export type World = Awaited<ReturnType<typeof seedWorldBySql>>;

/** A fresh session cookie for a user, written directly (no login, so no rate limit and no argon2). */
export async function sessionCookie(db: Db, workspaceId: string, userId: string): Promise<string> {
  const token = newSecret();
  await db.query(`INSERT INTO sessions (id, workspace_id, user_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`, [sha256(token), workspaceId, userId]);
  return `tt_session=${token}`;
}

/** Every base table that carries workspace_id — found from the catalog, so tables added later count too. */
export async function workspaceTables(db: Db): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Row count and md5 of every row of a workspace, per table: any insert, update or delete changes it. */
export async function workspaceChecksum(db: Db, workspaceId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const ws = await db.one<{ h: string }>(`SELECT md5(w::text) AS h FROM workspaces w WHERE id = $1`, [workspaceId]);
  out.workspaces = ws.h;
  for (const table of await workspaceTables(db)) {
    const r = await db.one<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM ${ident(table)} t WHERE workspace_id = $1`,
      [workspaceId],
    );
    out[table] = `${r.n}:${r.h}`;
  }
  return out;
}

/** Rows of workspace `wsId` whose text mentions any of `needles` (e.g. another workspace's ids). */
export async function rowsMentioning(db: Db, wsId: string, needles: string[]): Promise<{ table: string; row: string }[]> {
  const found: { table: string; row: string }[] = [];
  for (const table of await workspaceTables(db)) {
    const rows = await db.query<{ r: string }>(`SELECT t::text AS r FROM ${ident(table)} t WHERE workspace_id = $1`, [wsId]);
    for (const { r } of rows) if (needles.some((n) => r.includes(n))) found.push({ table, row: r.slice(0, 300) });
  }
  return found;
}
