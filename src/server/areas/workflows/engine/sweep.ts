/**
 * The sweep: triggers no event announces — dates (birthday, warranty end, N days after delivery, N days
 * without a purchase, any date attribute), schedules (cron), SLA at risk / breached, entering or leaving
 * a segment. Every few minutes, per live workflow, in its workspace's time zone: what is due today
 * (at or after the trigger's local time) starts a run, once — a mark per customer and date (a birthday
 * once a year), per ticket and due time, per schedule slot.
 */
import cronParser from 'cron-parser';
import type { AppContext } from '../../../core/context.js';
import { defineJob } from '../../../core/jobs/define.js';
import { z } from 'zod';
import { TRIGGER_CONFIGS, TRIGGER_INFO, TRIGGER_TYPES, triggerOf, type TriggerType } from '../../../../shared/workflows.js';
import { segmentMemberIds } from '../../segments/index.js';
import { loadCalendar } from '../../tickets/index.js';
import type { RunSubject } from '../actions/types.js';
import { runDefaultWorkflowBackfill } from '../templates/backfill.js';
import { liveByTrigger, type LiveWorkflow } from './live.js';
import { startRun, type StartOutcome } from './start-runs.js';
import { addDays, localDay, zonedInstant } from './zoned.js';

const SWEEP_TYPES = TRIGGER_TYPES.filter((t) => TRIGGER_INFO[t].source === 'sweep');

interface Due {
  key: string;
  subject: RunSubject;
  mark?: string;
}

type Cfg<T extends TriggerType> = z.infer<(typeof TRIGGER_CONFIGS)[T]>;

/** What is due now for one workflow (its trigger's config, the workspace's zone). */
async function dueFor(ctx: AppContext, wf: LiveWorkflow, now: Date, tz: string): Promise<Due[]> {
  const trigger = triggerOf(wf.graph)!;
  const parsed = TRIGGER_CONFIGS[wf.triggerType as TriggerType].safeParse(trigger.config);
  if (!parsed.success) return [];
  const today = localDay(now, tz);
  const ws = wf.workspaceId;
  const db = ctx.db;
  const reached = (at: string) => now >= zonedInstant(today, at, tz);

  switch (wf.triggerType as TriggerType) {
    case 'date.birthday': {
      const c = parsed.data as Cfg<'date.birthday'>;
      if (!reached(c.at)) return [];
      const day = addDays(today, c.daysBefore);
      const md = day.slice(5);
      // 29/02 birthdays fall on 28/02 in other years.
      const leap = new Date(`${day.slice(0, 4)}-02-29T00:00:00Z`).getUTCMonth() === 1;
      const mds = md === '02-28' && !leap ? ['02-28', '02-29'] : [md];
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL AND birthday IS NOT NULL AND to_char(birthday, 'MM-DD') = ANY($2::text[])`,
        [ws, mds],
      );
      return rows.map((r) => ({ key: `birthday:${r.id}:${day}`, subject: { customerId: r.id }, mark: `birthday:${r.id}:${day.slice(0, 4)}` }));
    }
    case 'date.warranty_end': {
      const c = parsed.data as Cfg<'date.warranty_end'>;
      if (!reached(c.at)) return [];
      const day = addDays(today, c.daysBefore);
      const rows = await db.query<{ order_id: string; position: number; customer_id: string }>(
        `SELECT i.order_id, i.position, o.customer_id FROM order_items i JOIN orders o ON o.id = i.order_id
          WHERE i.workspace_id = $1 AND i.warranty_ends_on = $2::date AND o.customer_id IS NOT NULL AND o.status NOT IN ('cancelled', 'returned')`,
        [ws, day],
      );
      return rows.map((r) => ({ key: `warranty:${r.order_id}:${r.position}:${day}`, subject: { customerId: r.customer_id, orderId: r.order_id } }));
    }
    case 'date.after_delivery': {
      const c = parsed.data as Cfg<'date.after_delivery'>;
      if (!reached(c.at)) return [];
      const day = addDays(today, -c.days);
      // The delivery's local day in the workspace zone: a window of instants [day 00:00, next day 00:00).
      const rows = await db.query<{ id: string; customer_id: string }>(
        `SELECT id, customer_id FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL AND delivered_at >= $2 AND delivered_at < $3 AND status IN ('delivered', 'completed')`,
        [ws, zonedInstant(day, '00:00', tz), zonedInstant(addDays(day, 1), '00:00', tz)],
      );
      return rows.map((r) => ({ key: `delivered:${r.id}:${c.days}`, subject: { customerId: r.customer_id, orderId: r.id } }));
    }
    case 'date.no_purchase': {
      const c = parsed.data as Cfg<'date.no_purchase'>;
      if (!reached(c.at)) return [];
      const day = addDays(today, -c.days);
      const rows = await db.query<{ customer_id: string; last: Date }>(
        `SELECT o.customer_id, max(o.ordered_at) AS last FROM orders o JOIN customers c ON c.id = o.customer_id AND c.merged_into_id IS NULL
          WHERE o.workspace_id = $1 AND o.kind = 'order' AND o.status NOT IN ('cancelled', 'returned', 'draft', 'quote')
          GROUP BY o.customer_id HAVING max(o.ordered_at) >= $2 AND max(o.ordered_at) < $3`,
        [ws, zonedInstant(day, '00:00', tz), zonedInstant(addDays(day, 1), '00:00', tz)],
      );
      return rows.map((r) => ({ key: `nopurchase:${r.customer_id}:${day}`, subject: { customerId: r.customer_id } }));
    }
    case 'date.attribute': {
      const c = parsed.data as Cfg<'date.attribute'>;
      if (!reached(c.at)) return [];
      const day = addDays(today, -c.offsetDays);
      const rows = await db.query<{ id: string }>(
        c.yearly
          ? `SELECT id FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL AND substr(attributes ->> $2, 6, 5) = $3 AND attributes ->> $2 ~ '^\\d{4}-\\d{2}-\\d{2}'`
          : `SELECT id FROM customers WHERE workspace_id = $1 AND merged_into_id IS NULL AND substr(attributes ->> $2, 1, 10) = $3`,
        [ws, c.attribute, c.yearly ? day.slice(5) : day],
      );
      return rows.map((r) => ({ key: `attr:${c.attribute}:${r.id}:${day}`, subject: { customerId: r.id } }));
    }
    case 'schedule': {
      const c = parsed.data as Cfg<'schedule'>;
      let slot: Date;
      try {
        slot = cronParser.parseExpression(c.cron, { currentDate: now, tz }).prev().toDate();
      } catch {
        return [];
      }
      // Only slots since this version was published (turning a schedule on does not replay the past).
      const since = await db.one<{ published_at: Date }>('SELECT published_at FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [wf.id, wf.version]);
      if (slot < new Date(since.published_at) || now.getTime() - slot.getTime() > 86_400_000) return [];
      return [{ key: `schedule:${slot.toISOString()}`, subject: {} }];
    }
    case 'sla.at_risk':
    case 'sla.breached': {
      const c = parsed.data as { target: 'first_response' | 'resolution' | 'any'; minutesBefore?: number };
      const risk = wf.triggerType === 'sla.at_risk';
      const from = risk ? now : new Date(now.getTime() - 86_400_000);
      const to = risk ? new Date(now.getTime() + (c.minutesBefore ?? 30) * 60_000) : now;
      const out: Due[] = [];
      for (const target of c.target === 'any' ? (['first_response', 'resolution'] as const) : [c.target]) {
        const due = target === 'first_response' ? 'first_response_due_at' : 'resolution_due_at';
        const done = target === 'first_response' ? 'first_response_at IS NULL' : 'resolved_at IS NULL AND closed_at IS NULL';
        const rows = await db.query<{ id: string; customer_id: string; due: Date }>(
          `SELECT id, customer_id, ${due} AS due FROM tickets WHERE workspace_id = $1 AND merged_into_id IS NULL AND status NOT IN ('resolved', 'closed') AND ${done}
             AND ${due} > $2 AND ${due} <= $3`,
          [ws, from, to],
        );
        for (const r of rows) {
          const k = `${risk ? 'sla_risk' : 'sla_breach'}:${r.id}:${target}:${new Date(r.due).toISOString()}`;
          out.push({ key: k, subject: { ticketId: r.id, customerId: r.customer_id } });
        }
      }
      return out;
    }
    case 'segment.entered':
    case 'segment.left': {
      const c = parsed.data as Cfg<'segment.entered'>;
      const members = new Set<string>();
      try {
        for await (const ids of segmentMemberIds(db, ws, c.segmentId)) for (const id of ids) members.add(id);
      } catch {
        return [];
      }
      const marks = await db.query<{ mark: string }>(`SELECT mark FROM workflow_marks WHERE workflow_id = $1 AND mark LIKE 'seg:%'`, [wf.id]);
      const had = new Set(marks.map((m) => m.mark.slice(4)));
      const initialised = await db.maybeOne(`SELECT 1 FROM workflow_marks WHERE workflow_id = $1 AND mark = 'seg-init'`, [wf.id]);
      const entered = [...members].filter((id) => !had.has(id));
      const left = [...had].filter((id) => !members.has(id));
      await db.tx(async (tx) => {
        if (entered.length) await tx.query(`INSERT INTO workflow_marks (workflow_id, mark, workspace_id) SELECT $1, 'seg:' || x, $2 FROM unnest($3::text[]) x ON CONFLICT DO NOTHING`, [wf.id, ws, entered]);
        if (left.length) await tx.query(`DELETE FROM workflow_marks WHERE workflow_id = $1 AND mark = ANY($2::text[])`, [wf.id, left.map((id) => `seg:${id}`)]);
        await tx.query(`INSERT INTO workflow_marks (workflow_id, mark, workspace_id) VALUES ($1, 'seg-init', $2) ON CONFLICT DO NOTHING`, [wf.id, ws]);
      });
      // The first sweep only learns who is in: members from before the workflow are not "entering".
      if (!initialised) return [];
      const stamp = now.toISOString();
      return (wf.triggerType === 'segment.entered' ? entered : left).map((id) => ({ key: `seg:${wf.triggerType}:${id}:${stamp}`, subject: { customerId: id } }));
    }
  }
  return [];
}

/** One sweep over every live sweep-triggered workflow; returns the runs it started (tests pass `now`). */
export async function sweepWorkflows(ctx: AppContext, now = new Date()): Promise<StartOutcome[]> {
  const live = await liveByTrigger(ctx.db, SWEEP_TYPES);
  const zones = new Map<string, string>();
  const out: StartOutcome[] = [];
  for (const wf of live) {
    let tz = zones.get(wf.workspaceId);
    if (!tz) zones.set(wf.workspaceId, (tz = (await loadCalendar(ctx.db, wf.workspaceId)).timezone));
    for (const d of await dueFor(ctx, wf, now, tz)) {
      out.push(await ctx.db.tx((tx) => startRun(tx, { workflow: wf, triggerKey: d.key, event: null, subject: d.subject, depth: 0, mark: d.mark ?? `once:${d.key}` })));
    }
  }
  return out;
}

/** Every 5 minutes (pg-boss cron, one worker takes each tick). */
export const sweepJob = defineJob({
  name: 'workflows.sweep',
  schema: z.object({}).passthrough(),
  cron: '*/5 * * * *',
  retryLimit: 1,
  expireInSeconds: 600,
  async handle(ctx) {
    // Older workspaces' default workflows (listed once by migration 094) before the sweep, so they run in it.
    await runDefaultWorkflowBackfill(ctx);
    await sweepWorkflows(ctx);
  },
});
