import type { AppContext } from '../../../core/context.js';
import { AppError, badRequest, notFound } from '../../../core/errors.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import type { SurveyType } from '../../../../shared/surveys.js';
import { sendSurvey, type SendOutcome } from '../send-survey.js';

export interface SurveyCustomerInput {
  customerId: string;
  /** The survey: a template of the workspace, or the built-in (else first) template of a type. */
  templateId?: string;
  type?: SurveyType;
  ticketId?: string;
  /** What the survey is about when it is not a ticket, e.g. "order:DH1024". */
  aboutRef?: string;
  /** Deliver only through this channel (e.g. "email"). */
  channel?: string;
}

/**
 * Someone asks to survey a customer now (API, ticket page). Refused with a clear error when the
 * customer is unknown (404) or merged away (409 customer.merged), the ticket is unknown (404) or
 * another customer's (400 survey.ticket_customer_mismatch), the survey is unknown (404) or disabled
 * (409 survey_template.disabled). The checks and the send share one transaction; the send's own
 * rules (throttle, spam, duplicates) then decide the outcome.
 */
export async function surveyCustomer(ctx: AppContext, input: SurveyCustomerInput, actor: AuthedActor): Promise<SendOutcome> {
  const ws = actor.workspaceId;
  return ctx.db.tx(async (tx) => {
    const customer = await tx.maybeOne<{ merged_into_id: string | null }>('SELECT merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2', [ws, input.customerId]);
    if (!customer) throw notFound('customer');
    if (customer.merged_into_id) {
      throw new AppError(409, 'customer.merged', 'This customer was merged into another profile; survey that one', { mergedIntoId: customer.merged_into_id });
    }
    if (input.ticketId) {
      const ticket = await tx.maybeOne<{ customer_id: string }>('SELECT customer_id FROM tickets WHERE workspace_id = $1 AND id = $2', [ws, input.ticketId]);
      if (!ticket) throw notFound('ticket');
      if (ticket.customer_id !== input.customerId) throw badRequest('survey.ticket_customer_mismatch', 'The ticket belongs to another customer', { field: 'ticketId' });
    }
    const template = input.templateId
      ? await tx.maybeOne<{ id: string; enabled: boolean }>('SELECT id, enabled FROM survey_templates WHERE workspace_id = $1 AND id = $2', [ws, input.templateId])
      : await tx.maybeOne<{ id: string; enabled: boolean }>(
          'SELECT id, enabled FROM survey_templates WHERE workspace_id = $1 AND type = $2 ORDER BY is_default DESC, enabled DESC, created_at LIMIT 1',
          [ws, input.type],
        );
    if (!template) throw notFound('survey_template');
    if (!template.enabled) throw new AppError(409, 'survey_template.disabled', 'This survey is disabled; enable it in the survey settings first');
    return sendSurvey(
      ctx,
      { workspaceId: ws, templateId: template.id, customerId: input.customerId, ticketId: input.ticketId, aboutRef: input.aboutRef, channel: input.channel, reason: 'api' },
      { actor, tx },
    );
  });
}
