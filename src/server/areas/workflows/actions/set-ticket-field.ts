import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { actionError } from './support.js';
import { patchTicketAction } from './ticket-patch.js';
import type { WorkflowAction } from './types.js';

/** Sets one of the ticket's text fields by name (subject, category). */
export const setTicketFieldAction: WorkflowAction<ActionConfig<'set_ticket_field'>> = {
  type: 'set_ticket_field',
  run: (input, config) =>
    patchTicketAction(input, 'set_ticket_field', async () => {
      if (config.field === 'subject' && !config.value) throw actionError('invalid_value', 'A ticket needs a subject');
      const patch = config.field === 'subject' ? { subject: config.value } : { category: config.value || null };
      return { patch, values: { field: config.field, value: config.value } };
    }),
};
