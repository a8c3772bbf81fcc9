import { z } from 'zod';
import { defineJob } from '../../core/jobs/define.js';
import { sendSurvey } from '../surveys/index.js';
import { deliverNoticeInTx } from './commands/deliver-notice.js';
import { isOptedOut } from './commands/subscription.js';
import { DELIVER_NOTICE_JOB, SURVEY_JOB } from './reactions.js';
import { loadNoticeSettings } from './settings.js';

/** A notice that waited for quiet hours to end: sent now, or skipped with the reason (deliverNoticeInTx). */
export const deliverNoticeJob = defineJob({
  name: DELIVER_NOTICE_JOB,
  schema: z.object({ workspaceId: z.uuid(), noticeId: z.uuid() }),
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  async handle(ctx, data) {
    await ctx.db.tx((tx) => deliverNoticeInTx(ctx, tx, data.workspaceId, data.noticeId));
  },
});

/**
 * The survey N days after delivery, once per order (its notice_surveys row): only if the order is still
 * delivered or completed (not returned since), the setting still on and the customer not opted out;
 * the surveys area's own rules (throttle, channel) then decide, and the outcome is kept on the row.
 */
export const noticeSurveyJob = defineJob({
  name: SURVEY_JOB,
  schema: z.object({ workspaceId: z.uuid(), orderId: z.uuid() }),
  retryLimit: 5,
  retryDelay: 60,
  retryBackoff: true,
  async handle(ctx, data) {
    const ws = data.workspaceId;
    await ctx.db.tx(async (tx) => {
      const row = await tx.maybeOne<{ state: string }>('SELECT state FROM notice_surveys WHERE workspace_id = $1 AND order_id = $2 FOR UPDATE', [ws, data.orderId]);
      if (!row || row.state !== 'scheduled') return;
      const done = (state: 'sent' | 'skipped', outcome: string, requestId: string | null = null) =>
        tx.query('UPDATE notice_surveys SET state = $3, outcome = $4, survey_request_id = $5 WHERE workspace_id = $1 AND order_id = $2', [ws, data.orderId, state, outcome, requestId]);
      const order = await tx.maybeOne<{ code: string; status: string; customer_id: string | null }>('SELECT code, status, customer_id FROM orders WHERE workspace_id = $1 AND id = $2', [ws, data.orderId]);
      if (!order || !order.customer_id) return done('skipped', 'no_customer');
      if (!['delivered', 'completed'].includes(order.status)) return done('skipped', 'order_not_delivered');
      const settings = await loadNoticeSettings(tx, ws);
      if (!settings.survey.enabled) return done('skipped', 'disabled');
      if (await isOptedOut(tx, ws, order.customer_id)) return done('skipped', 'unsubscribed');
      const template = await tx.maybeOne<{ id: string }>(
        'SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = $2 AND enabled ORDER BY is_default DESC, created_at LIMIT 1',
        [ws, settings.survey.type],
      );
      if (!template) return done('skipped', 'no_template');
      const out = await sendSurvey(ctx, { workspaceId: ws, templateId: template.id, customerId: order.customer_id, aboutRef: `order:${order.code}`, reason: 'api' }, { tx });
      await done(out.status === 'sent' ? 'sent' : 'skipped', out.reason ?? out.status, out.requestId);
    });
  },
});
