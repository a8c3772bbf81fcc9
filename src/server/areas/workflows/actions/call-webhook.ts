import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { assertCallableUrl, kickWebhookDeliveries, queueWebhookCall } from '../../webhooks/index.js';
import { actionError, once, summary, wouldDo } from './support.js';
import type { ActionInput, WorkflowAction } from './types.js';

/** What the receiver gets: the workflow and run, the run's subject and its triggering event. */
export function webhookBody(input: ActionInput) {
  const e = input.event;
  return {
    type: 'workflow.call',
    workflow: { id: input.actor.id, name: input.actor.name, runId: input.actor.runId },
    subject: input.subject,
    event: e ? { id: e.id, type: e.type, subjectType: e.subject_type, subjectId: e.subject_id, data: e.data, createdAt: new Date(e.created_at).toISOString() } : null,
  };
}

/**
 * Calls a URL through the webhooks area: a durable delivery queued in the effect's transaction,
 * signed (X-TanTam-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<raw body>">), retried with back-off
 * and shown in Settings → Webhooks' delivery log. A URL that may not be called fails at once
 * (workflow_action.webhook_url_not_allowed); once per key (the delivery's own idempotency key too).
 */
export const callWebhookAction: WorkflowAction<ActionConfig<'call_webhook'>> = {
  type: 'call_webhook',
  async run(input, config) {
    const allowPrivate = Boolean((input.ctx.env as { ALLOW_PRIVATE_WEBHOOK_URLS?: boolean }).ALLOW_PRIVATE_WEBHOOK_URLS);
    await assertCallableUrl(config.url, allowPrivate).catch((e: unknown) => {
      throw actionError('webhook_url_not_allowed', e instanceof Error ? e.message : 'This URL cannot be called');
    });
    const host = new URL(config.url).host;
    const body = webhookBody(input);
    if (input.dryRun) return wouldDo(summary('call_webhook', { host }), { url: config.url, body, signed: Boolean(config.secret) });
    const result = await once(input, 'call_webhook', async (tx) => {
      const { deliveryId } = await queueWebhookCall(input.ctx, tx, {
        workspaceId: input.workspaceId,
        url: config.url,
        secret: config.secret || null,
        body,
        eventType: 'workflow.call',
        source: { kind: 'workflow', workflowId: input.actor.id, runId: input.actor.runId },
        idempotencyKey: `wf:${input.idempotencyKey}`,
      });
      return { summary: summary('call_webhook', { host }), output: { url: config.url, deliveryId } };
    });
    if (!result.output?.repeated) kickWebhookDeliveries(input.ctx);
    return result;
  },
};
