import { attachmentBytes, type StoredBytes } from '../storage/index.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Db, Tx } from '../db/types.js';
import { AppError, notFound } from '../errors.js';
import { appendEvent } from '../events/append.js';
// message.delivery_changed, merged into the EventCatalog.
import './events.js';
import { appendJob } from '../jobs/append.js';
import { defineJob } from '../jobs/define.js';
import type { Actor } from '../http/actor.js';
import { loadAccount } from './accounts.js';
import { deliveryFailureOf, PermanentDeliveryError } from './delivery-failure.js';
import type { DeliveryFailure } from '../../../shared/channels.js';
import type { OutboundRequest } from './types.js';

export type { DeliveryStatus } from './events.js';
import type { DeliveryStatus } from './events.js';
export const DELIVER_JOB = 'outbound.deliver';

/**
 * Marks an outbound message queued and enqueues its delivery in the same transaction: once the
 * reply is committed, its sending is too (a crash after our OK loses nothing).
 */
export async function queueDelivery(tx: Tx, m: { id: string; workspace_id: string; ticket_id: string }, actor: Actor | null) {
  await tx.query(
    `UPDATE messages SET delivery_status = 'queued', delivery_error = NULL, delivery_failure = NULL, delivery_updated_at = now() WHERE workspace_id = $1 AND id = $2`,
    [m.workspace_id, m.id],
  );
  appendJob(tx, DELIVER_JOB, { workspaceId: m.workspace_id, messageId: m.id });
  await appendEvent(tx, {
    workspaceId: m.workspace_id,
    type: 'message.delivery_changed',
    subjectType: 'message',
    subjectId: m.id,
    actor,
    data: { ticketId: m.ticket_id, status: 'queued' },
  });
}

/**
 * Sets a message's delivery status (sent → delivered → seen, a bounce → failed …). Never moves backwards
 * (a late 'sent' after 'delivered' is ignored) except failed → queued through a retry.
 * Returns false when nothing changed (unknown message or an older status): repeated reports change nothing.
 */
export async function setDeliveryStatus(
  sql: Db | Tx,
  where: { workspaceId: string; messageId: string },
  status: DeliveryStatus,
  extra: { error?: string | null; failure?: DeliveryFailure; externalId?: string; meta?: Record<string, unknown>; attempted?: boolean } = {},
): Promise<boolean> {
  const run = async (tx: Tx) => {
    const order = { queued: 0, sent: 1, delivered: 2, seen: 3, failed: 2 } as const;
    const m = await tx.maybeOne<{ id: string; ticket_id: string; delivery_status: DeliveryStatus | null }>(
      `SELECT id, ticket_id, delivery_status FROM messages WHERE workspace_id = $1 AND id = $2 AND direction = 'outbound' FOR UPDATE`,
      [where.workspaceId, where.messageId],
    );
    if (!m || !m.delivery_status) return false;
    const same = m.delivery_status === status;
    // A bounce may arrive after 'delivered' was assumed; failure always wins over sent/delivered.
    if (!same && status !== 'failed' && order[status] < order[m.delivery_status]) return false;
    if (same && status !== 'queued') return false;
    // A failure always carries a code: the agent is told why in their language, never the channel's raw words.
    const failure = status === 'failed' ? (extra.failure ?? 'unknown') : null;
    await tx.query(
      `UPDATE messages SET delivery_status = $3, delivery_error = $4, delivery_updated_at = now(),
         delivery_attempts = delivery_attempts + $5,
         external_id = coalesce(external_id, $6), meta = meta || $7::jsonb, delivery_failure = $8
       WHERE workspace_id = $1 AND id = $2`,
      [where.workspaceId, where.messageId, status, extra.error ?? null, extra.attempted ? 1 : 0, extra.externalId ?? null, JSON.stringify(extra.meta ?? {}), failure],
    );
    await appendEvent(tx, {
      workspaceId: where.workspaceId,
      type: 'message.delivery_changed',
      subjectType: 'message',
      subjectId: m.id,
      actor: { kind: 'system', workspaceId: where.workspaceId },
      data: { ticketId: m.ticket_id, status, error: extra.error ?? null, failure },
    });
    return true;
  };
  return 'tx' in sql ? sql.tx(run) : run(sql);
}

/**
 * The outbound message a channel's delivery report is about (a bounce, a receipt): ours with one of
 * these ids as its channel id (external_id, set when sent), else as one of its thread keys (an
 * email's Message-ID sent with it). Undefined when it is none of ours.
 */
export async function findSentMessage(sql: Db | Tx, where: { workspaceId: string; channel: string; ids: string[] }): Promise<string | undefined> {
  if (where.ids.length === 0) return undefined;
  const found = await sql.maybeOne<{ id: string }>(
    `SELECT id FROM (
       SELECT m.id, 0 AS rank FROM messages m
        WHERE m.workspace_id = $1 AND m.channel = $2 AND m.direction = 'outbound' AND m.external_id = ANY($3::text[])
       UNION ALL
       SELECT m.id, 1 AS rank FROM thread_keys k JOIN messages m ON m.id = k.message_id
        WHERE k.workspace_id = $1 AND k.channel = $2 AND k.key = ANY($3::text[]) AND m.direction = 'outbound'
     ) x ORDER BY rank LIMIT 1`,
    [where.workspaceId, where.channel, where.ids],
  );
  return found?.id;
}

/** An agent's manual retry of a failed delivery. */
export async function retryDelivery(db: Db, workspaceId: string, messageId: string, actor: Actor) {
  return db.tx(async (tx) => {
    const m = await tx.maybeOne<{ id: string; workspace_id: string; ticket_id: string; delivery_status: DeliveryStatus | null }>(
      `SELECT id, workspace_id, ticket_id, delivery_status FROM messages WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, messageId],
    );
    if (!m) throw notFound('Message', 'message.not_found');
    if (m.delivery_status !== 'failed') {
      throw new AppError(409, 'message.not_failed', 'Only a message whose delivery failed can be sent again');
    }
    await queueDelivery(tx, m, actor);
  });
}

/** A message to send, with what its request names of its ticket, customer and author. */
interface OutboundRow {
  id: string;
  ticket_id: string;
  customer_id: string;
  channel: string;
  body: string;
  content_type: 'text' | 'html';
  created_at: Date;
  meta: Record<string, unknown> | null;
  delivery_status: DeliveryStatus | null;
  channel_account_id: string | null;
  author_name: string | null;
  number: number;
  subject: string;
  ticket_account_id: string | null;
  customer_name: string;
}

/** Reads what the adapter needs to send a message. */
async function loadOutbound(ctx: AppContext, workspaceId: string, messageId: string) {
  const m = await ctx.db.maybeOne<OutboundRow>(
    `SELECT m.*, u.name AS author_name, t.number, t.subject, t.channel_account_id AS ticket_account_id, c.name AS customer_name
     FROM messages m JOIN tickets t ON t.id = m.ticket_id JOIN customers c ON c.id = m.customer_id
     LEFT JOIN users u ON u.id = m.author_user_id
     WHERE m.workspace_id = $1 AND m.id = $2`,
    [workspaceId, messageId],
  );
  if (!m) return undefined;
  const [attachments, identities, thread] = await Promise.all([
    ctx.db.query<{ filename: string; content_type: string } & StoredBytes>(
      'SELECT filename, content_type, data, stored_in, storage_key FROM attachments WHERE message_id = $1 ORDER BY created_at, id',
      [m.id],
    ),
    ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at', [workspaceId, m.customer_id]),
    ctx.db.query<{ id: string; direction: 'inbound' | 'outbound'; external_id: string | null; meta: Record<string, unknown> | null }>(
      `SELECT id, direction, external_id, meta FROM messages WHERE ticket_id = $1 AND direction <> 'note' AND created_at <= $2 AND id <> $3 ORDER BY created_at, id`,
      [m.ticket_id, m.created_at, m.id],
    ),
  ]);
  const accountId = m.channel_account_id ?? m.ticket_account_id;
  const account = accountId ? await loadAccount(ctx, workspaceId, accountId) : undefined;
  const req: OutboundRequest = {
    message: {
      id: m.id,
      body: m.body,
      contentType: m.content_type,
      createdAt: new Date(m.created_at),
      attachments: await Promise.all(attachments.map(async (a) => ({ filename: a.filename, contentType: a.content_type, data: await attachmentBytes(a) }))),
      meta: m.meta ?? {},
      authorName: m.author_name ?? null,
    },
    ticket: { id: m.ticket_id, number: m.number, subject: m.subject, workspaceId },
    customer: { id: m.customer_id, name: m.customer_name, identities },
    account,
    thread: thread.map((x) => ({ id: x.id, direction: x.direction, externalId: x.external_id, meta: x.meta ?? {} })),
  };
  return { row: m, req };
}

/** The job that sends one queued outbound message through its channel's adapter. */
export const deliverOutboundJob = defineJob({
  name: DELIVER_JOB,
  schema: z.object({ workspaceId: z.string().uuid(), messageId: z.string().uuid() }),
  retryLimit: 5,
  retryDelay: 15,
  retryBackoff: true,
  concurrency: 4,
  async handle(ctx, data) {
    const loaded = await loadOutbound(ctx, data.workspaceId, data.messageId);
    // Already sent (a job that ran twice) or deleted: nothing to do; sending twice is worse than not at all.
    if (!loaded || loaded.row.delivery_status !== 'queued') return;
    const adapter = ctx.channels.get(loaded.row.channel);
    if (!adapter?.send) throw new PermanentDeliveryError('channel_cannot_send', `channel ${loaded.row.channel} cannot send`);
    let result;
    try {
      result = await adapter.send(ctx, loaded.req);
    } catch (err) {
      // Keep the reason visible to the agent while retries continue.
      await ctx.db.query(
        `UPDATE messages SET delivery_error = $3, delivery_failure = $4, delivery_attempts = delivery_attempts + 1, delivery_updated_at = now()
         WHERE workspace_id = $1 AND id = $2 AND delivery_status = 'queued'`,
        [data.workspaceId, data.messageId, (err as Error).message, deliveryFailureOf(err)],
      );
      throw err;
    }
    await ctx.db.tx(async (tx) => {
      await setDeliveryStatus(tx, data, result.status ?? 'sent', { externalId: result.externalId, meta: result.meta, attempted: true });
      for (const key of result.threadKeys ?? []) {
        await tx.query(
          `INSERT INTO thread_keys (workspace_id, channel, key, ticket_id, message_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [data.workspaceId, loaded.row.channel, key, loaded.row.ticket_id, data.messageId],
        );
      }
    });
  },
  async onGaveUp(ctx, data, error) {
    await setDeliveryStatus(ctx.db, data, 'failed', { error: error.message, failure: deliveryFailureOf(error) });
  },
});
