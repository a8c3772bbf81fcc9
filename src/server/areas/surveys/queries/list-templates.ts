import type { Db } from '../../../core/db/types.js';
import type { SurveyTemplateRow } from '../present.js';

/** The survey templates of a workspace: built-in CSAT, NPS, CES first, then custom ones by age. */
export function listSurveyTemplates(db: Db, workspaceId: string) {
  return db.query<SurveyTemplateRow>(
    `SELECT * FROM survey_templates WHERE workspace_id = $1
     ORDER BY is_default DESC, CASE type WHEN 'csat' THEN 0 WHEN 'nps' THEN 1 WHEN 'ces' THEN 2 ELSE 3 END, created_at, id`,
    [workspaceId],
  );
}
