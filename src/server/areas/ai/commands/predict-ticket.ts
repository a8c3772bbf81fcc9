import type { Db, Sql } from '../../../core/db/types.js';
import { AppError, notFound } from '../../../core/errors.js';
import type { Actor, AuthedActor } from '../../../core/http/actor.js';
import type { StoredEvent } from '../../../core/db/types.js';
import { TICKET_COLUMNS, updateTicketInTx, type TicketRow } from '../../tickets/index.js';
import { AI_FIELDS, COLD_START_MIN_PER_CLASS, type AiField } from '../../../../shared/ai.js';
import type { Priority } from '../../../../shared/common.js';
import { predict } from '../model/classifier.js';
import { loadModel } from '../store.js';
import { fieldSettings } from './settings.js';
import { FIRST_MESSAGES_SQL, ticketText } from './train.js';

export interface FieldPrediction {
  field: AiField;
  label: string;
  confidence: number;
  modelVersion: number;
  /** The predicted class has enough labelled tickets for auto-apply (the cold-start rule). */
  ready: boolean;
}

/** The text of a ticket as the models read it (subject and first customer messages). */
async function textOfTicket(db: Sql, workspaceId: string, ticketId: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ subject: string; body: string | null }>(
    `SELECT t.subject, ${FIRST_MESSAGES_SQL} AS body FROM tickets t WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, ticketId],
  );
  return row ? ticketText(row.subject, row.body) : undefined;
}

/**
 * Predictions for a ticket's fields (or for a text) from the workspace's newest models; fields
 * without a model are left out. Used by the ticket reaction, the AI agent and drafts.
 */
export async function predictTicketFields(db: Sql, workspaceId: string, of: { ticketId: string } | { text: string }): Promise<FieldPrediction[]> {
  const text = 'text' in of ? of.text : await textOfTicket(db, workspaceId, of.ticketId);
  if (text === undefined) return [];
  const out: FieldPrediction[] = [];
  for (const field of AI_FIELDS) {
    const stored = await loadModel(db, workspaceId, field);
    if (!stored) continue;
    const p = predict(stored.model, text);
    const cls = stored.report.classes.find((c) => c.label === p.label);
    const readyClasses = stored.report.classes.filter((c) => c.support >= COLD_START_MIN_PER_CLASS).length;
    out.push({ field, label: p.label, confidence: p.confidence, modelVersion: stored.version, ready: readyClasses >= 2 && (cls?.support ?? 0) >= COLD_START_MIN_PER_CLASS });
  }
  return out;
}

const currentValue = (t: TicketRow, field: AiField): string | null => (field === 'category' ? t.category : field === 'team' ? t.team_id : t.priority);

/**
 * On a new ticket: stores each field's prediction once (a repeated run changes nothing) and applies
 * those the admin set to auto-apply when confident enough, past the cold start, and the field is
 * still unset (priority: still the default "normal"). Applying goes through the tickets' command
 * with the AI as actor, so the timeline shows "Tự động (AI)" and an agent can undo it.
 */
export async function predictAndApply(db: Db, workspaceId: string, ticketId: string): Promise<FieldPrediction[]> {
  const settings = await fieldSettings(db, workspaceId);
  const predictions = (await predictTicketFields(db, workspaceId, { ticketId })).filter((p) => settings[p.field].mode !== 'off');
  const actor: Actor = { kind: 'ai', workspaceId };
  for (const p of predictions) {
    await db.tx(async (tx) => {
      const t = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, ticketId]);
      if (!t || t.merged_into_id) return;
      const inserted = await tx.maybeOne<{ field: string }>(
        `INSERT INTO ai_predictions (workspace_id, ticket_id, field, label, confidence, model_version) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING field`,
        [workspaceId, ticketId, p.field, p.label, p.confidence, p.modelVersion],
      );
      if (!inserted) return; // predicted before: this is a repeated delivery
      const s = settings[p.field];
      const before = currentValue(t, p.field);
      const unset = p.field === 'priority' ? before === 'normal' : before === null;
      if (s.mode !== 'auto' || p.confidence < s.threshold || !p.ready || !unset || before === p.label) return;
      if (p.field === 'team') {
        const team = await tx.maybeOne('SELECT 1 FROM teams WHERE workspace_id = $1 AND id = $2', [workspaceId, p.label]);
        if (!team) return; // the team was deleted since training
      }
      const patch = p.field === 'category' ? { category: p.label } : p.field === 'team' ? { teamId: p.label } : { priority: p.label as Priority };
      await updateTicketInTx(tx, ticketId, patch, actor);
      await tx.query(`UPDATE ai_predictions SET state = 'applied', previous_value = $4, updated_at = now() WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3`, [
        workspaceId,
        ticketId,
        p.field,
        before,
      ]);
    });
  }
  return predictions;
}

/** Takes back an auto-applied prediction: the field returns to its previous value, by the agent. */
export async function undoPrediction(db: Db, actor: AuthedActor, ticketId: string, field: AiField): Promise<void> {
  await db.tx(async (tx) => {
    const ws = actor.workspaceId;
    const p = await tx.maybeOne<{ label: string; state: string; previous_value: string | null }>(
      'SELECT label, state, previous_value FROM ai_predictions WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3 FOR UPDATE',
      [ws, ticketId, field],
    );
    if (!p || p.state !== 'applied') throw new AppError(404, 'ai.nothing_to_undo', 'The AI applied nothing to this field of this ticket');
    const t = await tx.one<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2`, [ws, ticketId]);
    if (currentValue(t, field) !== p.label) throw new AppError(409, 'ai.changed_since', 'The field was changed after the AI set it; nothing to undo');
    await tx.query(`UPDATE ai_predictions SET state = 'undone', updated_at = now() WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3`, [ws, ticketId, field]);
    const prev = p.previous_value;
    const patch = field === 'category' ? { category: prev } : field === 'team' ? { teamId: prev } : { priority: (prev ?? 'normal') as Priority };
    await updateTicketInTx(tx, ticketId, patch, actor);
  });
}

const FIELD_OF_EVENT: Record<string, AiField> = { 'ticket.category_changed': 'category', 'ticket.team_changed': 'team', 'ticket.priority_changed': 'priority' };

/**
 * An agent's later change of a predicted field is the truth for that ticket: the prediction is
 * marked corrected (or accepted when the agent chose the predicted value), and training reads it.
 */
export async function recordCorrections(db: Sql, events: readonly StoredEvent[]): Promise<void> {
  for (const e of events) {
    const field = FIELD_OF_EVENT[e.type];
    if (!field || (e.actor_type !== 'user' && e.actor_type !== 'token')) continue;
    const data = e.data as { ticketId: string; to: string | null };
    if (!data.to) continue;
    await db.query(
      `UPDATE ai_predictions SET state = CASE WHEN label = $4 THEN 'accepted' ELSE 'corrected' END,
         corrected_to = CASE WHEN label = $4 THEN NULL ELSE $4 END, updated_at = now()
       WHERE workspace_id = $1 AND ticket_id = $2 AND field = $3 AND state <> 'undone'`,
      [e.workspace_id, data.ticketId, field, data.to],
    );
  }
}

/** The stored predictions of one ticket. */
export async function ticketPredictions(db: Sql, workspaceId: string, ticketId: string) {
  const exists = await db.maybeOne('SELECT 1 FROM tickets WHERE workspace_id = $1 AND id = $2', [workspaceId, ticketId]);
  if (!exists) throw notFound('ticket');
  return db.query<{ field: AiField; label: string; confidence: number; state: string; previous_value: string | null; model_version: number; created_at: Date; dismissed_at: Date | null }>(
    'SELECT field, label, confidence, state, previous_value, model_version, created_at, dismissed_at FROM ai_predictions WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY field',
    [workspaceId, ticketId],
  );
}
