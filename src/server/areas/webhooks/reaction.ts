import type { AppContext } from '../../core/context.js';
import type { StoredEvent } from '../../core/db/types.js';
import type { Reaction } from '../../core/events/reactions.js';
import type { EventType } from '../../core/events/types.js';
import { WEBHOOK_EVENT_GROUPS, webhookPatternsMatch, type WebhookEnvelope } from '../../../shared/webhooks.js';
import { kickWebhookDeliveries, queueWebhookCall } from './deliveries.js';

// Every subscribable type is a catalogued event type (a renamed event breaks the build here, not a subscription).
const SUBSCRIBABLE: readonly EventType[] = Object.values(WEBHOOK_EVENT_GROUPS).flat() satisfies readonly EventType[];

/** The documented JSON body of a subscription's delivery. */
export function envelopeOf(e: StoredEvent): WebhookEnvelope {
  return {
    id: String(e.id),
    type: e.type,
    createdAt: new Date(e.created_at).toISOString(),
    workspaceId: e.workspace_id,
    subject: { type: e.subject_type, id: e.subject_id },
    actor: { type: e.actor_type, id: e.actor_id },
    data: e.data,
  };
}

/**
 * Durable reaction: each subscribable event becomes one delivery per active subscription that covers it.
 * The delivery's key is (subscription, event), so a reaction job that runs twice queues nothing twice.
 */
export const webhookSubscriptionsReaction: Reaction = {
  name: 'webhooks.subscriptions',
  handles: SUBSCRIBABLE,
  concurrency: 2,
  // The hot path (every message, every ticket change): most workspaces subscribe to nothing, so one indexed
  // read in the writing transaction spares them the job. A workspace with an active subscription covering
  // one of the events still gets its job written with the change (never silently not sent).
  settingsCheck(events) {
    return {
      sql: `SELECT coalesce(json_agg(json_build_object('w', workspace_id, 't', event_types)), '[]'::json)
            FROM webhook_subscriptions WHERE workspace_id = ANY($1::uuid[]) AND status = 'active'`,
      decide: (value) => {
        const subs = value as { w: string; t: string[] }[];
        return events.some((e) => subs.some((s) => s.w === e.workspace_id && webhookPatternsMatch(s.t, e.type)));
      },
    };
  },
  async run(ctx: AppContext, events) {
    let queued = 0;
    for (const workspaceId of new Set(events.map((e) => e.workspace_id))) {
      const subs = await ctx.db.query<{ id: string; url: string; event_types: string[]; secret_sealed: string }>(
        `SELECT id, url, event_types, secret_sealed FROM webhook_subscriptions WHERE workspace_id = $1 AND status = 'active'`,
        [workspaceId],
      );
      if (subs.length === 0) continue;
      await ctx.db.tx(async (tx) => {
        for (const e of events) {
          if (e.workspace_id !== workspaceId) continue;
          for (const s of subs) {
            if (!webhookPatternsMatch(s.event_types, e.type)) continue;
            const q = await queueWebhookCall(ctx, tx, {
              workspaceId, url: s.url, secret: null, secretSealed: s.secret_sealed, body: envelopeOf(e), eventType: e.type,
              source: { kind: 'subscription', subscriptionId: s.id, eventId: String(e.id) }, idempotencyKey: `sub:${s.id}:event:${e.id}`,
            });
            if (q.created) queued++;
          }
        }
      });
    }
    if (queued) kickWebhookDeliveries(ctx);
  },
};
