import type { AppContext } from '../../core/context.js';
import type { Reaction } from '../../core/events/reactions.js';
import { appendEvents } from '../../core/events/append.js';
import type { StoredEvent } from '../../core/db/types.js';
import { predictAndApply, recordCorrections } from './commands/predict-ticket.js';
import { defaultSentimentModel, sentimentWith, type SentimentResult } from './sentiment.js';
import { loadModel } from './store.js';
import type { TrainedClassifier } from './model/classifier.js';

/** New tickets get their field predictions (and auto-applies); agents' field changes become corrections. */
export const ticketPredictionReaction: Reaction = {
  name: 'ai.tickets',
  handles: ['ticket.created', 'ticket.category_changed', 'ticket.team_changed', 'ticket.priority_changed'],
  // Every new ticket passes here: a workspace that never trained a field model has nothing to predict, and
  // a field change on a ticket without a stored prediction has nothing to correct, so no job is written.
  settingsCheck(events) {
    const created = new Set(events.filter((e) => e.type === 'ticket.created').map((e) => e.workspace_id));
    if (created.size === 0) return 'ask';
    return {
      sql: `SELECT coalesce(json_agg(DISTINCT workspace_id), '[]'::json) FROM ai_models
            WHERE workspace_id = ANY($1::uuid[]) AND kind IN ('category', 'team', 'priority')`,
      // A new ticket in a workspace with a field model: needed. Otherwise only field changes can make it needed.
      decide: (value) => ((value as string[]).some((w) => created.has(w)) ? true : events.some((e) => e.type !== 'ticket.created') ? 'ask' : false),
    };
  },
  // Field changes: needed only for a ticket with a stored prediction (to record the correction).
  async needed(tx, events) {
    const workspaces = [...new Set(events.map((e) => e.workspace_id))];
    const changed = events.filter((e) => e.type !== 'ticket.created').map((e) => (e.data as { ticketId?: string }).ticketId ?? e.subject_id);
    if (changed.length === 0) return false;
    const prediction = await tx.maybeOne(
      'SELECT 1 FROM ai_predictions WHERE workspace_id = ANY($1::uuid[]) AND ticket_id = ANY($2::uuid[]) LIMIT 1',
      [workspaces, [...new Set(changed)]],
    );
    return prediction !== undefined;
  },
  async run(ctx: AppContext, events: StoredEvent[]) {
    await recordCorrections(ctx.db, events);
    for (const e of events) {
      if (e.type !== 'ticket.created') continue;
      await predictAndApply(ctx.db, e.workspace_id, e.subject_id);
    }
  },
};

/**
 * Each customer message's sentiment, stored once, with an event workflows can react to. Set-based over
 * all the events of a run (one transaction's, or many when the queue is busy): one read of the messages,
 * the model once per workspace, one insert of the sentiments and one of their events.
 */
export const messageSentimentReaction: Reaction = {
  name: 'ai.sentiment',
  handles: ['message.created'],
  async run(ctx: AppContext, events: StoredEvent[]) {
    const inbound = events.filter((e) => (e.data as { direction?: string }).direction === 'inbound');
    if (inbound.length === 0) return;
    const msgs = await ctx.db.query<{ id: string; workspace_id: string; body: string; content_type: string; ticket_id: string; customer_id: string }>(
      'SELECT id, workspace_id, body, content_type, ticket_id, customer_id FROM messages WHERE id = ANY($1::uuid[]) AND workspace_id = ANY($2::uuid[])',
      [[...new Set(inbound.map((e) => e.subject_id))], [...new Set(inbound.map((e) => e.workspace_id))]],
    );
    const byId = new Map(msgs.map((m) => [m.id, m]));
    const rows: { m: (typeof msgs)[number]; s: SentimentResult }[] = [];
    const seen = new Set<string>();
    const models = new Map<string, Promise<TrainedClassifier>>();
    const modelOf = (ws: string) => {
      let p = models.get(ws);
      if (!p) models.set(ws, (p = loadModel(ctx.db, ws, 'sentiment').then((m) => m?.model ?? defaultSentimentModel())));
      return p;
    };
    for (const e of inbound) {
      const m = byId.get(e.subject_id);
      if (!m || m.workspace_id !== e.workspace_id || seen.has(m.id)) continue;
      seen.add(m.id);
      const text = (m.content_type === 'html' ? m.body.replace(/<[^>]*>/g, ' ') : m.body).trim();
      if (text.length === 0) continue;
      rows.push({ m, s: sentimentWith(await modelOf(e.workspace_id), text) });
    }
    if (rows.length === 0) return;
    await ctx.db.tx(async (tx) => {
      // Only rows this run created get an event: a repeated run (or an overlapping batch) adds nothing.
      const created = await tx.query<{ message_id: string }>(
        `INSERT INTO message_sentiments (message_id, workspace_id, ticket_id, customer_id, sentiment, score, confidence)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::float8[], $7::float8[])
         ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        [
          rows.map((r) => r.m.id),
          rows.map((r) => r.m.workspace_id),
          rows.map((r) => r.m.ticket_id),
          rows.map((r) => r.m.customer_id),
          rows.map((r) => r.s.sentiment),
          rows.map((r) => r.s.score),
          rows.map((r) => r.s.confidence),
        ],
      );
      const isNew = new Set(created.map((c) => String(c.message_id)));
      await appendEvents(
        tx,
        rows
          .filter((r) => isNew.has(r.m.id))
          .map(({ m, s }) => ({
            workspaceId: m.workspace_id,
            type: 'ai.sentiment_detected' as const,
            subjectType: 'message' as const,
            subjectId: m.id,
            actor: { kind: 'ai' as const, workspaceId: m.workspace_id },
            data: { ticketId: m.ticket_id, customerId: m.customer_id, messageId: m.id, sentiment: s.sentiment, score: Math.round(s.score * 1000) / 1000 },
          })),
      );
    });
  },
};
