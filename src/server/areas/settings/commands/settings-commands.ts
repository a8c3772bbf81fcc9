import type { Db } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { BusinessHours } from '../../../../shared/settings.js';
import type { Priority } from '../../../../shared/common.js';
import { diff } from '../../access/index.js';
import type { SlaPolicyRow, WorkspaceRow } from '../presenters/settings.js';

export interface WorkspaceSettingsPatch {
  name?: string;
  timezone?: string;
  locale?: 'vi' | 'en';
  businessHours?: BusinessHours;
}

/** Updates the workspace's name, time zone, language and weekly business hours. */
export async function updateWorkspaceSettings(db: Db, patch: WorkspaceSettingsPatch, actor: AuthedActor) {
  return db.tx(async (tx) => {
    const before = await tx.one<WorkspaceRow>('SELECT * FROM workspaces WHERE id = $1 FOR UPDATE', [actor.workspaceId]);
    const after = await tx.one<WorkspaceRow>(
      `UPDATE workspaces SET name = $2, timezone = $3, locale = $4, business_hours = $5::jsonb WHERE id = $1 RETURNING *`,
      [
        actor.workspaceId,
        patch.name?.trim() ?? before.name,
        patch.timezone ?? before.timezone,
        patch.locale ?? before.locale,
        JSON.stringify(patch.businessHours ?? before.business_hours),
      ],
    );
    const changes = diff(before, after, ['name', 'timezone', 'locale', 'business_hours']);
    if (Object.keys(changes).length > 0) {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'settings.updated', subjectType: 'workspace', subjectId: actor.workspaceId, actor, data: { changes } });
    }
    return after;
  });
}

/** Replaces the whole holiday list (the settings screen edits it as one list). */
export async function replaceHolidays(db: Db, holidays: { day: string; name: string }[], actor: AuthedActor) {
  const seen = new Set<string>();
  for (const h of holidays) {
    if (seen.has(h.day)) throw badRequest('holiday.duplicate_day', `${h.day} is listed twice`);
    seen.add(h.day);
  }
  return db.tx(async (tx) => {
    await tx.query('DELETE FROM holidays WHERE workspace_id = $1', [actor.workspaceId]);
    for (const h of holidays) {
      await tx.query('INSERT INTO holidays (id, workspace_id, day, name) VALUES ($1, $2, $3::date, $4)', [newId(), actor.workspaceId, h.day, h.name.trim()]);
    }
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'holidays.replaced',
      subjectType: 'workspace',
      subjectId: actor.workspaceId,
      actor,
      data: { days: [...seen].sort() },
    });
    return listHolidays(tx, actor.workspaceId);
  });
}

/** Holidays of a workspace in calendar order; `day` as yyyy-MM-dd text. */
export async function listHolidays(sql: Pick<Db, 'query'>, workspaceId: string) {
  return sql.query<{ day: string; name: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM holidays WHERE workspace_id = $1 ORDER BY day`,
    [workspaceId],
  );
}

/** Sets the SLA targets of one priority (creating the policy if the workspace had none for it). */
export async function setSlaPolicy(db: Db, priority: Priority, input: { firstResponseMinutes: number; resolutionMinutes: number }, actor: AuthedActor) {
  if (input.resolutionMinutes < input.firstResponseMinutes) {
    throw badRequest('sla.resolution_before_first_response', 'The resolution target cannot be shorter than the first-response target');
  }
  return db.tx(async (tx) => {
    const before = await tx.maybeOne<SlaPolicyRow>('SELECT * FROM sla_policies WHERE workspace_id = $1 AND priority = $2 FOR UPDATE', [actor.workspaceId, priority]);
    const row = await tx.one<SlaPolicyRow>(
      `INSERT INTO sla_policies (id, workspace_id, priority, first_response_minutes, resolution_minutes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, priority) DO UPDATE SET first_response_minutes = EXCLUDED.first_response_minutes, resolution_minutes = EXCLUDED.resolution_minutes
       RETURNING *`,
      [newId(), actor.workspaceId, priority, input.firstResponseMinutes, input.resolutionMinutes],
    );
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'sla_policy.updated',
      subjectType: 'setting',
      subjectId: row.id,
      actor,
      data: {
        priority,
        from: before ? { firstResponseMinutes: before.first_response_minutes, resolutionMinutes: before.resolution_minutes } : null,
        to: input,
      },
    });
    return row;
  });
}
