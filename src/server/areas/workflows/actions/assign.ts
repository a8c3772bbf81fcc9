import type { Sql } from '../../../core/db/types.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { assignTicketInTx, updateTicketInTx, type TicketRow } from '../../tickets/index.js';
import { actionError, once, requireTeam, requireTicket, requireUser, summary, wouldDo } from './support.js';
import type { WorkflowAction } from './types.js';

type Config = ActionConfig<'assign'>;

/**
 * The team's active, available member with the fewest open tickets (ties: the one assigned longest
 * ago, as round-robin would) — read only; the tickets area makes the assignment.
 */
export async function leastBusyMember(sql: Sql, workspaceId: string, teamId: string): Promise<{ id: string; name: string; open: number } | undefined> {
  const row = await sql.maybeOne<{ id: string; name: string; open: string }>(
    `SELECT u.id, u.name, count(t.id) AS open
       FROM team_members tm JOIN users u ON u.id = tm.user_id AND u.workspace_id = $1 AND u.active AND u.available
       LEFT JOIN tickets t ON t.workspace_id = $1 AND t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL
      WHERE tm.workspace_id = $1 AND tm.team_id = $2
      GROUP BY u.id, u.name, tm.last_assigned_at
      ORDER BY count(t.id), tm.last_assigned_at ASC NULLS FIRST, u.id
      LIMIT 1`,
    [workspaceId, teamId],
  );
  return row && { id: row.id, name: row.name, open: Number(row.open) };
}

const teamOf = (t: TicketRow, config: Config) => config.teamId ?? t.team_id ?? undefined;

/**
 * Assigns the ticket through the tickets area: to a person, to a team (routing and its own
 * auto-assignment), round-robin in a team, or to the team's least busy member.
 */
export const assignAction: WorkflowAction<Config> = {
  type: 'assign',
  async run(input, config) {
    const ws = input.workspaceId;
    if (input.dryRun) {
      const t = await requireTicket(input.ctx.db, input);
      if (config.mode === 'user') {
        const u = await requireUser(input.ctx.db, ws, config.userId);
        return wouldDo(summary('assign.user', { ticket: t.number, name: u.name }), { ticketId: t.id, assigneeId: u.id });
      }
      const team = await requireTeam(input.ctx.db, ws, teamOf(t, config));
      if (config.mode === 'least_busy') {
        const m = await leastBusyMember(input.ctx.db, ws, team.id);
        if (!m) throw actionError('no_available_agent', 'Nobody in this team is active and available right now');
        return wouldDo(summary('assign.least_busy', { ticket: t.number, name: m.name, team: team.name }), { ticketId: t.id, teamId: team.id, assigneeId: m.id });
      }
      return wouldDo(summary(`assign.${config.mode}`, { ticket: t.number, team: team.name }), { ticketId: t.id, teamId: team.id });
    }
    return once(input, 'assign', async (tx) => {
      await tx.query('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [ws, input.subject.ticketId ?? null]);
      const t = await requireTicket(tx, input);
      let after: TicketRow;
      let s;
      if (config.mode === 'user') {
        const u = await requireUser(tx, ws, config.userId);
        after = await assignTicketInTx(tx, t.id, { mode: 'user', assigneeId: u.id }, input.actor);
        s = summary('assign.user', { ticket: t.number, name: u.name });
      } else {
        const team = await requireTeam(tx, ws, teamOf(t, config));
        if (config.mode === 'team') {
          after = await updateTicketInTx(tx, t.id, { teamId: team.id }, input.actor);
        } else if (config.mode === 'round_robin') {
          after = await assignTicketInTx(tx, t.id, { mode: 'round_robin', teamId: team.id }, input.actor).catch((e: unknown) => {
            if ((e as { id?: string }).id === 'ticket.no_available_agent') throw actionError('no_available_agent', 'Nobody in this team is active and available right now');
            throw e;
          });
        } else {
          const m = await leastBusyMember(tx, ws, team.id);
          if (!m) throw actionError('no_available_agent', 'Nobody in this team is active and available right now');
          if (team.id !== t.team_id) await updateTicketInTx(tx, t.id, { teamId: team.id, assigneeId: m.id }, input.actor);
          after = await assignTicketInTx(tx, t.id, { mode: 'user', assigneeId: m.id }, input.actor);
        }
        s = summary(`assign.${config.mode}`, { ticket: t.number, team: team.name });
      }
      return { summary: s, output: { ticketId: t.id, teamId: after.team_id, assigneeId: after.assignee_id } };
    });
  },
};
