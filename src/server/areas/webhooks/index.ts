/** Outgoing webhooks: signed deliveries of events to subscribed URLs, retried, logged and re-sendable. */
/*
 * For the workflows' "call a webhook" action (and anything else that sends a webhook):
 *
 *   const { deliveryId, created } = await queueWebhookCall(ctx, tx, {
 *     workspaceId, url, secret,              // secret: null/'' sends unsigned; it is stored sealed
 *     body,                                  // any JSON value (or a string sent as is), fixed for every attempt
 *     headers,                               // optional extra headers; ours (content type, X-TanTam-*) win
 *     eventType: 'workflow.call',            // sent as X-TanTam-Event
 *     source: { kind: 'workflow', workflowId, runId },
 *     idempotencyKey: `wf:${runId}:${nodeId}`, // unique per workspace: a repeat returns the first delivery, sends nothing
 *   });
 *   // after the commit, optionally: kickWebhookDeliveries(ctx) to send now rather than at the next poll
 *
 * The delivery is a durable job appended in the caller's transaction (the outbox): it exists exactly
 * when the caller's write commits. Each attempt POSTs with X-TanTam-Signature: t=<unix>,v1=<hex
 * HMAC-SHA256 of "<t>.<raw body>">, X-TanTam-Event, X-TanTam-Delivery (the delivery id) and
 * X-TanTam-Attempt; 2xx is success; failures retry after 1 min, 5 min, 30 min, 2 h, 6 h (6 attempts),
 * each attempt bounded by WEBHOOK_TIMEOUT_MS. Private/loopback addresses are refused unless
 * ALLOW_PRIVATE_WEBHOOK_URLS=true (checked again at connection time). `webhookDelivery(db, ws, id)`
 * reads its status and attempts (for a run log). Every delivery shows in Settings → Webhooks' log.
 */
import type { Area } from '../../core/area.js';
import { deliverWebhookJob } from './deliveries.js';
import { webhookSubscriptionsReaction } from './reaction.js';
import { webhooksRoutes } from './routes.js';
import './events.js';

export { queueWebhookCall, kickWebhookDeliveries, WEBHOOK_DELIVER_JOB, type WebhookCall, type WebhookSource } from './deliveries.js';
export { assertCallableUrl } from './url-guard.js';
export { webhookDelivery } from './queries/deliveries.js';
export { verifySignature, signatureHeader } from './sign.js';

export const webhooksArea: Area = {
  name: 'webhooks',
  routes: [{ plugin: webhooksRoutes }],
  jobs: [deliverWebhookJob],
  reactions: [webhookSubscriptionsReaction],
};
