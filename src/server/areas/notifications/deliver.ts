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
  const sent: Notification[] = [];
  for (const p of planned) {
    const data = {
      ticketNumber: p.ticketNumber,
      subject: p.subject,
      customerName: p.customerName,
      preview: p.preview,
      actorName: p.actorName,
      sla: p.sla ?? null,
      channels: p.channels,
    };
    const row = await ctx.db.maybeOne<{ id: string; created_at: Date }>(
      `INSERT INTO notifications (id, workspace_id, user_id, kind, dedupe_key, ticket_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, created_at`,
      [newId(), p.workspaceId, p.userId, p.kind, p.dedupeKey, p.ticketId, JSON.stringify(data)],
    );
    if (!row) continue;
    const notification: Notification = {
      id: row.id,
      kind: p.kind,
      ticketId: p.ticketId,
      ...data,
      createdAt: new Date(row.created_at).toISOString(),
    };
    ctx.realtime.sendToUser(p.workspaceId, p.userId, { type: 'notification', notification });
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
