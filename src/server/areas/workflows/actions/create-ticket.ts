import type { Sql } from '../../../core/db/types.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { addMessage, insertTicket, type TicketRow } from '../../tickets/index.js';
import { actionError, once, renderForRun, requireCustomer, requireTeam, requireTicket, requireUser, summary, wouldDo, type CustomerInfo } from './support.js';
import type { ActionInput, WorkflowAction } from './types.js';

type Config = ActionConfig<'create_ticket'>;

/** Tag of a follow-up task: the inbox filters on it. */
export const FOLLOW_UP_TAG = 'theo-doi';

/** The team's leader: its first supervisor (or admin) among its members; else the workspace's first supervisor. */
export async function teamLead(sql: Sql, workspaceId: string, teamId: string | null): Promise<{ id: string; name: string; email: string } | undefined> {
  return sql.maybeOne<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM users u
      WHERE u.workspace_id = $1 AND u.active AND u.role IN ('supervisor', 'admin')
      ORDER BY (EXISTS (SELECT 1 FROM team_members tm WHERE tm.workspace_id = $1 AND tm.team_id = $2 AND tm.user_id = u.id)) DESC,
               (u.role = 'supervisor') DESC, u.created_at, u.id
      LIMIT 1`,
    [workspaceId, teamId],
  );
}

interface Plan {
  customer: CustomerInfo;
  source?: TicketRow;
  teamId: string | null;
  assignee: { id: string; name: string } | null;
  subject: string;
  note: string | null;
  tags: string[];
}

async function plan(sql: Sql, input: ActionInput, config: Config): Promise<Plan> {
  const customer = await requireCustomer(sql, input);
  const source = input.subject.ticketId ? await requireTicket(sql, input) : undefined;
  const teamId = config.teamId ? (await requireTeam(sql, input.workspaceId, config.teamId)).id : (source?.team_id ?? null);
  let assignee: Plan['assignee'] = null;
  if (config.assignTo === 'user') assignee = await requireUser(sql, input.workspaceId, config.userId);
  if (config.assignTo === 'team_lead') {
    assignee = (await teamLead(sql, input.workspaceId, teamId)) ?? null;
    if (!assignee) throw actionError('no_team_lead', 'The team has no supervisor to give the task to');
  }
  if (config.assignTo === 'same_assignee') {
    if (!source?.assignee_id) throw actionError('no_assignee', 'The ticket has nobody assigned to give the task to');
    assignee = await requireUser(sql, input.workspaceId, source.assignee_id);
  }
  const subject = await renderForRun(sql, input, config.subject, customer, source);
  const noteText = config.note ? await renderForRun(sql, input, config.note, customer, source) : null;
  const about = config.kind === 'follow_up' && source ? `Theo dõi phiếu #${source.number}: ${source.subject}` : null;
  const note = [about, noteText].filter(Boolean).join('\n\n') || null;
  const tags = [...new Set([...(config.kind === 'follow_up' ? [FOLLOW_UP_TAG] : []), ...config.tags])];
  return { customer, source, teamId, assignee, subject, note, tags };
}

/**
 * Opens a ticket for the run's customer through the tickets area (number, SLA, routing): a plain
 * ticket, or a follow-up task about the run's ticket (tagged, with a note linking it), for a person,
 * the team's leader, or whoever has the ticket. Once per key: a retry finds the ticket it opened.
 */
export const createTicketAction: WorkflowAction<Config> = {
  type: 'create_ticket',
  async run(input, config) {
    if (input.dryRun) {
      const p = await plan(input.ctx.db, input, config);
      return wouldDo(summary(`create_ticket.${config.kind}`, { subject: p.subject, assignee: p.assignee?.name ?? '' }), {
        customerId: p.customer.id, subject: p.subject, teamId: p.teamId, assigneeId: p.assignee?.id ?? null, priority: config.priority, tags: p.tags, note: p.note,
      });
    }
    return once(input, 'create_ticket', async (tx) => {
      const p = await plan(tx, input, config);
      let t = await insertTicket(
        input.ctx.db,
        tx,
        input.workspaceId,
        { customerId: p.customer.id, subject: p.subject, channel: 'manual', priority: config.priority, teamId: p.teamId, assigneeId: p.assignee?.id ?? null, tags: p.tags },
        input.actor,
      );
      if (p.note) {
        t = (await addMessage(tx, t, { direction: 'note', authorUserId: null, channel: t.channel, body: p.note, contentType: 'text', attachments: [], automated: true, actor: input.actor })).ticket;
      }
      return {
        summary: summary(`create_ticket.${config.kind}`, { subject: p.subject, assignee: p.assignee?.name ?? '', ticket: t.number }),
        output: { ticketId: t.id, number: t.number, assigneeId: t.assignee_id, teamId: t.team_id, aboutTicketId: p.source?.id ?? null },
      };
    });
  },
};
