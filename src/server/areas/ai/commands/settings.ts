import type { Db, Sql } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { AI_FIELDS, type AiField, type AiMode } from '../../../../shared/ai.js';

export interface FieldSetting {
  field: AiField;
  mode: AiMode;
  threshold: number;
}

/** Until an admin chooses: suggest only, and 0.8 as the auto-apply confidence. */
export const DEFAULT_FIELD_SETTING = { mode: 'suggest' as AiMode, threshold: 0.8 };

/** Each field's mode and threshold (defaults where the admin has not chosen). */
export async function fieldSettings(db: Sql, workspaceId: string): Promise<Record<AiField, FieldSetting>> {
  const rows = await db.query<{ field: AiField; mode: AiMode; threshold: number }>('SELECT field, mode, threshold FROM ai_field_settings WHERE workspace_id = $1', [workspaceId]);
  const out = {} as Record<AiField, FieldSetting>;
  for (const field of AI_FIELDS) {
    const r = rows.find((x) => x.field === field);
    out[field] = r ? { field, mode: r.mode, threshold: Number(r.threshold) } : { field, ...DEFAULT_FIELD_SETTING };
  }
  return out;
}

/** Sets one field's mode and threshold (an event records who changed it). */
export async function saveFieldSetting(db: Db, actor: AuthedActor, field: AiField, input: { mode: AiMode; threshold: number }): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query(
      `INSERT INTO ai_field_settings (workspace_id, field, mode, threshold) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, field) DO UPDATE SET mode = EXCLUDED.mode, threshold = EXCLUDED.threshold, updated_at = now()`,
      [actor.workspaceId, field, input.mode, input.threshold],
    );
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'ai.settings_changed',
      subjectType: 'setting',
      subjectId: actor.workspaceId,
      actor,
      data: { field, mode: input.mode, threshold: input.threshold },
    });
  });
}
