import type { Sql } from '../../../core/db/types.js';
import { decodeCursor, encodeCursor } from '../../customers/index.js';
import type { Call } from '../../../../shared/calls.js';
import type { CallRow } from '../call-text.js';

export interface CallFilter {
  customerId?: string;
  agentId?: string;
  direction?: 'inbound' | 'outbound';
  status?: 'ringing' | 'answered' | 'ended' | 'missed';
  since?: string;
  until?: string;
  cursor?: string;
  limit?: number;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** A calls row joined with its customer's and agent's names and its ticket's number. */
type ListedCallRow = CallRow & { customer_name: string | null; agent_name: string | null; ticket_number: number | null };

/** A calls row joined with its customer, agent and ticket → API shape. */
export function presentCall(r: ListedCallRow): Call {
  return {
    id: r.id,
    callId: r.external_id,
    channelAccountId: r.account_id ?? null,
    direction: r.direction,
    status: r.status,
    from: r.from_number ?? null,
    to: r.to_number ?? null,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? '' } : null,
    agent: r.agent_user_id ? { id: r.agent_user_id, name: r.agent_name ?? '' } : null,
    startedAt: iso(r.started_at)!,
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    waitSeconds: r.wait_seconds ?? null,
    talkSeconds: r.talk_seconds ?? null,
    wrapUpSeconds: r.wrap_up_seconds ?? null,
    missed: r.missed,
    abandoned: r.abandoned,
    recordingUrl: r.recording_url ?? null,
    ticketId: r.ticket_id ?? null,
    ticketNumber: r.ticket_number ?? null,
    messageId: r.message_id ?? null,
    loggedByHand: r.logged_by_hand,
    note: r.note ?? null,
  };
}

/**
 * A workspace's calls, newest first, filtered (customer, agent, direction, status, time range), with a
 * keyset cursor on (started_at, id): reads calls_ws_started_idx / calls_customer_idx.
 */
export async function listCalls(sql: Sql, workspaceId: string, f: CallFilter) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const where = ['c.workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  };
  // A customer's calls include those of profiles merged into them (calls keep the customer they were filed under).
  if (f.customerId) {
    params.push(f.customerId);
    const n = `$${params.length}`;
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE workspace_id = $1 AND (id = ${n} OR merged_into_id = ${n}))`);
  }
  if (f.agentId) add('c.agent_user_id = ?', f.agentId);
  if (f.direction) add('c.direction = ?', f.direction);
  if (f.status) add('c.status = ?', f.status);
  if (f.since) add('c.started_at >= ?', new Date(f.since));
  if (f.until) add('c.started_at < ?', new Date(f.until));
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    params.push(at, id);
    where.push(`(c.started_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const rows = await sql.query<ListedCallRow & { cursor_at: string }>(
    `SELECT c.*, c.started_at::text AS cursor_at, cu.name AS customer_name, u.name AS agent_name, t.number AS ticket_number
     FROM calls c
     LEFT JOIN customers cu ON cu.id = c.customer_id
     LEFT JOIN users u ON u.id = c.agent_user_id
     LEFT JOIN tickets t ON t.id = c.ticket_id
     WHERE ${where.join(' AND ')}
     ORDER BY c.started_at DESC, c.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { calls: page.map(presentCall), nextCursor: more && last ? encodeCursor(last.cursor_at, last.id) : null };
}

/** One call of the workspace (after logging it). */
export async function getCall(sql: Sql, workspaceId: string, id: string): Promise<Call | undefined> {
  const r = await sql.maybeOne<ListedCallRow>(
    `SELECT c.*, cu.name AS customer_name, u.name AS agent_name, t.number AS ticket_number
     FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN users u ON u.id = c.agent_user_id LEFT JOIN tickets t ON t.id = c.ticket_id
     WHERE c.workspace_id = $1 AND c.id = $2`,
    [workspaceId, id],
  );
  return r && presentCall(r);
}
