import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { addMessage, lockTicket } from '../../tickets/index.js';
import { once, renderForRun, requireCustomer, requireTicket, summary, wouldDo } from './support.js';
import type { WorkflowAction } from './types.js';

/** An internal note on the ticket, written by the workflow (variables filled), never sent to the customer. */
export const addNoteAction: WorkflowAction<ActionConfig<'add_note'>> = {
  type: 'add_note',
  async run(input, config) {
    if (input.dryRun) {
      const t = await requireTicket(input.ctx.db, input);
      const body = await renderForRun(input.ctx.db, input, config.body, await requireCustomer(input.ctx.db, input), t);
      return wouldDo(summary('add_note', { ticket: t.number }), { ticketId: t.id, body });
    }
    return once(input, 'add_note', async (tx) => {
      await requireTicket(tx, input);
      const t = await lockTicket(tx, input.workspaceId, input.subject.ticketId!);
      const body = await renderForRun(tx, input, config.body, await requireCustomer(tx, input), t);
      const { message } = await addMessage(tx, t, {
        direction: 'note', authorUserId: null, channel: t.channel, body, contentType: 'text', attachments: [], automated: true, actor: input.actor,
      });
      return { summary: summary('add_note', { ticket: t.number }), output: { ticketId: t.id, messageId: message.id } };
    });
  },
};
