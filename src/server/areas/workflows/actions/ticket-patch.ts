import type { Sql } from '../../../core/db/types.js';
import { updateTicketInTx, type TicketRow } from '../../tickets/index.js';
import { once, requireTicket, summary, wouldDo } from './support.js';
import type { ActionInput, ActionResult } from './types.js';

type Patch = Parameters<typeof updateTicketInTx>[2];

/**
 * A ticket edit through the tickets area's update command, with the run's actor: the patch is worked
 * out from the ticket as it is (in the effect's transaction, after locking, so "raise" reads the
 * current priority), once per key. A test run reads the ticket and says what would change.
 */
export async function patchTicketAction(
  input: ActionInput,
  type: string,
  plan: (t: TicketRow, sql: Sql) => Promise<{ patch: Patch; values: Record<string, string | number> }>,
): Promise<ActionResult> {
  if (input.dryRun) {
    const t = await requireTicket(input.ctx.db, input);
    const { patch, values } = await plan(t, input.ctx.db);
    return wouldDo(summary(type, { ticket: t.number, ...values }), { ticketId: t.id, patch });
  }
  return once(input, type, async (tx) => {
    await tx.query('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [input.workspaceId, input.subject.ticketId ?? null]);
    const t = await requireTicket(tx, input);
    const { patch, values } = await plan(t, tx);
    const after = await updateTicketInTx(tx, t.id, patch, input.actor);
    return { summary: summary(type, { ticket: t.number, ...values }), output: { ticketId: t.id, patch, status: after.status, priority: after.priority, assigneeId: after.assignee_id, teamId: after.team_id } };
  });
}
