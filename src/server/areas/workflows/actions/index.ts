/** The workflow actions' registry: the allow-list of shared/workflow-actions.ts, one file each, run with a validated config. */
import { actionConfigProblems, isWorkflowActionType, WORKFLOW_ACTIONS, type WorkflowActionType } from '../../../../shared/workflow-actions.js';
import { addNoteAction } from './add-note.js';
import { assignAction } from './assign.js';
import { callWebhookAction } from './call-webhook.js';
import { createTicketAction } from './create-ticket.js';
import { setCustomerAttributeAction, setLifecycleStageAction } from './customer-fields.js';
import { notifyAction } from './notify.js';
import { sendMessageAction } from './send-message.js';
import { sendSurveyAction } from './send-survey.js';
import { sendUsageGuideAction } from './send-usage-guide.js';
import { setCategoryAction } from './set-category.js';
import { setPriorityAction } from './set-priority.js';
import { setStatusAction } from './set-status.js';
import { setTicketFieldAction } from './set-ticket-field.js';
import { actionError } from './support.js';
import { addTagAction, removeTagAction } from './tags.js';
import type { ActionInput, ActionResult, WorkflowAction } from './types.js';

export type { ActionInput, ActionResult, RunSubject, WorkflowAction } from './types.js';

/** Every action by type; the catalogue and this registry list the same types (a test checks it). */
// Each action takes its own config type; the registry holds them as one kind (the config is parsed by type before run).
export const WORKFLOW_ACTION_REGISTRY: Record<WorkflowActionType, WorkflowAction<never>> = {
  assign: assignAction,
  set_status: setStatusAction,
  set_priority: setPriorityAction,
  set_category: setCategoryAction,
  set_ticket_field: setTicketFieldAction,
  add_tag: addTagAction,
  remove_tag: removeTagAction,
  add_note: addNoteAction,
  send_message: sendMessageAction,
  send_survey: sendSurveyAction,
  send_usage_guide: sendUsageGuideAction,
  create_ticket: createTicketAction,
  notify: notifyAction,
  call_webhook: callWebhookAction,
  set_customer_attribute: setCustomerAttributeAction,
  set_lifecycle_stage: setLifecycleStageAction,
};

/**
 * Runs one action node: its type must be on the allow-list (workflow_action.unknown_type) and its config
 * valid for it (workflow_action.invalid_config, with the zod issues); then the action runs and throws its
 * own AppError on failure.
 */
export async function runWorkflowAction(type: string, input: ActionInput, config: unknown): Promise<ActionResult> {
  if (!isWorkflowActionType(type)) throw actionError('unknown_type', `There is no action "${type}"`);
  const parsed = WORKFLOW_ACTIONS[type].safeParse(config ?? {});
  if (!parsed.success) throw actionError('invalid_config', `The action's settings are not valid`, parsed.error.issues);
  const missing = actionConfigProblems(type, parsed.data as Record<string, unknown>);
  if (missing.length) throw actionError('invalid_config', `The action's settings miss ${missing.join(', ')}`, missing.map((path) => ({ path: [path], message: 'required' })));
  const action = WORKFLOW_ACTION_REGISTRY[type] as unknown as WorkflowAction<unknown>;
  return action.run(input, parsed.data);
}

export { actionError } from './support.js';
