import type { AppContext } from '../../core/context.js';
import type { StoredEvent } from '../../core/db/types.js';
import type { Reaction } from '../../core/events/reactions.js';
import { isEvent } from '../../core/events/types.js';
import { appendJob } from '../../core/jobs/append.js';
import { newId } from '../../core/lib/ids.js';
import { NOTICE_STATUSES, type NoticeStatus } from '../../../shared/notices.js';
import { deliverNoticeInTx, noticeActor, skipNotice } from './commands/deliver-notice.js';
import { isOptedOut } from './commands/subscription.js';
import { dueAfterQuietHours, loadNoticeSettings } from './settings.js';
import { appendEvent } from '../../core/events/append.js';

export const DELIVER_NOTICE_JOB = 'notices.deliver';
export const SURVEY_JOB = 'notices.survey';

/**
 * One order status change (or a new order's first status): decides its notice in one transaction.
 * The notice row is unique per event, so a redelivered event or a job run twice changes nothing.
 * Not announced: quotes and contracts, statuses switched off, changes older than maxAgeHours when we
 * hear of them (an import of last year's orders must not message anyone). Inside quiet hours the
 * notice waits for their end (a delayed job); an earlier notice of the order still waiting is
 * superseded: the customer hears only the latest.
 */
async function onStatus(ctx: AppContext, e: StoredEvent, status: string, at: string, now = new Date()) {
  if (!(NOTICE_STATUSES as readonly string[]).includes(status)) return;
  const ws = e.workspace_id;
  if (!e.subject_id) return;
  const settings = await loadNoticeSettings(ctx.db, ws);
  if (now.getTime() - new Date(at).getTime() > settings.maxAgeHours * 3_600_000) return;
  const order = await ctx.db.maybeOne<{ kind: string; customer_id: string | null; timezone: string }>(
    'SELECT o.kind, o.customer_id, w.timezone FROM orders o JOIN workspaces w ON w.id = o.workspace_id WHERE o.workspace_id = $1 AND o.id = $2',
    [ws, e.subject_id],
  );
  if (!order || order.kind !== 'order') return;
  const orderId = e.subject_id;
  const s = status as NoticeStatus;
  const surveyDue = status === 'delivered' && settings.survey.enabled && order.customer_id;
  if (!surveyDue && (!settings.enabled || !settings.statuses[s].enabled)) return;

  await ctx.db.tx(async (tx) => {
    if (surveyDue) {
      const due = new Date(now.getTime() + settings.survey.days * 86_400_000);
      const fresh = await tx.query(
        `INSERT INTO notice_surveys (workspace_id, order_id, state, due_at) VALUES ($1, $2, 'scheduled', $3) ON CONFLICT DO NOTHING RETURNING order_id`,
        [ws, orderId, due],
      );
      if (fresh.length) appendJob(tx, SURVEY_JOB, { workspaceId: ws, orderId }, { startAfter: due, singletonKey: `notice-survey:${orderId}` });
    }
    if (!settings.enabled || !settings.statuses[s].enabled) return;
    const due = dueAfterQuietHours(now, settings.quietHours, order.timezone);
    const id = newId();
    const inserted = await tx.query(
      `INSERT INTO order_notices (id, workspace_id, event_id, order_id, customer_id, status, state, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7) ON CONFLICT (workspace_id, event_id) DO NOTHING RETURNING id`,
      [id, ws, e.id, orderId, order.customer_id, s, due],
    );
    if (inserted.length === 0) return;
    const n = { id, workspace_id: ws, order_id: orderId, customer_id: order.customer_id, status: s };
    // The customer hears only the latest: notices of this order still waiting give way to this one.
    const waiting = await tx.query<{ id: string; customer_id: string | null; status: NoticeStatus }>(
      `SELECT id, customer_id, status FROM order_notices WHERE workspace_id = $1 AND order_id = $2 AND state = 'scheduled' AND id <> $3 FOR UPDATE`,
      [ws, orderId, id],
    );
    for (const w of waiting) await skipNotice(tx, { id: w.id, workspace_id: ws, order_id: orderId, customer_id: w.customer_id, status: w.status }, 'superseded');
    if (!order.customer_id) return skipNotice(tx, n, 'no_customer');
    if (await isOptedOut(tx, ws, order.customer_id)) return skipNotice(tx, n, 'unsubscribed');
    if (due.getTime() <= now.getTime()) return deliverNoticeInTx(ctx, tx, ws, id, now);
    appendJob(tx, DELIVER_NOTICE_JOB, { workspaceId: ws, noticeId: id }, { startAfter: due });
    await appendEvent(tx, {
      workspaceId: ws, type: 'notice.recorded', subjectType: 'notice', subjectId: id, actor: noticeActor(ws),
      data: { orderId, customerId: order.customer_id, status: s, state: 'scheduled', reason: null, channel: null, messageId: null },
    });
  });
}

/** Order status changes → notices (and the post-delivery survey's schedule). */
export const orderNoticeReaction: Reaction = {
  name: 'order-notices',
  handles: ['order.status_changed', 'order.created'],
  async run(ctx, events) {
    for (const e of events) {
      if (isEvent(e, 'order.status_changed')) await onStatus(ctx, e, e.data.to, e.data.at);
      else if (isEvent(e, 'order.created')) await onStatus(ctx, e, e.data.status, e.data.at);
    }
  },
};
