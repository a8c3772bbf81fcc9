import { z } from 'zod';
import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import { appendEvent, type NewEvent } from '../../../core/events/append.js';
import type { EventDataWithout, EventType } from '../../../core/events/types.js';
import { newId } from '../../../core/lib/ids.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { SurveyTemplateRow } from '../present.js';
import { SurveyQuestionSchema, SurveyTriggersSchema, type SurveyQuestion, type SurveyType } from '../../../../shared/surveys.js';

/** Questions of a template: at least one, unique ids, a rating has its top, a choice its options (unique values). */
export const SurveyQuestionsSchema = z
  .array(SurveyQuestionSchema)
  .min(1, 'A survey needs at least one question')
  .max(30)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Question id "${q.id}" is used twice` });
      seen.add(q.id);
      if (q.kind === 'rating' && q.max === undefined) ctx.addIssue({ code: 'custom', path: [i, 'max'], message: 'A rating question needs the top of its scale (max)' });
      if (q.kind === 'choice') {
        if (!q.options || q.options.length < 2) ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'A choice question needs at least two options' });
        else if (new Set(q.options.map((o) => o.value)).size !== q.options.length) ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'Option values must differ' });
      }
    });
  });

const fields = {
  name: z.string().trim().min(1).max(200),
  questions: SurveyQuestionsSchema,
  triggers: SurveyTriggersSchema,
  lowScoreThreshold: z.number().int().min(0).max(10).nullable(),
  editWindowMinutes: z.number().int().min(0).max(60 * 24 * 30),
  expiresAfterDays: z.number().int().min(1).max(365),
  enabled: z.boolean(),
};

/** A custom template (built-in ones exist per workspace already and are edited, not created). */
export const SurveyTemplateCreateSchema = z.object({
  type: z.literal('custom').default('custom'),
  name: fields.name,
  questions: fields.questions,
  triggers: fields.triggers.optional(),
  lowScoreThreshold: fields.lowScoreThreshold.optional(),
  editWindowMinutes: fields.editWindowMinutes.optional(),
  expiresAfterDays: fields.expiresAfterDays.optional(),
  enabled: fields.enabled.optional(),
});
export const SurveyTemplatePatchSchema = z.object(fields).partial();
export type SurveyTemplateCreate = z.infer<typeof SurveyTemplateCreateSchema>;
export type SurveyTemplatePatch = z.infer<typeof SurveyTemplatePatchSchema>;

const SCALE_KINDS = ['csat', 'nps', 'ces'] as const;

/**
 * The kinds a template may hold: a built-in keeps exactly one question of its own scale (csat/nps/ces)
 * — metrics read that score —, a custom one mixes rating/choice/text (its score is the first rating).
 */
function checkKinds(type: SurveyType, questions: SurveyQuestion[]) {
  const scale = questions.filter((q) => (SCALE_KINDS as readonly string[]).includes(q.kind));
  if (type === 'custom') {
    if (scale.length) throw badRequest('survey_template.invalid_questions', 'A custom survey uses rating, choice and text questions', { field: 'questions' });
    return;
  }
  if (scale.length !== 1 || scale[0].kind !== type) {
    throw badRequest('survey_template.scale_required', `A ${type.toUpperCase()} survey keeps exactly one ${type.toUpperCase()} question`, { field: 'questions' });
  }
}

type SettingEvent = Extract<EventType, `survey_template.${string}`>;
const event = <K extends SettingEvent>(tx: Tx, actor: AuthedActor, id: string, type: K, data: EventDataWithout<K, 'surveyTemplateId'>) =>
  // data plus surveyTemplateId is K's catalogued data; TypeScript cannot follow that through the generic K.
  appendEvent(tx, { workspaceId: actor.workspaceId, type, subjectType: 'setting', subjectId: id, actor, data: { ...data, surveyTemplateId: id } } as NewEvent);

export async function createSurveyTemplate(db: Db, input: SurveyTemplateCreate, actor: AuthedActor) {
  checkKinds('custom', input.questions);
  return db.tx(async (tx) => {
    const row = await tx.one<SurveyTemplateRow>(
      `INSERT INTO survey_templates (id, workspace_id, type, name, questions, triggers, low_score_threshold, edit_window_minutes, expires_after_days, enabled)
       VALUES ($1, $2, 'custom', $3, $4, $5, $6, coalesce($7, 1440), coalesce($8, 14), coalesce($9, true)) RETURNING *`,
      [
        newId(), actor.workspaceId, input.name, JSON.stringify(input.questions), JSON.stringify(SurveyTriggersSchema.parse(input.triggers ?? {})),
        input.lowScoreThreshold ?? null, input.editWindowMinutes ?? null, input.expiresAfterDays ?? null, input.enabled ?? null,
      ],
    );
    await event(tx, actor, row.id, 'survey_template.created', { type: 'custom' });
    return row;
  });
}

export async function updateSurveyTemplate(db: Db, id: string, patch: SurveyTemplatePatch, actor: AuthedActor) {
  return db.tx(async (tx) => {
    const cur = await tx.maybeOne<{ id: string; type: SurveyType }>('SELECT id, type FROM survey_templates WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [actor.workspaceId, id]);
    if (!cur) throw notFound('survey_template');
    if (patch.questions) checkKinds(cur.type, patch.questions);
    const row = await tx.one<SurveyTemplateRow>(
      `UPDATE survey_templates SET
         name = coalesce($3, name), questions = coalesce($4::jsonb, questions), triggers = coalesce($5::jsonb, triggers),
         low_score_threshold = CASE WHEN $6 THEN $7::int ELSE low_score_threshold END,
         edit_window_minutes = coalesce($8, edit_window_minutes), expires_after_days = coalesce($9, expires_after_days),
         enabled = coalesce($10, enabled), updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [
        actor.workspaceId, id, patch.name ?? null, patch.questions ? JSON.stringify(patch.questions) : null, patch.triggers ? JSON.stringify(patch.triggers) : null,
        patch.lowScoreThreshold !== undefined, patch.lowScoreThreshold ?? null, patch.editWindowMinutes ?? null, patch.expiresAfterDays ?? null, patch.enabled ?? null,
      ],
    );
    await event(tx, actor, id, 'survey_template.updated', { fields: Object.keys(patch) });
    return row;
  });
}

/** Deletes a custom template without answers (its unanswered requests go with it); built-in or answered ones can only be disabled (409). */
export async function deleteSurveyTemplate(db: Db, id: string, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const cur = await tx.maybeOne<{ is_default: boolean }>('SELECT is_default FROM survey_templates WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [actor.workspaceId, id]);
    if (!cur) throw notFound('survey_template');
    if (cur.is_default) throw new AppError(409, 'survey_template.builtin', 'A built-in survey cannot be deleted; disable it instead');
    // Answers feed the metrics: a template that has any is kept (disabled), never deleted with them.
    const answered = await tx.maybeOne('SELECT 1 FROM survey_answers WHERE workspace_id = $1 AND template_id = $2 LIMIT 1', [actor.workspaceId, id]);
    if (answered) throw new AppError(409, 'survey_template.has_answers', 'This survey has answers; disable it instead of deleting it');
    await tx.query('DELETE FROM survey_templates WHERE workspace_id = $1 AND id = $2', [actor.workspaceId, id]);
    await event(tx, actor, id, 'survey_template.deleted', {});
  });
}
