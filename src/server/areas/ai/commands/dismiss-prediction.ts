import type { Db } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { AiField } from '../../../../shared/ai.js';

/**
 * Dismisses the AI's suggestion for one field of a ticket (or takes the dismissal back): stored on the
 * prediction, so it stays dismissed after a reload and for every agent, with an event on the ticket
 * (its timeline, other agents' screens). Only a suggestion still standing can be dismissed; doing it
 * twice changes nothing. Dismissing is not a correction: training learns only from the field's value.
 */
export async function setPredictionDismissed(db: Db, actor: AuthedActor, ticketId: string, field: AiField, dismissed: boolean): Promise<void> {
  const ws = actor.workspaceId;
  await db.tx(async (tx) => {
    const p = await tx.maybeOne<{ label: string; state: string; dismissed_at: Date | null }>(
      'SELECT label, state, dismissed_at FROM ai_predictions WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3 FOR UPDATE',
      [ws, ticketId, field],
    );
    if (!p || (dismissed && p.state !== 'suggested')) throw new AppError(404, 'ai.no_suggestion', 'The AI has no standing suggestion for this field of this ticket');
    if (!!p.dismissed_at === dismissed) return;
    await tx.query(
      'UPDATE ai_predictions SET dismissed_at = CASE WHEN $4 THEN now() END, dismissed_by = CASE WHEN $4 THEN $5::uuid END, updated_at = now() WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3',
      [ws, ticketId, field, dismissed, actor.kind === 'user' ? actor.id : null],
    );
    await appendEvent(tx, {
      workspaceId: ws,
      type: dismissed ? 'ai.suggestion_dismissed' : 'ai.suggestion_restored',
      subjectType: 'ticket',
      subjectId: ticketId,
      actor,
      data: { ticketId, field, label: p.label },
    });
  });
}
