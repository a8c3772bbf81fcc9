import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { patchTicketAction } from './ticket-patch.js';
import type { WorkflowAction } from './types.js';

/** Sets (or clears, with null) the ticket's category. */
export const setCategoryAction: WorkflowAction<ActionConfig<'set_category'>> = {
  type: 'set_category',
  run: (input, config) => patchTicketAction(input, 'set_category', async () => ({ patch: { category: config.category || null }, values: { category: config.category ?? '' } })),
};
