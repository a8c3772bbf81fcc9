import type { SurveyTemplateDto } from '../../../shared/surveys.js';
import { SurveyTriggersSchema } from '../../../shared/surveys.js';
import { CampaignAudienceSchema, type CampaignRow } from './campaigns.js';
import type { TemplateRow } from './send-survey.js';

/** A survey_templates row (SELECT * / RETURNING *). */
export interface SurveyTemplateRow extends TemplateRow {
  low_score_threshold: number | null;
  edit_window_minutes: number;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** survey_templates row → API (SurveyTemplateSchema), fields listed explicitly. */
export function presentTemplate(r: SurveyTemplateRow): SurveyTemplateDto {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    questions: r.questions,
    triggers: SurveyTriggersSchema.parse(r.triggers ?? {}),
    lowScoreThreshold: r.low_score_threshold,
    editWindowMinutes: r.edit_window_minutes,
    expiresAfterDays: r.expires_after_days,
    enabled: r.enabled,
    isDefault: r.is_default,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** survey_campaigns row → API. */
export function presentCampaign(r: CampaignRow) {
  return {
    id: r.id,
    templateId: r.template_id,
    name: r.name,
    audience: CampaignAudienceSchema.parse(r.audience ?? {}),
    schedule: r.schedule,
    runAt: iso(r.run_at),
    nextRunAt: iso(r.next_run_at),
    lastRunAt: iso(r.last_run_at),
    lastRunSent: r.last_run_sent,
    enabled: r.enabled,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}
