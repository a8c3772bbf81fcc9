import { z } from 'zod';
import type { Db, Tx } from '../../../core/db/types.js';
import { badRequest, notFound } from '../../../core/errors.js';
import { appendEvent, type NewEvent } from '../../../core/events/append.js';
import type { EventDataWithout, EventType } from '../../../core/events/types.js';
import { newId } from '../../../core/lib/ids.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { CampaignAudienceSchema, computeNextRun, type CampaignRow } from '../campaigns.js';

const fields = {
  templateId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  audience: CampaignAudienceSchema,
  /** Cron (minute hour day month weekday) in the workspace time zone, e.g. quarterly at 09:00 on the 1st: minute 0, hour 9, day 1, every 3rd month. */
  schedule: z.string().trim().min(1).max(100).nullable(),
  /** A single run at this instant (used when there is no schedule). */
  runAt: z.iso.datetime({ offset: true }).nullable(),
  enabled: z.boolean(),
};
export const SurveyCampaignCreateSchema = z.object({
  templateId: fields.templateId,
  name: fields.name,
  audience: fields.audience.optional(),
  schedule: fields.schedule.optional(),
  runAt: fields.runAt.optional(),
  enabled: fields.enabled.optional(),
});
export const SurveyCampaignPatchSchema = z.object(fields).partial();
export type SurveyCampaignCreate = z.infer<typeof SurveyCampaignCreateSchema>;
export type SurveyCampaignPatch = z.infer<typeof SurveyCampaignPatchSchema>;

type SettingEvent = Extract<EventType, `survey_campaign.${string}`>;
const event = <K extends SettingEvent>(tx: Tx, actor: AuthedActor, id: string, type: K, data: EventDataWithout<K, 'surveyCampaignId'>) =>
  // data plus surveyCampaignId is K's catalogued data; TypeScript cannot follow that through the generic K.
  appendEvent(tx, { workspaceId: actor.workspaceId, type, subjectType: 'setting', subjectId: id, actor, data: { ...data, surveyCampaignId: id } } as NewEvent);

async function checkTemplate(tx: Tx, workspaceId: string, templateId: string) {
  const t = await tx.maybeOne('SELECT 1 FROM survey_templates WHERE workspace_id = $1 AND id = $2', [workspaceId, templateId]);
  if (!t) throw badRequest('survey_campaign.invalid_template', 'The survey does not exist in this workspace', { field: 'templateId' });
}

/** Re-computes when the campaign is next due (400 survey_campaign.invalid_schedule for a bad cron). */
async function reschedule(tx: Tx, row: CampaignRow): Promise<CampaignRow> {
  const next = await computeNextRun(tx, row);
  return tx.one<CampaignRow>('UPDATE survey_campaigns SET next_run_at = $2 WHERE id = $1 RETURNING *', [row.id, next]);
}

export async function createSurveyCampaign(db: Db, input: SurveyCampaignCreate, actor: AuthedActor): Promise<CampaignRow> {
  return db.tx(async (tx) => {
    await checkTemplate(tx, actor.workspaceId, input.templateId);
    const row = await tx.one<CampaignRow>(
      `INSERT INTO survey_campaigns (id, workspace_id, template_id, name, audience, schedule, run_at, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, true)) RETURNING *`,
      [newId(), actor.workspaceId, input.templateId, input.name, JSON.stringify(CampaignAudienceSchema.parse(input.audience ?? {})), input.schedule ?? null, input.runAt ?? null, input.enabled ?? null],
    );
    const out = await reschedule(tx, row);
    await event(tx, actor, row.id, 'survey_campaign.created', {});
    return out;
  });
}

export async function updateSurveyCampaign(db: Db, id: string, patch: SurveyCampaignPatch, actor: AuthedActor): Promise<CampaignRow> {
  return db.tx(async (tx) => {
    const cur = await tx.maybeOne<CampaignRow>('SELECT * FROM survey_campaigns WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [actor.workspaceId, id]);
    if (!cur) throw notFound('survey_campaign');
    if (patch.templateId) await checkTemplate(tx, actor.workspaceId, patch.templateId);
    const row = await tx.one<CampaignRow>(
      `UPDATE survey_campaigns SET template_id = coalesce($3, template_id), name = coalesce($4, name), audience = coalesce($5::jsonb, audience),
         schedule = CASE WHEN $6 THEN $7 ELSE schedule END, run_at = CASE WHEN $8 THEN $9::timestamptz ELSE run_at END,
         enabled = coalesce($10, enabled), updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [
        actor.workspaceId, id, patch.templateId ?? null, patch.name ?? null, patch.audience ? JSON.stringify(patch.audience) : null,
        patch.schedule !== undefined, patch.schedule ?? null, patch.runAt !== undefined, patch.runAt ?? null, patch.enabled ?? null,
      ],
    );
    const out = await reschedule(tx, row);
    await event(tx, actor, id, 'survey_campaign.updated', { fields: Object.keys(patch) });
    return out;
  });
}

export async function deleteSurveyCampaign(db: Db, id: string, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne('DELETE FROM survey_campaigns WHERE workspace_id = $1 AND id = $2 RETURNING id', [actor.workspaceId, id]);
    if (!row) throw notFound('survey_campaign');
    await event(tx, actor, id, 'survey_campaign.deleted', {});
  });
}
