import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { patchTicketAction } from './ticket-patch.js';
import type { WorkflowAction } from './types.js';

/** Moves the ticket to a step of the process (resolve, close …) as the workflow. */
export const setStatusAction: WorkflowAction<ActionConfig<'set_status'>> = {
  type: 'set_status',
  run: (input, config) => patchTicketAction(input, 'set_status', async () => ({ patch: { status: config.status }, values: { status: config.status } })),
};
