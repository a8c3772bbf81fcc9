import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { AppError, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { newId } from '../../../core/lib/ids.js';
import type { WebhookSubscriptionInput } from '../../../../shared/webhooks.js';
import { openSecret, queueWebhookCall, sealSecret, kickWebhookDeliveries } from '../deliveries.js';
import { newWebhookSecret } from '../sign.js';
import { assertCallableUrl } from '../url-guard.js';
import type { SubscriptionDbRow } from '../presenters.js';

type Row = SubscriptionDbRow & { workspace_id: string; secret_sealed: string };

async function lockSubscription(tx: Tx, workspaceId: string, id: string): Promise<Row> {
  const row = await tx.maybeOne<Row>(`SELECT * FROM webhook_subscriptions WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, id]);
  if (!row) throw notFound('Webhook subscription', 'webhooks.not_found');
  return row;
}

const uniq = (a: readonly string[]) => [...new Set(a)];

/** Subscribes a URL to event types with a new signing secret; returns the row and the secret (shown to the admin now). */
export async function createSubscription(ctx: AppContext, actor: AuthedActor, input: WebhookSubscriptionInput): Promise<{ row: Row; secret: string }> {
  await assertCallableUrl(input.url, ctx.env.ALLOW_PRIVATE_WEBHOOK_URLS);
  const secret = newWebhookSecret();
  const row = await ctx.db.tx(async (tx) => {
    const r = await tx.one<Row>(
      `INSERT INTO webhook_subscriptions (id, workspace_id, name, url, event_types, secret_sealed, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [newId(), actor.workspaceId, input.name, input.url, uniq(input.eventTypes), sealSecret(ctx.secrets, secret), actor.kind === 'user' ? actor.id : null],
    );
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.subscription_created', subjectType: 'webhook_subscription', subjectId: r.id, actor, data: { name: r.name, url: r.url, eventTypes: r.event_types } });
    return r;
  });
  return { row, secret };
}

/** Changes a subscription's name, URL or event types (the secret stays). */
export async function updateSubscription(ctx: AppContext, actor: AuthedActor, id: string, input: WebhookSubscriptionInput): Promise<Row> {
  await assertCallableUrl(input.url, ctx.env.ALLOW_PRIVATE_WEBHOOK_URLS);
  return ctx.db.tx(async (tx) => {
    const cur = await lockSubscription(tx, actor.workspaceId, id);
    const next = { name: input.name, url: input.url, eventTypes: uniq(input.eventTypes) };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (cur.name !== next.name) changes.name = { from: cur.name, to: next.name };
    if (cur.url !== next.url) changes.url = { from: cur.url, to: next.url };
    if (JSON.stringify(cur.event_types) !== JSON.stringify(next.eventTypes)) changes.eventTypes = { from: cur.event_types, to: next.eventTypes };
    if (Object.keys(changes).length === 0) return cur;
    const r = await tx.one<Row>(`UPDATE webhook_subscriptions SET name = $3, url = $4, event_types = $5, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`, [actor.workspaceId, id, next.name, next.url, next.eventTypes]);
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.subscription_updated', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: r.name, changes } });
    return r;
  });
}

/** Removes a subscription and its delivery log. */
export async function deleteSubscription(ctx: AppContext, actor: AuthedActor, id: string): Promise<void> {
  await ctx.db.tx(async (tx) => {
    const cur = await lockSubscription(tx, actor.workspaceId, id);
    await tx.query(`DELETE FROM webhook_subscriptions WHERE workspace_id = $1 AND id = $2`, [actor.workspaceId, id]);
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.subscription_deleted', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: cur.name, url: cur.url } });
  });
}

/** A new signing secret; the old one stops signing at once. Returns the new secret. */
export async function rotateSecret(ctx: AppContext, actor: AuthedActor, id: string): Promise<{ row: Row; secret: string }> {
  const secret = newWebhookSecret();
  const row = await ctx.db.tx(async (tx) => {
    const cur = await lockSubscription(tx, actor.workspaceId, id);
    const r = await tx.one<Row>(`UPDATE webhook_subscriptions SET secret_sealed = $3, secret_rotated_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`, [actor.workspaceId, id, sealSecret(ctx.secrets, secret)]);
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.secret_rotated', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: cur.name } });
    return r;
  });
  return { row, secret };
}

/** The signing secret in clear, for an admin (recorded in the audit log). */
export async function revealSecret(ctx: AppContext, actor: AuthedActor, id: string): Promise<string> {
  return ctx.db.tx(async (tx) => {
    const cur = await lockSubscription(tx, actor.workspaceId, id);
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.secret_revealed', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: cur.name } });
    return openSecret(ctx.secrets, cur.secret_sealed);
  });
}

/** Pauses (no new deliveries) or resumes a subscription; resuming clears the failure count. */
export async function setSubscriptionPaused(ctx: AppContext, actor: AuthedActor, id: string, paused: boolean): Promise<Row> {
  return ctx.db.tx(async (tx) => {
    const cur = await lockSubscription(tx, actor.workspaceId, id);
    if ((cur.status === 'paused') === paused) return cur;
    const r = paused
      ? await tx.one<Row>(`UPDATE webhook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = 'manual', updated_at = now() WHERE id = $1 RETURNING *`, [id])
      : await tx.one<Row>(`UPDATE webhook_subscriptions SET status = 'active', paused_at = NULL, pause_reason = NULL, consecutive_failures = 0, updated_at = now() WHERE id = $1 RETURNING *`, [id]);
    if (paused) {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.subscription_paused', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: cur.name, reason: 'manual', consecutiveFailures: cur.consecutive_failures } });
    } else {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.subscription_resumed', subjectType: 'webhook_subscription', subjectId: id, actor, data: { name: cur.name } });
    }
    return r;
  });
}

/**
 * Sends a delivery again by hand: a new delivery (its own id and attempts) with the same body, to the
 * subscription's current URL and secret (a workflow call: its own). Returns the new delivery's id.
 */
export async function resendDelivery(ctx: AppContext, actor: AuthedActor, deliveryId: string): Promise<string> {
  const id = await ctx.db.tx(async (tx) => {
    const d = await tx.maybeOne<{ id: string; subscription_id: string | null; source_kind: 'subscription' | 'workflow'; workflow_id: string | null; run_id: string | null; event_id: string | null; event_type: string; url: string; secret_sealed: string | null; headers: Record<string, string>; body: string; status: string }>(
      `SELECT * FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2`,
      [actor.workspaceId, deliveryId],
    );
    if (!d) throw notFound('Webhook delivery', 'webhooks.delivery_not_found');
    if (d.status === 'pending') throw new AppError(409, 'webhooks.delivery_pending', 'This delivery is still being attempted');
    let url = d.url;
    let secretSealed = d.secret_sealed;
    if (d.subscription_id) {
      const s = await lockSubscription(tx, actor.workspaceId, d.subscription_id);
      url = s.url;
      secretSealed = s.secret_sealed;
    }
    const source = d.source_kind === 'subscription' ? { kind: 'subscription' as const, subscriptionId: d.subscription_id!, eventId: String(d.event_id) } : { kind: 'workflow' as const, workflowId: d.workflow_id!, runId: d.run_id! };
    const q = await queueWebhookCall(ctx, tx, {
      workspaceId: actor.workspaceId, url, secret: null, secretSealed, body: d.body, headers: d.headers, eventType: d.event_type, source,
      idempotencyKey: `resend:${d.id}:${newId()}`, createdBy: actor.kind === 'user' ? actor.id : null, resentFrom: d.id,
    });
    await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'webhook.delivery_resent', subjectType: 'webhook_delivery', subjectId: q.deliveryId, actor, data: { fromDeliveryId: d.id, subscriptionId: d.subscription_id, eventType: d.event_type } });
    return q.deliveryId;
  });
  kickWebhookDeliveries(ctx);
  return id;
}
