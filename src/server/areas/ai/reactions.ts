import type { AppContext } from '../../core/context.js';
import type { Reaction } from '../../core/events/reactions.js';
import { appendEvent } from '../../core/events/append.js';
import type { StoredEvent } from '../../core/db/types.js';
import { predictAndApply, recordCorrections } from './commands/predict-ticket.js';
import { sentimentOf } from './sentiment.js';

/** New tickets get their field predictions (and auto-applies); agents' field changes become corrections. */
export const ticketPredictionReaction: Reaction = {
  name: 'ai.tickets',
  handles: ['ticket.created', 'ticket.category_changed', 'ticket.team_changed', 'ticket.priority_changed'],
  async run(ctx: AppContext, events: StoredEvent[]) {
    await recordCorrections(ctx.db, events);
    for (const e of events) {
      if (e.type !== 'ticket.created') continue;
      await predictAndApply(ctx.db, e.workspace_id, e.subject_id);
    }
  },
};

/** Each customer message's sentiment, stored once, with an event workflows can react to. */
export const messageSentimentReaction: Reaction = {
  name: 'ai.sentiment',
  handles: ['message.created'],
  async run(ctx: AppContext, events: StoredEvent[]) {
    for (const e of events) {
      const data = e.data as { ticketId: string; customerId: string; direction: string };
      if (data.direction !== 'inbound') continue;
      const m = await ctx.db.maybeOne<{ body: string; content_type: string; ticket_id: string; customer_id: string }>(
        'SELECT body, content_type, ticket_id, customer_id FROM messages WHERE workspace_id = $1 AND id = $2',
        [e.workspace_id, e.subject_id],
      );
      const text = m ? (m.content_type === 'html' ? m.body.replace(/<[^>]*>/g, ' ') : m.body).trim() : '';
      if (!m || text.length === 0) continue;
      const s = await sentimentOf(ctx, e.workspace_id, text);
      await ctx.db.tx(async (tx) => {
        const row = await tx.maybeOne(
          `INSERT INTO message_sentiments (message_id, workspace_id, ticket_id, customer_id, sentiment, score, confidence) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
          [e.subject_id, e.workspace_id, m.ticket_id, m.customer_id, s.sentiment, s.score, s.confidence],
        );
        if (!row) return;
        await appendEvent(tx, {
          workspaceId: e.workspace_id,
          type: 'ai.sentiment_detected',
          subjectType: 'message',
          subjectId: e.subject_id,
          actor: { kind: 'ai', workspaceId: e.workspace_id },
          data: { ticketId: m.ticket_id, customerId: m.customer_id, messageId: e.subject_id, sentiment: s.sentiment, score: Math.round(s.score * 1000) / 1000 },
        });
      });
    }
  },
};
