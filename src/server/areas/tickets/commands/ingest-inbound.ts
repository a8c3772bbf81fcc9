import type { Db, Tx } from '../../../core/db/types.js';
import { cleanInboundHtml } from '../../../core/lib/inbound-html.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { resolveCustomers } from '../../customers/index.js';
import { addMessage, addMessages, type AddMessageInput } from './add-message.js';
import { insertTicket, insertTickets, openingCounters, type InsertTicketInput } from './create-ticket.js';
import { changeStatus } from './status.js';
import { messagePreview, reserveTicketNumbers, TICKET_COLUMNS, type TicketRow } from './ticket-store.js';

/** A resolved ticket that hears from its customer again within this window reopens. */
export const REOPEN_WINDOW_DAYS = 7;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type { InboundMessage } from '../../../core/channels/types.js';
import type { InboundMessage } from '../../../core/channels/types.js';

export interface IngestResult {
  messageId: string;
  ticketId: string;
  customerId: string;
  duplicate: boolean;
}

async function existing(sql: Tx | Db, workspaceId: string, channel: string, externalId: string): Promise<IngestResult | undefined> {
  const m = await sql.maybeOne<{ id: string; ticket_id: string; customer_id: string }>(
    'SELECT id, ticket_id, customer_id FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3',
    [workspaceId, channel, externalId],
  );
  return m && { messageId: m.id, ticketId: m.ticket_id, customerId: m.customer_id, duplicate: true };
}

/** How ingestInbound files a message. */
export interface IngestOptions {
  /**
   * - 'message' (default): a customer wrote. Finds or creates the customer, threads by the channel's
   *   hints else into their open ticket on the channel, reopens a ticket resolved within 7 days, or
   *   opens a new one.
   * - 'auto_reply': a machine answered one of our messages (an out-of-office). Recorded only in the
   *   still-open ticket its thread keys point at, as that ticket's customer, marked `meta.auto =
   *   'auto_reply'` so that nothing (automations, surveys, replies) ever answers it; it never creates a
   *   customer, reopens or opens a ticket. Undefined when there is no such ticket (the channel drops it).
   */
  mode?: 'message' | 'auto_reply';
}

/**
 * The one inbound door: files one message a channel received, as `opts.mode` says (IngestOptions).
 *
 * Idempotent on (workspace, channel, externalId): a per-key advisory lock serialises concurrent
 * deliveries of the same message, so the second one sees the first's committed row and answers
 * duplicate. The unique index messages_external_key is the last guard should anything slip past.
 */
export async function ingestInbound(db: Db, input: InboundMessage, actor: Actor, opts?: { mode?: 'message' }): Promise<IngestResult>;
export async function ingestInbound(db: Db, input: InboundMessage, actor: Actor, opts: IngestOptions): Promise<IngestResult | undefined>;
export async function ingestInbound(db: Db, input: InboundMessage, actor: Actor, opts: IngestOptions = {}): Promise<IngestResult | undefined> {
  const ws = actor.workspaceId;
  try {
    return await db.tx((tx) => fileInbound(db, tx, input, actor, opts));
  } catch (err) {
    if (isUniqueViolation(err, 'messages_external_key')) {
      const dup = await existing(db, ws, input.channel, input.externalId);
      if (dup) return dup;
    }
    throw err;
  }
}

/**
 * ingestInbound's work inside a transaction the caller owns (ingestInbound's own, or the group-commit
 * writer's shared one, which files many deliveries in one transaction). Idempotent on (workspace,
 * channel, externalId) within and across transactions: the per-key advisory lock is re-entrant in one
 * session, so a second delivery in the same transaction sees the first's row and answers duplicate.
 */
export async function fileInbound(db: Db, tx: Tx, input: InboundMessage, actor: Actor, opts: IngestOptions = {}): Promise<IngestResult | undefined> {
  if (opts.mode !== 'auto_reply') return (await fileInboundMany(db, tx, [{ input, actor }]))[0];
  const ws = actor.workspaceId;
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [inboundLockKey(ws, input)]);
  const dup = await existing(tx, ws, input.channel, input.externalId);
  if (dup) return dup;
  return fileAutoReply(tx, ws, input, sentAtOf(input), actor);
}

/** One delivery for fileInboundMany: the message and who delivered it (its workspace). */
export interface InboundDelivery {
  input: InboundMessage;
  actor: Actor;
}

const inboundLockKey = (ws: string, input: InboundMessage) => `inbound:${ws}:${input.channel}:${input.externalId}`;

// A channel clock running ahead must not pin a conversation to the top of the inbox.
function sentAtOf(input: InboundMessage): Date {
  const now = new Date();
  return input.sentAt && input.sentAt.getTime() < now.getTime() + MAX_CLOCK_SKEW_MS ? input.sentAt : now;
}

/** Takes these advisory locks in one statement, in sorted order (so every transaction locks in one global order). */
async function lockAll(tx: Tx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query('SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s', [[...new Set(keys)]]);
}

/**
 * Files customer messages ('message' mode) in one transaction, in order, with the work they share done
 * once for all of them: every delivery's idempotency lock taken and its stored row looked up in one
 * statement each, the customers resolved together (resolveCustomers), the conversation locks taken in
 * one statement; then each message is threaded and filed as alone. A delivery repeated within the list
 * answers as its first occurrence, duplicate. Results come in the list's order. One logic for one
 * message (fileInbound) and for a group (the group-commit writer).
 */
export async function fileInboundMany(db: Db, tx: Tx, list: InboundDelivery[]): Promise<IngestResult[]> {
  const keys = list.map((d) => inboundLockKey(d.actor.workspaceId, d.input));
  await lockAll(tx, keys);
  const stored = await existingMany(tx, list);
  const results: (IngestResult | undefined)[] = list.map((_, k) => stored.get(keys[k]));
  const firstAt = new Map<string, number>();
  const todo: number[] = [];
  list.forEach((_, k) => {
    if (results[k] || firstAt.has(keys[k])) return;
    firstAt.set(keys[k], k);
    todo.push(k);
  });

  const customers = await resolveCustomers(
    tx,
    todo.map((k) => {
      const { input, actor } = list[k];
      return { workspaceId: actor.workspaceId, identities: [{ kind: input.from.kind, value: input.from.value }, ...(input.extraIdentities ?? [])], name: input.from.name, actor };
    }),
  );
  // One conversation per customer and channel at a time: two different messages arriving together
  // from a new customer must land in one ticket, not two.
  await lockAll(tx, todo.map((k, j) => `ticket-thread:${customers[j].customer.id}:${list[k].input.channel}`));
  // Each customer's conversation on the channel: looked up for all plain deliveries at once, then a
  // second delivery of the same conversation goes where the first went.
  const conversation = (j: number) => `${list[todo[j]].actor.workspaceId}|${customers[j].customer.id}|${list[todo[j]].input.channel}`;
  // (Only when no delivery brings threading hints: one that does may reopen or open a conversation another's lookup would have seen.)
  const plain = todo.every((k) => !list[k].input.threading);
  const current = await currentTickets(
    tx,
    todo.flatMap((k, j) => (!plain ? [] : [{ workspaceId: list[k].actor.workspaceId, customerId: customers[j].customer.id, channel: list[k].input.channel, key: conversation(j) }])),
  );
  const sentAts = todo.map((k) => sentAtOf(list[k].input));
  // The conversations found without a ticket open one each: their numbers taken in one statement per workspace.
  const numbersNeeded = new Map<string, number>();
  for (const [key, t] of current) if (t === null) numbersNeeded.set(key.split('|')[0], (numbersNeeded.get(key.split('|')[0]) ?? 0) + 1);
  for (const [ws, count] of numbersNeeded) await reserveTicketNumbers(db, tx, ws, count);
  const chosen = new Map<string, TicketRow>();
  // Plain deliveries of a conversation with no ticket: its first one opens it, all opened in one insert.
  const opening: { key: string; workspaceId: string; input: InsertTicketInput; actor: Actor }[] = [];
  const picked: (TicketRow | string)[] = [];
  for (const [j, k] of todo.entries()) {
    const { input, actor } = list[k];
    const customerId = customers[j].customer.id;
    const key = conversation(j);
    if (plain && current.get(key) === null) {
      if (!opening.some((o) => o.key === key)) opening.push({ key, workspaceId: actor.workspaceId, input: newTicketInput(customerId, input, sentAts[j]), actor });
      picked.push(key);
      continue;
    }
    const ticket = (plain && chosen.get(key)) || (await findOrOpenTicket(db, tx, actor.workspaceId, customerId, input, sentAts[j], actor, plain ? current.get(key) : undefined));
    if (plain) chosen.set(key, ticket);
    picked.push(ticket);
  }
  // Each body cleaned once (HTML goes through the sanitiser): for the opening counters and for the rows.
  const bodies = todo.map((k) => inboundBody(list[k].input));
  // A new conversation's ticket is inserted already counting the messages it opens with (written once).
  const openingMessages = new Map<string, Parameters<typeof openingCounters>[1]>();
  todo.forEach((k, j) => {
    const p = picked[j];
    if (typeof p !== 'string') return;
    const own = openingMessages.get(p) ?? [];
    own.push({ sentAt: sentAts[j], preview: messagePreview(bodies[j], list[k].input.contentType), isPublic: true, inbound: true });
    openingMessages.set(p, own);
  });
  for (const o of opening) o.input.openedWith = openingCounters(o.input.firstMessageAt ?? new Date(), openingMessages.get(o.key) ?? []);
  const opened = await insertTickets(db, tx, opening);
  opening.forEach((o, i) => chosen.set(o.key, opened[i]));
  const filing = todo.map((k, j) => {
    const p = picked[j];
    const ticket = typeof p === 'string' ? chosen.get(p)! : p;
    return { ticket, message: inboundMessage(ticket, list[k].input, sentAts[j], customers[j].customer.id, list[k].actor, list[k].input.meta, bodies[j]), counted: typeof p === 'string' };
  });
  const filed = await addMessages(tx, filing);
  todo.forEach((k, j) => {
    results[k] = { messageId: filed[j].message.id, ticketId: filed[j].ticket.id, customerId: customers[j].customer.id, duplicate: false };
  });
  return results.map((r, k) => r ?? { ...results[firstAt.get(keys[k])!]!, duplicate: true });
}

// Their open conversation on the channel (latest activity first), else one resolved within the
// window (latest resolved first). Locked: a reopen or a new message changes it.
const CURRENT_TICKET = `SELECT ${TICKET_COLUMNS} FROM tickets
     WHERE workspace_id = q.ws AND customer_id = q.customer_id AND channel = q.channel AND merged_into_id IS NULL
       AND (status NOT IN ('resolved', 'closed') OR (status = 'resolved' AND resolved_at > now() - make_interval(days => ${REOPEN_WINDOW_DAYS})))
     ORDER BY (status NOT IN ('resolved', 'closed')) DESC,
       CASE WHEN status NOT IN ('resolved', 'closed') THEN last_message_at ELSE resolved_at END DESC
     LIMIT 1 FOR UPDATE`;

/** CURRENT_TICKET for several conversations in one statement, by their key; null where there is none. */
async function currentTickets(tx: Tx, list: { workspaceId: string; customerId: string; channel: string; key: string }[]): Promise<Map<string, TicketRow | null>> {
  const unique = [...new Map(list.map((c) => [c.key, c])).values()];
  const found = new Map<string, TicketRow | null>(unique.map((c) => [c.key, null]));
  if (unique.length === 0) return found;
  const rows = await tx.query<TicketRow & { q_key: string }>(
    `SELECT q.key AS q_key, t.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS q(ws, customer_id, channel, key)
     CROSS JOIN LATERAL (${CURRENT_TICKET}) t`,
    [unique.map((c) => c.workspaceId), unique.map((c) => c.customerId), unique.map((c) => c.channel), unique.map((c) => c.key)],
  );
  for (const { q_key, ...t } of rows) found.set(q_key, t as TicketRow);
  return found;
}

/** The stored messages of these deliveries, by their lock key (one statement). */
async function existingMany(tx: Tx, list: InboundDelivery[]): Promise<Map<string, IngestResult>> {
  const rows = await tx.query<{ id: string; ticket_id: string; customer_id: string; workspace_id: string; channel: string; external_id: string }>(
    `SELECT m.id, m.ticket_id, m.customer_id, m.workspace_id, m.channel, m.external_id FROM messages m
     JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS q(ws, channel, external_id)
       ON m.workspace_id = q.ws AND m.channel = q.channel AND m.external_id = q.external_id`,
    [list.map((d) => d.actor.workspaceId), list.map((d) => d.input.channel), list.map((d) => d.input.externalId)],
  );
  return new Map(
    rows.map((m) => [
      `inbound:${m.workspace_id}:${m.channel}:${m.external_id}`,
      { messageId: m.id, ticketId: m.ticket_id, customerId: m.customer_id, duplicate: true },
    ]),
  );
}

/** A customer's HTML is cleaned here, for every channel: no scripts, no remote images until an agent asks. */
const inboundBody = (input: InboundMessage) => (input.contentType === 'html' ? (cleanInboundHtml(input.body) ?? '') : input.body);

/** The inbound message as addMessage takes it. */
function inboundMessage(ticket: TicketRow, input: InboundMessage, sentAt: Date, customerId: string, actor: Actor, meta = input.meta, body = inboundBody(input)): AddMessageInput {
  return {
    direction: 'inbound',
    authorUserId: null,
    channel: input.channel,
    externalId: input.externalId,
    body,
    contentType: input.contentType,
    attachments: input.attachments,
    sentAt,
    customerId,
    actor,
    channelAccountId: input.channelAccountId ?? ticket.channel_account_id ?? null,
    meta,
    threadKeys: input.threadKeys,
  };
}

/** IngestOptions 'auto_reply': only into the open ticket its thread keys name (a ticket number alone never leads a machine's mail anywhere). */
async function fileAutoReply(tx: Tx, ws: string, input: InboundMessage, sentAt: Date, actor: Actor): Promise<IngestResult | undefined> {
  const ticket = await threadedTicket(tx, ws, undefined, input);
  if (!ticket || ticket.merged_into_id || ticket.status === 'resolved' || ticket.status === 'closed') return undefined;
  const { message } = await addMessage(tx, ticket, inboundMessage(ticket, input, sentAt, ticket.customer_id, actor, { ...input.meta, auto: 'auto_reply' }));
  return { messageId: message.id, ticketId: ticket.id, customerId: ticket.customer_id, duplicate: false };
}

/**
 * The ticket a customer's message goes to. `current` is CURRENT_TICKET's answer when the caller looked it
 * up already (null: none), undefined to look it up here.
 */
async function findOrOpenTicket(
  db: Db, tx: Tx, ws: string, customerId: string, input: InboundMessage, sentAt: Date, actor: Actor, prefetched?: TicketRow | null,
): Promise<TicketRow> {
  const hinted = await threadedTicket(tx, ws, customerId, input);
  if (hinted) {
    if (hinted.status !== 'resolved' && hinted.status !== 'closed') return hinted;
    // A reply to a finished conversation reopens it within the window, else starts a new one.
    if (hinted.status === 'resolved' && hinted.resolved_at && Date.now() - new Date(hinted.resolved_at).getTime() < REOPEN_WINDOW_DAYS * 86_400_000) {
      return changeStatus(tx, hinted, 'received', actor, 'customer_wrote_again');
    }
  } else if (input.threading?.newConversation) {
    return openTicket(db, tx, ws, customerId, input, sentAt, actor);
  }
  const current =
    prefetched !== undefined ? prefetched : (await currentTickets(tx, [{ workspaceId: ws, customerId, channel: input.channel, key: 'one' }])).get('one');
  if (current && current.status !== 'resolved') return current;
  if (current) return changeStatus(tx, current, 'received', actor, 'customer_wrote_again');
  return openTicket(db, tx, ws, customerId, input, sentAt, actor);
}

/**
 * The ticket the channel's threading hints point at: by thread key (any customer — a colleague may
 * answer in the thread; a merged ticket leads to its survivor), else by ticket number when the ticket
 * is this customer's (a number alone is guessable, so it never joins a stranger's conversation; no
 * customer given: never).
 */
async function threadedTicket(tx: Tx, ws: string, customerId: string | undefined, input: InboundMessage): Promise<TicketRow | undefined> {
  const h = input.threading;
  if (!h) return undefined;
  let t: TicketRow | undefined;
  if (h.keys && h.keys.length > 0) {
    t = await tx.maybeOne<TicketRow>(
      `SELECT t.* FROM thread_keys k JOIN tickets t ON t.id = k.ticket_id
       WHERE k.workspace_id = $1 AND k.channel = $2 AND k.key = ANY($3::text[])
       ORDER BY k.created_at DESC LIMIT 1 FOR UPDATE OF t`,
      [ws, input.channel, h.keys],
    );
  }
  if (!t && h.ticketNumber && customerId) {
    t = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND number = $2 AND customer_id = $3 FOR UPDATE`, [ws, h.ticketNumber, customerId]);
  }
  for (let hops = 0; t?.merged_into_id && hops < 5; hops++) {
    t = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, t.merged_into_id]);
  }
  return t;
}

/** A live ticket that owns some of a message's thread keys (ticketsOwningKeys). */
export interface KeyedTicket {
  id: string;
  number: number;
  customerId: string;
  status: TicketRow['status'];
  createdAt: Date;
}

/**
 * The live tickets owning any of these thread keys (a merged ticket counts as its survivor): more than
 * one means the keys link conversations that were filed apart (a reply that arrived before its parent,
 * siblings that met only through an ancestor we never received). The channel decides whether to join them.
 */
export async function ticketsOwningKeys(sql: Db | Tx, ws: string, channel: string, keys: string[]): Promise<KeyedTicket[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<{ id: string; number: number; customer_id: string; status: TicketRow['status']; created_at: Date }>(
    `WITH RECURSIVE owner AS (
       SELECT t.id, t.merged_into_id, 0 AS hops FROM thread_keys k JOIN tickets t ON t.id = k.ticket_id
        WHERE k.workspace_id = $1 AND k.channel = $2 AND k.key = ANY($3::text[])
       UNION
       SELECT t.id, t.merged_into_id, o.hops + 1 FROM owner o JOIN tickets t ON t.workspace_id = $1 AND t.id = o.merged_into_id WHERE o.hops < 5
     )
     SELECT DISTINCT t.id, t.number, t.customer_id, t.status, t.created_at FROM owner o JOIN tickets t ON t.id = o.id
      WHERE t.merged_into_id IS NULL ORDER BY t.created_at, t.id`,
    [ws, channel, keys],
  );
  return rows.map((r) => ({ id: r.id, number: r.number, customerId: r.customer_id, status: r.status, createdAt: new Date(r.created_at) }));
}

function newTicketInput(customerId: string, input: InboundMessage, sentAt: Date): InsertTicketInput {
  const subject = input.subject?.trim() || messagePreview(input.body, input.contentType).slice(0, 120) || `(${input.channel})`;
  return { customerId, subject, channel: input.channel, firstMessageAt: sentAt, channelAccountId: input.channelAccountId };
}

async function openTicket(db: Db, tx: Tx, ws: string, customerId: string, input: InboundMessage, sentAt: Date, actor: Actor): Promise<TicketRow> {
  return insertTicket(db, tx, ws, newTicketInput(customerId, input, sentAt), actor);
}
