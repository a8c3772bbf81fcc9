import type { AppContext } from '../../core/context.js';
import type { Reaction } from '../../core/events/reactions.js';
import { newId } from '../../core/lib/ids.js';
import type { Notification } from '../../../shared/notifications.js';
import { NOTIFYING_EVENTS, planNotifications, type PlannedNotification } from './rules.js';
import { emailWebhookPaused } from './webhook-paused.js';

/**
 * Records each planned notification once per (user, cause) and pushes the new ones to the user's open
 * sockets. The row is the idempotency guard (a reaction job may run twice); the push itself is
 * best-effort like every realtime push: a user with no socket open to this process learns of it
 * through the unread counts when they come back (pushes across processes: issue 15).
 */
export async function deliverNotifications(ctx: AppContext, planned: readonly PlannedNotification[]): Promise<Notification[]> {
  if (planned.length === 0) return [];
  const rows = planned.map((p) => ({
    p,
    id: newId(),
    data: {
      ticketNumber: p.ticketNumber,
      subject: p.subject,
      customerName: p.customerName,
      preview: p.preview,
      actorName: p.actorName,
      sla: p.sla ?? null,
      channels: p.channels,
    },
  }));
  // One statement for the lot (a new conversation tells every agent on duty): the rows that were new come back.
  const inserted = await ctx.db.query<{ id: string; created_at: Date }>(
    `INSERT INTO notifications (id, workspace_id, user_id, kind, dedupe_key, ticket_id, data)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::jsonb[])
     ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, created_at`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.p.workspaceId),
      rows.map((r) => r.p.userId),
      rows.map((r) => r.p.kind),
      rows.map((r) => r.p.dedupeKey),
      rows.map((r) => r.p.ticketId),
      rows.map((r) => JSON.stringify(r.data)),
    ],
  );
  const createdAt = new Map(inserted.map((r) => [String(r.id), r.created_at]));
  const sent: Notification[] = [];
  // In planned order, only those this run created (a repeated run pushes nothing twice).
  for (const r of rows) {
    const at = createdAt.get(r.id);
    if (!at) continue;
    const notification: Notification = { id: r.id, kind: r.p.kind, ticketId: r.p.ticketId, ...r.data, createdAt: new Date(at).toISOString() };
    ctx.realtime.sendToUser(r.p.workspaceId, r.p.userId, { type: 'notification', notification });
    sent.push(notification);
  }
  return sent;
}

/** Durable reaction: who is told about new conversations, customer messages, assignments, mentions, SLA alerts and paused webhooks. */
export const notifyReaction: Reaction = {
  name: 'notifications.notify',
  handles: NOTIFYING_EVENTS,
  // Several agents' toasts at once are cheap; keep up with a busy inbox.
  concurrency: 4,
  async run(ctx, events) {
    for (const workspaceId of new Set(events.map((e) => e.workspace_id))) {
      await deliverNotifications(ctx, await planNotifications(ctx.db, workspaceId, events));
    }
    // After the in-app notices (kept even if mailing fails and the reaction retries).
    for (const e of events) await emailWebhookPaused(ctx, e);
  },
};
