import type { AppContext } from '../../core/context.js';
import type { Reaction } from '../../core/events/reactions.js';
import { newId } from '../../core/lib/ids.js';
import type { Notification } from '../../../shared/notifications.js';
import { NOTIFYING_EVENTS, planNotifications, type PlannedNotification } from './rules.js';
import { emailWebhookPaused } from './webhook-paused.js';

interface Recipient {
  p: PlannedNotification;
  /** The notification's id (what the push carries), fresh for this run: an appended recipient is found by it. */
  id: string;
}

interface CauseRow {
  workspaceId: string;
  dedupeKey: string;
  ticketId: string | null;
  /** What every recipient of the cause is shown alike. */
  data: Pick<Notification, 'ticketNumber' | 'subject' | 'customerName' | 'sla'>;
  recipients: Recipient[];
}

const recipientJson = (r: Recipient) => ({ id: r.id, userId: r.p.userId, kind: r.p.kind, preview: r.p.preview, actorName: r.p.actorName, channels: r.p.channels });

/** A cause's key: its workspace and dedupe key. */
const causeKey = (workspaceId: string, dedupeKey: string) => `${workspaceId}|${dedupeKey}`;

/** The planned notifications by cause (workspace and dedupe key), in planned order; a user once per cause. */
function byCause(planned: readonly PlannedNotification[]): CauseRow[] {
  const causes = new Map<string, CauseRow>();
  for (const p of planned) {
    const key = causeKey(p.workspaceId, p.dedupeKey);
    let c = causes.get(key);
    if (!c) {
      c = {
        workspaceId: p.workspaceId,
        dedupeKey: p.dedupeKey,
        ticketId: p.ticketId,
        data: { ticketNumber: p.ticketNumber, subject: p.subject, customerName: p.customerName, sla: p.sla ?? null },
        recipients: [],
      };
      causes.set(key, c);
    }
    if (!c.recipients.some((r) => r.p.userId === p.userId)) c.recipients.push({ p, id: newId() });
  }
  return [...causes.values()];
}

/**
 * Records each planned notification once per (user, cause) and pushes the new ones to the user's open
 * sockets. A cause is one row (notification_causes, migration 111) listing who was told: the row is the
 * idempotency guard (a reaction job may run twice; the SLA sweep plans the same causes every 5 minutes),
 * so a cause already recorded only adds the users it lacked (an SLA warning whose ticket got an assignee
 * since). The push itself is best-effort like every realtime push: a user with no socket open learns of
 * it through the unread counts when they come back.
 */
export async function deliverNotifications(ctx: AppContext, planned: readonly PlannedNotification[]): Promise<Notification[]> {
  if (planned.length === 0) return [];
  const causes = byCause(planned);
  // One statement for the lot (a new conversation tells every agent on duty in one row): the new causes come back.
  const inserted = await ctx.db.query<{ workspace_id: string; dedupe_key: string; created_at: Date }>(
    `INSERT INTO notification_causes (workspace_id, dedupe_key, ticket_id, data, sent)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[], $5::jsonb[])
     ON CONFLICT (workspace_id, dedupe_key) DO NOTHING RETURNING workspace_id, dedupe_key, created_at`,
    [
      causes.map((c) => c.workspaceId),
      causes.map((c) => c.dedupeKey),
      causes.map((c) => c.ticketId),
      causes.map((c) => JSON.stringify(c.data)),
      causes.map((c) => JSON.stringify(c.recipients.map(recipientJson))),
    ],
  );
  const createdAt = new Map(inserted.map((r) => [causeKey(String(r.workspace_id), r.dedupe_key), r.created_at]));
  // When each recipient was recorded now, by its fresh id.
  const sentAt = new Map<string, Date>();
  for (const c of causes) {
    const at = createdAt.get(causeKey(c.workspaceId, c.dedupeKey));
    if (at) for (const r of c.recipients) sentAt.set(r.id, at);
  }
  const seen = causes.filter((c) => !createdAt.has(causeKey(c.workspaceId, c.dedupeKey)));
  if (seen.length > 0) {
    // Causes recorded before: append the recipients they do not list yet, in one statement (the row lock
    // orders two runs of one cause; the second re-reads the list the first wrote). Our fresh ids in the
    // list that comes back are the ones appended now.
    const appended = await ctx.db.query<{ sent: { id: string }[]; at: Date }>(
      `UPDATE notification_causes c
       SET sent = c.sent || (SELECT jsonb_agg(r) FROM jsonb_array_elements(q.sent) r
                             WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.sent) o WHERE o->>'userId' = r->>'userId'))
       FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS q(ws, key, sent)
       WHERE c.workspace_id = q.ws AND c.dedupe_key = q.key
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(q.sent) r
                     WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.sent) o WHERE o->>'userId' = r->>'userId'))
       RETURNING c.sent, now() AS at`,
      [seen.map((c) => c.workspaceId), seen.map((c) => c.dedupeKey), seen.map((c) => JSON.stringify(c.recipients.map(recipientJson)))],
    );
    for (const row of appended) for (const s of row.sent) sentAt.set(s.id, row.at);
  }
  const sent: Notification[] = [];
  // In planned order, only those this run recorded (a repeated run pushes nothing twice).
  for (const c of causes) {
    for (const r of c.recipients) {
      const at = sentAt.get(r.id);
      if (!at) continue;
      const notification: Notification = {
        id: r.id,
        kind: r.p.kind,
        ticketId: c.ticketId,
        ...c.data,
        preview: r.p.preview,
        actorName: r.p.actorName,
        channels: r.p.channels,
        createdAt: new Date(at).toISOString(),
      };
      ctx.realtime.sendToUser(c.workspaceId, r.p.userId, { type: 'notification', notification });
      sent.push(notification);
    }
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
