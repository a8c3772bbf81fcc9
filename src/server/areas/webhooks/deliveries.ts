import http from 'node:http';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import type { AppContext } from '../../core/context.js';
import type { Tx } from '../../core/db/types.js';
import { appendEvent } from '../../core/events/append.js';
import { appendJob } from '../../core/jobs/append.js';
import { defineJob } from '../../core/jobs/define.js';
import type { SecretBox } from '../../core/lib/secret-box.js';
import { newId } from '../../core/lib/ids.js';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_SECONDS } from '../../../shared/webhooks.js';
import { postOnce } from './post.js';
import { signatureHeader } from './sign.js';
import './events.js';

export const WEBHOOK_DELIVER_JOB = 'webhooks.deliver';

/** Where a delivery comes from: a workflow run's "call a webhook" action, or a subscription to an event. */
export type WebhookSource =
  | { kind: 'workflow'; workflowId: string; runId: string }
  | { kind: 'subscription'; subscriptionId: string; eventId: string };

export interface WebhookCall {
  workspaceId: string;
  url: string;
  /** The signing secret (null or empty: sent unsigned). Stored sealed, never in clear. */
  secret: string | null;
  /** The JSON body, sent byte for byte on every attempt (a string is sent as is, anything else JSON-encoded). */
  body: unknown;
  /** Extra request headers (ours — content type, signature, X-TanTam-* — always win). */
  headers?: Record<string, string>;
  /** What X-TanTam-Event says (a workflow call: e.g. 'workflow.call'). */
  eventType: string;
  source: WebhookSource;
  /** Unique per workspace: a second call with the same key queues nothing and returns the first delivery. */
  idempotencyKey: string;
  createdBy?: string | null;
  resentFrom?: string | null;
}

const SEALED_SECRET_FIELD = 'webhookSecret';
const sealSecret = (box: SecretBox, secret: string) => box.seal({ [SEALED_SECRET_FIELD]: secret });
/** A sealed signing secret in clear (subscriptions and deliveries store them sealed). */
export const openSecret = (box: SecretBox, sealed: string) => String(box.open(sealed)[SEALED_SECRET_FIELD] ?? '');
export { sealSecret };

/**
 * Queues a webhook delivery inside the caller's transaction (the outbox: it exists exactly when the
 * caller's write commits). Returns the delivery id, and whether this call created it (false: the
 * idempotency key was already used, the first delivery's id is returned and nothing more is sent).
 */
export async function queueWebhookCall(ctx: Pick<AppContext, 'secrets'>, tx: Tx, call: WebhookCall & { secretSealed?: string | null }): Promise<{ deliveryId: string; created: boolean }> {
  for (const [k, v] of Object.entries(call.headers ?? {})) {
    try {
      http.validateHeaderName(k);
      http.validateHeaderValue(k, v);
    } catch {
      throw badRequest('webhooks.bad_header', `Header ${k.slice(0, 100)} has characters a request header cannot carry`, { field: 'headers' });
    }
  }
  const body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body ?? null);
  const sealed = call.secretSealed !== undefined ? call.secretSealed : call.secret ? sealSecret(ctx.secrets, call.secret) : null;
  const src = call.source;
  const row = await tx.maybeOne<{ id: string }>(
    `INSERT INTO webhook_deliveries (id, workspace_id, subscription_id, source_kind, workflow_id, run_id, event_id, event_type, url, secret_sealed, headers, body, idempotency_key, created_by, resent_from, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())
     ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id`,
    [
      newId(), call.workspaceId, src.kind === 'subscription' ? src.subscriptionId : null, src.kind,
      src.kind === 'workflow' ? src.workflowId : null, src.kind === 'workflow' ? src.runId : null,
      src.kind === 'subscription' ? src.eventId : null, call.eventType, call.url, sealed,
      JSON.stringify(call.headers ?? {}), body, call.idempotencyKey, call.createdBy ?? null, call.resentFrom ?? null,
    ],
  );
  if (!row) {
    const first = await tx.one<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE workspace_id = $1 AND idempotency_key = $2`, [call.workspaceId, call.idempotencyKey]);
    return { deliveryId: first.id, created: false };
  }
  appendJob(tx, WEBHOOK_DELIVER_JOB, { workspaceId: call.workspaceId, deliveryId: row.id, attempt: 1 }, { singletonKey: `${row.id}:1` });
  return { deliveryId: row.id, created: true };
}

/** Runs the queued deliveries now in this process instead of at the next poll (call after the commit). */
export function kickWebhookDeliveries(ctx: AppContext): void {
  if (ctx.jobs.running()) void ctx.jobs.kick([WEBHOOK_DELIVER_JOB]).catch((err) => console.error('webhook deliveries failed to run', (err as Error).message));
}

interface DeliveryRow {
  id: string;
  workspace_id: string;
  subscription_id: string | null;
  event_type: string;
  url: string;
  secret_sealed: string | null;
  headers: Record<string, string>;
  body: string;
  status: string;
  attempts: number;
}

const JobSchema = z.object({ workspaceId: z.string().uuid(), deliveryId: z.string().uuid(), attempt: z.number().int().min(1) });

/**
 * One attempt of a delivery. The delivery row says which attempt is due: a job for an attempt already
 * recorded (a job run twice, a re-send racing a retry) does nothing. A failure schedules the next
 * attempt as its own job after the back-off delay (1 min, 5 min, 30 min, 2 h, 6 h), so the schedule is
 * ours rather than the queue's and survives restarts; the last failure closes the delivery as failed.
 */
export const deliverWebhookJob = defineJob({
  name: WEBHOOK_DELIVER_JOB,
  schema: JobSchema,
  retryLimit: 3,
  retryDelay: 30,
  expireInSeconds: 120,
  concurrency: 4,
  async handle(ctx, data) {
    const d = await ctx.db.maybeOne<DeliveryRow>(`SELECT * FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2`, [data.workspaceId, data.deliveryId]);
    if (!d || d.status !== 'pending' || d.attempts !== data.attempt - 1) return;
    const t = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      ...Object.fromEntries(Object.entries(d.headers ?? {}).filter(([k]) => !/^(host|content-length|content-type|user-agent|x-tantam-.*)$/i.test(k))),
      'content-type': 'application/json',
      'user-agent': 'TanTam-Webhooks/1',
      'x-tantam-event': d.event_type,
      'x-tantam-delivery': d.id,
      'x-tantam-attempt': String(data.attempt),
    };
    const secret = d.secret_sealed ? openSecret(ctx.secrets, d.secret_sealed) : '';
    if (secret) headers['x-tantam-signature'] = signatureHeader(secret, t, d.body);
    const startedAt = new Date();
    const r = await postOnce(d.url, headers, d.body, { timeoutMs: ctx.env.WEBHOOK_TIMEOUT_MS, allowPrivate: ctx.env.ALLOW_PRIVATE_WEBHOOK_URLS });
    const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
    const error = ok ? null : (r.error ?? `HTTP ${r.statusCode}`);
    await ctx.db.tx(async (tx) => {
      const cur = await tx.maybeOne<{ attempts: number; status: string }>(`SELECT attempts, status FROM webhook_deliveries WHERE id = $1 FOR UPDATE`, [d.id]);
      if (!cur || cur.status !== 'pending' || cur.attempts !== data.attempt - 1) return;
      await tx.query(
        `INSERT INTO webhook_attempts (workspace_id, delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [d.workspace_id, d.id, data.attempt, startedAt, r.durationMs, r.statusCode, error, r.excerpt],
      );
      const last = !ok && data.attempt >= WEBHOOK_MAX_ATTEMPTS;
      const status = ok ? 'succeeded' : last ? 'failed' : 'pending';
      const delay = ok || last ? null : WEBHOOK_RETRY_DELAYS_SECONDS[data.attempt - 1];
      await tx.query(
        `UPDATE webhook_deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5, updated_at = now(),
           next_attempt_at = CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(secs => $6::int) END,
           completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
         WHERE id = $1`,
        [d.id, data.attempt, status, r.statusCode, error, delay],
      );
      if (delay !== null) {
        appendJob(tx, WEBHOOK_DELIVER_JOB, { workspaceId: d.workspace_id, deliveryId: d.id, attempt: data.attempt + 1 }, { startAfter: delay, singletonKey: `${d.id}:${data.attempt + 1}` });
      }
      if (d.subscription_id && ok) {
        await tx.query(`UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [d.subscription_id]);
      }
      if (d.subscription_id && last) await countFailedDelivery(ctx, tx, d.workspace_id, d.subscription_id);
    });
  },
});

/** A subscription's delivery failed every attempt: one more in a row; at the limit the subscription pauses and admins are told. */
async function countFailedDelivery(ctx: AppContext, tx: Tx, workspaceId: string, subscriptionId: string) {
  const s = await tx.maybeOne<{ name: string; status: string; consecutive_failures: number }>(
    `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE workspace_id = $1 AND id = $2 RETURNING name, status, consecutive_failures`,
    [workspaceId, subscriptionId],
  );
  if (!s || s.status !== 'active' || s.consecutive_failures < ctx.env.WEBHOOK_PAUSE_AFTER_FAILURES) return;
  await tx.query(`UPDATE webhook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = 'failures', updated_at = now() WHERE id = $1`, [subscriptionId]);
  await appendEvent(tx, {
    workspaceId,
    type: 'webhook.subscription_paused',
    subjectType: 'webhook_subscription',
    subjectId: subscriptionId,
    actor: { kind: 'system', workspaceId },
    data: { name: s.name, reason: 'failures', consecutiveFailures: s.consecutive_failures },
  });
}
