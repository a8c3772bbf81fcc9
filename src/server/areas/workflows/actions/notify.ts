import type { Sql } from '../../../core/db/types.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { deliverNotifications, type PlannedNotification } from '../../notifications/index.js';
import type { TicketRow } from '../../tickets/index.js';
import { teamLead } from './create-ticket.js';
import { actionError, doneBefore, recordDone, renderForRun, requireCustomer, requireTicket, requireUser, summary, wouldDo } from './support.js';
import type { ActionInput, ActionResult, WorkflowAction } from './types.js';

type Config = ActionConfig<'notify'>;
type Person = { id: string; name: string; email: string };

async function recipients(sql: Sql, input: ActionInput, config: Config, t: TicketRow | undefined): Promise<Person[]> {
  const ws = input.workspaceId;
  if (config.to === 'user') return [await requireUser(sql, ws, config.userId)];
  if (config.to === 'assignee') {
    if (!t) throw actionError('no_ticket', 'This action needs a ticket, and the trigger gave none');
    if (!t.assignee_id) throw actionError('no_assignee', 'The ticket has nobody assigned to tell');
    return [await requireUser(sql, ws, t.assignee_id)];
  }
  if (config.to === 'team_lead') {
    // Every supervisor who is a member of the ticket's team; without one, the workspace's leader.
    const inTeam = t?.team_id
      ? await sql.query<Person>(
          `SELECT u.id, u.name, u.email FROM users u JOIN team_members tm ON tm.user_id = u.id AND tm.workspace_id = $1 AND tm.team_id = $2
            WHERE u.workspace_id = $1 AND u.active AND u.role = 'supervisor' ORDER BY u.created_at, u.id`,
          [ws, t.team_id],
        )
      : [];
    if (inTeam.length) return inTeam;
    const lead = await teamLead(sql, ws, t?.team_id ?? null);
    if (!lead) throw actionError('no_recipients', 'The workspace has no supervisor to tell');
    return [lead];
  }
  const all = await sql.query<Person>(`SELECT id, name, email FROM users WHERE workspace_id = $1 AND active AND role IN ('admin', 'supervisor') ORDER BY created_at, id`, [ws]);
  if (!all.length) throw actionError('no_recipients', 'The workspace has no supervisor to tell');
  return all;
}

/** The ticket's next SLA target not yet met, for an SLA alert. */
function slaOf(t: TicketRow): PlannedNotification['sla'] {
  if (!t.first_response_at && t.first_response_due_at) return { target: 'first_response', dueAt: new Date(t.first_response_due_at).toISOString() };
  if (t.resolution_due_at) return { target: 'resolution', dueAt: new Date(t.resolution_due_at).toISOString() };
  return null;
}

/**
 * Tells an agent or supervisors: an in-app notification (the notifications area: its toast and
 * unread list; once per person and key) and, when asked, an email from the workspace's mailbox (the
 * first channel that can reach staff). `about: sla` makes it an SLA alert (kind sla_at_risk, with the due
 * time); otherwise it reads as the workflow calling them to the ticket (kind mention, from "Tự động: <name>").
 */
export const notifyAction: WorkflowAction<Config> = {
  type: 'notify',
  async run(input, config) {
    const { ctx } = input;
    const t = input.subject.ticketId ? await requireTicket(ctx.db, input) : undefined;
    const people = await recipients(ctx.db, input, config, t);
    const hasCustomer = Boolean(input.subject.customerId || t);
    const customer = hasCustomer ? await requireCustomer(ctx.db, input) : null;
    const text = customer ? await renderForRun(ctx.db, input, config.message, customer, t) : config.message;
    const values = { count: people.length, names: people.map((p) => p.name).join(', ') };
    if (input.dryRun) return wouldDo(summary('notify', values), { userIds: people.map((p) => p.id), message: text, email: config.email });
    const prev = await doneBefore(input);
    if (prev) return prev;

    const sla = config.about === 'sla' && t ? slaOf(t) : null;
    const planned: PlannedNotification[] = people.map((p) => ({
      workspaceId: input.workspaceId,
      userId: p.id,
      kind: config.about === 'sla' ? 'sla_at_risk' : 'mention',
      ...(sla ? { sla } : {}),
      dedupeKey: `workflow:${input.idempotencyKey}`,
      ticketId: t?.id ?? null,
      ticketNumber: t?.number ?? null,
      subject: t?.subject ?? input.actor.name,
      customerName: customer?.name ?? null,
      preview: text,
      actorName: `Tự động: ${input.actor.name}`,
      channels: { toast: true, sound: true, desktop: true },
    }));
    await deliverNotifications(ctx, planned);
    let emailed = false;
    if (config.email) {
      const subject = t ? `[#${t.number}] ${input.actor.name}` : input.actor.name;
      const base = (ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`).replace(/\/$/, '');
      const note = {
        to: people.map((p) => ({ name: p.name, email: p.email })),
        subject,
        text: t ? `${text}\n\n${base}/tickets/${t.id}` : text,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-TanTam-Workflow': input.actor.id },
      };
      for (const channel of ctx.channels.all()) {
        if (channel.notifyStaff && (await channel.notifyStaff(ctx, input.workspaceId, note))) {
          emailed = true;
          break;
        }
      }
    }
    const result: ActionResult = { summary: summary('notify', values), output: { userIds: people.map((p) => p.id), emailed } };
    await recordDone(input, 'notify', result);
    return result;
  },
};
