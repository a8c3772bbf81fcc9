import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import type { Reaction } from '../../core/events/reactions.js';
import { isEvent, type StoredEventOf } from '../../core/events/types.js';
import { defineJob } from '../../core/jobs/define.js';
import { SurveyTriggersSchema, SURVEY_TRIGGER_EVENTS } from '../../../shared/surveys.js';
import { latestChatOfTicket } from './queries/latest-chat.js';
import { sendSurvey } from './send-survey.js';

export const SEND_JOB = 'surveys.send';
type TriggerEvent = (typeof SURVEY_TRIGGER_EVENTS)[number];

const SendJobSchema = z.object({
  workspaceId: z.string().uuid(),
  templateId: z.string().uuid(),
  ticketId: z.string().uuid(),
  reason: z.enum(SURVEY_TRIGGER_EVENTS),
  /** call_ended: the call's thread entry; the call must still be an answered, ended call when due. */
  callMessageId: z.string().uuid().optional(),
});
export type SendJobData = z.infer<typeof SendJobSchema>;

/**
 * The delayed send: re-checks everything when due (the ticket may have been reopened, merged or
 * marked spam meanwhile; the customer may have been asked since) and sends at most once per ticket
 * and template — a repeated job changes nothing.
 */
export const sendSurveyJob = defineJob<SendJobData>({
  name: SEND_JOB,
  schema: SendJobSchema,
  retryLimit: 5,
  retryDelay: 30,
  async handle(ctx, data) {
    await runSendJob(ctx, data);
  },
});

/** The work of one surveys.send job (exported so tests can run due work without waiting out the delay). */
export async function runSendJob(ctx: AppContext, data: SendJobData) {
  const t = await ctx.db.maybeOne<{ customer_id: string }>('SELECT customer_id FROM tickets WHERE workspace_id = $1 AND id = $2', [data.workspaceId, data.ticketId]);
  if (!t) return { status: 'skipped' as const, requestId: null, reason: 'ticket_missing' };
  if (data.callMessageId) {
    // The call's thread entry follows its call (meta.call): it must still say answered and over.
    const call = await ctx.db.maybeOne<{ status: string | null }>(`SELECT meta->'call'->>'status' AS status FROM messages WHERE workspace_id = $1 AND id = $2`, [
      data.workspaceId,
      data.callMessageId,
    ]);
    if (call?.status !== 'ended') return { status: 'skipped' as const, requestId: null, reason: 'call_not_ended' };
  }
  return sendSurvey(ctx, { workspaceId: data.workspaceId, templateId: data.templateId, customerId: t.customer_id, ticketId: data.ticketId, reason: data.reason });
}

interface TriggerHit {
  workspaceId: string;
  ticketId: string;
  events: TriggerEvent[];
  callMessageId?: string;
}

/**
 * Enqueues a delayed surveys.send for each enabled template whose triggers include the event.
 * Processors run after commit, so the job goes through ctx.jobs.send (its singleton key names the
 * ticket, template and reason; the handler's own check is what makes repeats harmless).
 */
async function schedule(ctx: AppContext, hit: TriggerHit) {
  const templates = await ctx.db.query<{ id: string; triggers: unknown }>('SELECT id, triggers FROM survey_templates WHERE workspace_id = $1 AND enabled', [hit.workspaceId]);
  for (const tpl of templates) {
    const triggers = SurveyTriggersSchema.safeParse(tpl.triggers ?? {});
    if (!triggers.success) continue;
    const on = hit.events.find((e) => triggers.data.on.includes(e));
    if (!on) continue;
    const data: SendJobData = { workspaceId: hit.workspaceId, templateId: tpl.id, ticketId: hit.ticketId, reason: on, ...(hit.callMessageId ? { callMessageId: hit.callMessageId } : {}) };
    await ctx.jobs.send(SEND_JOB, data, { startAfter: triggers.data.delayMinutes * 60, singletonKey: `${tpl.id}:${hit.ticketId}:${on}` });
  }
}

const CLOSED = ['resolved', 'closed'];

/**
 * A ticket resolved (or closed straight from an open step). A resolved chat ticket also ends its
 * chat, so a ticket that had a chat (a chat event names it) names the request's reason 'chat_ended';
 * chats the visitor ends, or that go idle, trigger on their own `chat.ended` event (onChatEnded).
 * Either way a ticket gets one survey per template (sendSurvey's duplicate check).
 */
async function onStatusChanged(ctx: AppContext, e: StoredEventOf<'ticket.status_changed'>) {
  const { to, from } = e.data;
  // A ticket an order notice opened and closed at once (notices) was no conversation to rate.
  if (!CLOSED.includes(to) || CLOSED.includes(from) || e.data.reason === 'merged' || e.data.reason === 'notice_sent') return;
  const t = await ctx.db.maybeOne<{ id: string; merged_into_id: string | null }>('SELECT id, merged_into_id FROM tickets WHERE workspace_id = $1 AND id = $2', [
    e.workspace_id,
    e.subject_id,
  ]);
  if (!t || t.merged_into_id) return;
  // The most specific trigger names the request's reason (a chat ticket's survey is about the chat).
  const hadChat = (await latestChatOfTicket(ctx.db, e.workspace_id, t.id)) !== undefined;
  const events: TriggerEvent[] = hadChat ? ['chat_ended', 'ticket_resolved'] : ['ticket_resolved'];
  await schedule(ctx, { workspaceId: e.workspace_id, ticketId: t.id, events });
}

/**
 * A chat the visitor ended or left idle (answered or not, but not abandoned). Chats ended by their
 * ticket's resolution are asked about through the resolution (onStatusChanged); an offline message was
 * never a live chat.
 */
async function onChatEnded(ctx: AppContext, e: StoredEventOf<'chat.ended'>) {
  const { status, reason, ticketId } = e.data;
  if (status !== 'ended' || reason === 'resolved' || reason === 'offline') return;
  await schedule(ctx, { workspaceId: e.workspace_id, ticketId, events: ['chat_ended'] });
}

/** A call that was answered and is over (a missed call is not surveyed), from its call.ended event alone. */
async function onCallEnded(ctx: AppContext, e: StoredEventOf<'call.ended'>) {
  const { status, ticketId, messageId } = e.data;
  if (status !== 'ended' || !ticketId) return;
  await schedule(ctx, { workspaceId: e.workspace_id, ticketId, events: ['call_ended'], ...(messageId ? { callMessageId: messageId } : {}) });
}

export const surveyTriggerReaction: Reaction = {
  name: 'survey-triggers',
  handles: ['ticket.status_changed', 'chat.ended', 'call.ended'],
  async run(ctx, events) {
    for (const e of events) {
      try {
        if (isEvent(e, 'ticket.status_changed')) await onStatusChanged(ctx, e);
        else if (isEvent(e, 'chat.ended')) await onChatEnded(ctx, e);
        else if (isEvent(e, 'call.ended')) await onCallEnded(ctx, e);
      } catch (err) {
        console.error('survey trigger failed', e.type, e.subject_id, err);
      }
    }
  },
};
