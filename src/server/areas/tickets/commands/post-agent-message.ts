import type { AppContext } from '../../../core/context.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { renderTemplate } from '../../../core/lib/template.js';
import { addMessage, type MessageRow, type NewAttachment } from './add-message.js';
import { loadTemplateValues } from './template-context.js';
import { assertNotMerged, lockTicket, type TicketRow } from './ticket-store.js';

export interface PostAgentMessageInput {
  kind: 'reply' | 'note';
  body: string;
  contentType: 'text' | 'html';
  attachments: NewAttachment[];
  /** Fill {{customer.first_name}}-style variables at send time (the client asks for it). */
  renderVariables?: boolean;
}

/**
 * An agent's public reply or internal note on a ticket. Delivery to the channel happens after
 * commit (outbound processors); here the message is recorded and the ticket's steps advance.
 */
export async function postAgentMessage(
  ctx: Pick<AppContext, 'db' | 'channels'>,
  ticketId: string,
  input: PostAgentMessageInput,
  actor: AuthedActor,
): Promise<{ message: MessageRow; ticket: TicketRow; unknownVariables: string[] }> {
  return ctx.db.tx(async (tx) => {
    const t = await lockTicket(tx, actor.workspaceId, ticketId);
    assertNotMerged(t);
    let body = input.body;
    let unknownVariables: string[] = [];
    if (input.renderVariables) {
      const r = renderTemplate(body, await loadTemplateValues(tx, t, actor));
      body = r.text;
      unknownVariables = r.unknownVariables;
    }
    const res = await addMessage(tx, t, {
      direction: input.kind === 'reply' ? 'outbound' : 'note',
      authorUserId: actor.kind === 'user' ? actor.id : null,
      channel: t.channel,
      body,
      contentType: input.contentType,
      attachments: input.attachments,
      actor,
      deliver: input.kind === 'reply' && ctx.channels.sends(t.channel),
    });
    return { ...res, unknownVariables };
  });
}
