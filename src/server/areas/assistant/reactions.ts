import type { Reaction } from '../../core/events/reactions.js';
import type { StoredEvent } from '../../core/db/types.js';
import { isEvent, type StoredEventOf } from '../../core/events/types.js';
import { AGENT_CHANNELS } from '../../../shared/assistant.js';
import { respondToMessage } from './agent/respond.js';

const inboundOnAgentChannels = (events: readonly StoredEvent[]) =>
  events.filter((e): e is StoredEventOf<'message.created'> => isEvent(e, 'message.created') && e.data.direction === 'inbound' && (AGENT_CHANNELS as readonly string[]).includes(e.data.channel));

/** The AI agent answers (or hands off) each inbound customer message on web chat, Zalo and Messenger. */
export const aiAgentReaction: Reaction = {
  name: 'assistant.agent',
  handles: ['message.created'],
  // It waits on a model endpoint (seconds): the other reactions of a message must not wait for it.
  ownJob: true,
  // Every customer message passes here, and most workspaces never switch the agent on: one indexed read in
  // the writing transaction spares them the job (respondToMessage skips a channel the settings leave out).
  settingsCheck(events) {
    const inbound = inboundOnAgentChannels(events);
    if (inbound.length === 0) return false;
    return {
      sql: `SELECT coalesce(json_agg(json_build_object('w', workspace_id, 'c', agent_channels)), '[]'::json)
            FROM assistant_settings WHERE workspace_id = ANY($1::uuid[])`,
      decide: (value) => {
        const rows = value as { w: string; c: string[] }[];
        return inbound.some((e) => rows.some((r) => r.w === e.workspace_id && r.c.includes(e.data.channel)));
      },
    };
  },
  async run(ctx, events) {
    for (const e of inboundOnAgentChannels(events)) await respondToMessage(ctx, e.workspace_id, e.subject_id);
  },
};
