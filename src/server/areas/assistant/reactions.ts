import type { Reaction } from '../../core/events/reactions.js';
import { isEvent } from '../../core/events/types.js';
import { AGENT_CHANNELS } from '../../../shared/assistant.js';
import { respondToMessage } from './agent/respond.js';

/** The AI agent answers (or hands off) each inbound customer message on web chat, Zalo and Messenger. */
export const aiAgentReaction: Reaction = {
  name: 'assistant.agent',
  handles: ['message.created'],
  async run(ctx, events) {
    for (const e of events) {
      if (!isEvent(e, 'message.created')) continue;
      if (e.data.direction !== 'inbound' || !(AGENT_CHANNELS as readonly string[]).includes(e.data.channel)) continue;
      await respondToMessage(ctx, e.workspace_id, e.subject_id);
    }
  },
};
