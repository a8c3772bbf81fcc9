import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { sendSurvey } from '../../surveys/index.js';
import { actionError, once, requireCustomer, requireTicket, summary, wouldDo } from './support.js';
import type { ActionInput, WorkflowAction } from './types.js';
import type { Sql } from '../../../core/db/types.js';

async function template(sql: Sql, input: ActionInput, config: ActionConfig<'send_survey'>) {
  const row = config.templateId
    ? await sql.maybeOne<{ id: string; name: string; enabled: boolean }>('SELECT id, name, enabled FROM survey_templates WHERE workspace_id = $1 AND id = $2', [input.workspaceId, config.templateId])
    : await sql.maybeOne<{ id: string; name: string; enabled: boolean }>(
        'SELECT id, name, enabled FROM survey_templates WHERE workspace_id = $1 AND type = $2 AND enabled ORDER BY created_at LIMIT 1',
        [input.workspaceId, config.surveyType],
      );
  if (!row || !row.enabled) throw actionError('survey_template_missing', 'The survey to send is missing or turned off');
  return row;
}

/**
 * Sends a survey through the surveys area (its channel choice by capability, its throttle and its
 * link-only fallback apply); about the run's ticket when there is one. Throttled: nothing is sent, and
 * the run log says so.
 */
export const sendSurveyAction: WorkflowAction<ActionConfig<'send_survey'>> = {
  type: 'send_survey',
  async run(input, config) {
    if (input.dryRun) {
      const tpl = await template(input.ctx.db, input, config);
      const c = await requireCustomer(input.ctx.db, input);
      if (input.subject.ticketId) await requireTicket(input.ctx.db, input);
      return wouldDo(summary('send_survey.sent', { survey: tpl.name }), { templateId: tpl.id, customerId: c.id, ticketId: input.subject.ticketId ?? null });
    }
    return once(input, 'send_survey', async (tx) => {
      const tpl = await template(tx, input, config);
      const c = await requireCustomer(tx, input);
      const out = await sendSurvey(
        input.ctx,
        { workspaceId: input.workspaceId, templateId: tpl.id, customerId: c.id, ticketId: input.subject.ticketId ?? null, reason: 'api' },
        { actor: input.actor, tx },
      );
      if (out.status === 'skipped' && (out.reason === 'template_missing' || out.reason === 'template_disabled')) {
        throw actionError('survey_template_missing', 'The survey to send is missing or turned off');
      }
      return { summary: summary(`send_survey.${out.status}`, { survey: tpl.name }), output: { templateId: tpl.id, customerId: c.id, ...out } };
    });
  },
};
