import type { AppContext } from '../../core/context.js';
import type { Tx } from '../../core/db/types.js';
import { addMessage, TICKET_COLUMNS } from '../tickets/index.js';
import type { TicketRow } from '../tickets/index.js';
import { createSurveyRequest, surveyUrl } from './commands/create-request.js';
import { latestChatOfTicket } from './queries/latest-chat.js';
import type { Actor } from '../../core/http/actor.js';
import { openAccount, type ChannelAccountRow } from '../../core/channels/accounts.js';
import { SurveyTriggersSchema, type SurveyQuestion, type SurveyType } from '../../../shared/surveys.js';
import { linkOnlyNote, surveyBody, surveyMeta } from './survey-content.js';

export type SendReason = 'ticket_resolved' | 'chat_ended' | 'call_ended' | 'api' | 'campaign';
export const AUTOMATIC_REASONS: SendReason[] = ['ticket_resolved', 'chat_ended', 'call_ended'];

export interface SendSurveyInput {
  workspaceId: string;
  templateId: string;
  customerId: string;
  /** The ticket it asks about (automatic sends: always). Without one, the customer's latest ticket carries the message. */
  ticketId?: string | null;
  aboutRef?: string | null;
  reason: SendReason;
  campaignId?: string | null;
  campaignRun?: string | null;
  /** Only deliver through this channel (API callers may insist on e.g. 'email'). */
  channel?: string | null;
}

export type SendStatus = 'sent' | 'throttled' | 'no_channel' | 'skipped';
export interface SendOutcome {
  status: SendStatus;
  requestId: string | null;
  /** The link, when the survey was recorded but not delivered (link-only): the caller may pass it on. */
  url?: string;
  /** Why nothing was sent (skipped): merged, spam, reopened, duplicate, disabled … */
  reason?: string;
}

export interface TemplateRow {
  id: string;
  workspace_id: string;
  type: SurveyType;
  name: string;
  questions: SurveyQuestion[];
  triggers: unknown;
  expires_after_days: number;
  enabled: boolean;
}

/** Spam has no category of its own in the ticket model: a 'spam' tag or category marks it. */
export const isSpam = (t: Pick<TicketRow, 'tags' | 'category'>) => t.tags.some((x) => x.toLowerCase() === 'spam') || t.category?.toLowerCase() === 'spam';

export const baseUrl = (ctx: AppContext) => ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`;

/**
 * Where the survey goes, decided by channel capability (DESIGN rule 3): the ticket's own channel
 * when its adapter can send; else (phone, api, manual) the first channel that can start a
 * conversation by an identity the customer has (email: their address) and on which the workspace
 * has an enabled account that says it can start one now (its canSend, read through this transaction:
 * a demo account or one without what it needs, such as a Zalo OA without a survey template, is passed
 * over); else nowhere (link-only). The delivery job picks the adapter by the message's channel.
 */
async function route(ctx: AppContext, tx: Tx, t: TicketRow, only: string | null | undefined): Promise<{ channel: string; accountId?: string } | undefined> {
  if (ctx.channels.sends(t.channel) && (!only || only === t.channel)) return { channel: t.channel };
  for (const adapter of ctx.channels.all()) {
    const by = adapter.capabilities.startsConversationsBy;
    if (!adapter.capabilities.send || !by || (only && only !== adapter.kind)) continue;
    const identity = await tx.maybeOne('SELECT 1 FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 AND kind = $3 LIMIT 1', [t.workspace_id, t.customer_id, by]);
    if (!identity) continue;
    const row = await tx.maybeOne<ChannelAccountRow>(
      `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND kind = $3 AND enabled ORDER BY (id = $2) DESC, created_at LIMIT 1`,
      [t.workspace_id, t.channel_account_id, adapter.kind],
    );
    if (!row) continue;
    const account = openAccount(ctx, row);
    if (adapter.canSend) {
      const identities = await tx.query<{ kind: string; value: string }>(
        'SELECT kind, value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, value',
        [t.workspace_id, t.customer_id],
      );
      const ability = await adapter.canSend(ctx, { workspaceId: t.workspace_id, account, customer: { id: t.customer_id, identities }, sql: tx });
      if (!ability.ok) continue;
      return { channel: adapter.kind, accountId: ability.account?.id ?? account.id };
    }
    return { channel: adapter.kind, accountId: account.id };
  }
  return undefined;
}

/**
 * Sends one survey if the rules allow it, in ONE transaction: never for a merged or spam ticket;
 * for a resolution trigger only while the ticket is still resolved/closed (a reopen cancels it);
 * once per ticket and template for automatic sends and once per customer per campaign run; at
 * most once per throttle window per customer and survey type. Then the request and the survey
 * message (an automated outbound message the delivery job sends through the chosen channel) are
 * written together. Concurrent sends for one customer and type are serialised by an advisory lock,
 * so the throttle holds under races; a repeated call changes nothing.
 */
export async function sendSurvey(ctx: AppContext, input: SendSurveyInput, opts: { actor?: Actor; tx?: Tx } = {}): Promise<SendOutcome> {
  const ws = input.workspaceId;
  const actor: Actor = opts.actor ?? { kind: 'system', workspaceId: ws };
  // Inside the caller's transaction when given one (its own checks and this send commit together).
  const send = async (tx: Tx): Promise<SendOutcome> => {
    const tpl = await tx.maybeOne<TemplateRow>('SELECT * FROM survey_templates WHERE workspace_id = $1 AND id = $2', [ws, input.templateId]);
    if (!tpl) return { status: 'skipped', requestId: null, reason: 'template_missing' };
    if (!tpl.enabled) return { status: 'skipped', requestId: null, reason: 'template_disabled' };
    const triggers = SurveyTriggersSchema.parse(tpl.triggers ?? {});
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`survey:${ws}:${input.customerId}:${tpl.type === 'custom' ? tpl.id : tpl.type}`]);

    let ticket: TicketRow | undefined;
    if (input.ticketId) {
      ticket = await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, input.ticketId]);
      if (!ticket) return { status: 'skipped', requestId: null, reason: 'ticket_missing' };
      if (ticket.merged_into_id) return { status: 'skipped', requestId: null, reason: 'merged' };
      if (isSpam(ticket)) return { status: 'skipped', requestId: null, reason: 'spam' };
      const finished = ['resolved', 'closed'].includes(ticket.status);
      if (input.reason === 'ticket_resolved' && !finished) return { status: 'skipped', requestId: null, reason: 'reopened' };
      // A chat may end (the visitor ended it, or it went idle) while its ticket stays open: it must still
      // be the ticket's latest chat (the visitor did not start another) and not abandoned.
      if (input.reason === 'chat_ended' && !finished && (await latestChatOfTicket(tx, ws, ticket.id)) !== 'ended') {
        return { status: 'skipped', requestId: null, reason: 'reopened' };
      }
    }
    if (AUTOMATIC_REASONS.includes(input.reason) && ticket) {
      const had = await tx.maybeOne(
        `SELECT 1 FROM survey_requests WHERE workspace_id = $1 AND template_id = $2 AND ticket_id = $3 AND reason = ANY($4::text[])`,
        [ws, tpl.id, ticket.id, AUTOMATIC_REASONS],
      );
      if (had) return { status: 'skipped', requestId: null, reason: 'duplicate' };
    }
    if (input.campaignId) {
      const had = await tx.maybeOne('SELECT 1 FROM survey_requests WHERE campaign_id = $1 AND campaign_run = $2 AND customer_id = $3', [input.campaignId, input.campaignRun ?? '', input.customerId]);
      if (had) return { status: 'skipped', requestId: null, reason: 'duplicate' };
    }
    if (triggers.throttleDays > 0) {
      const recent = await tx.maybeOne(
        // Custom surveys ask different things, so each custom template throttles on its own.
        `SELECT 1 FROM survey_requests WHERE workspace_id = $1 AND customer_id = $2 AND type = $3 AND ($3 <> 'custom' OR template_id = $5)
           AND sent_at > now() - make_interval(days => $4) LIMIT 1`,
        [ws, input.customerId, tpl.type, triggers.throttleDays, tpl.id],
      );
      if (recent) return { status: 'throttled', requestId: null };
    }

    // Without a ticket to ask about, the customer's latest conversation carries the message.
    const carrier =
      ticket ??
      (await tx.maybeOne<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND merged_into_id IS NULL ORDER BY last_message_at DESC, id DESC LIMIT 1 FOR UPDATE`,
        [ws, input.customerId],
      )) ??
      undefined;
    const via = carrier ? await route(ctx, tx, carrier, input.channel) : undefined;
    const channel = via?.channel ?? carrier?.channel ?? input.channel ?? 'api';
    const { requestId, token } = await createSurveyRequest(tx, {
      workspaceId: ws,
      templateId: tpl.id,
      type: tpl.type,
      customerId: input.customerId,
      ticketId: ticket?.id ?? null,
      aboutRef: input.aboutRef ?? null,
      agentId: ticket?.assignee_id ?? null,
      teamId: ticket?.team_id ?? null,
      channel,
      reason: input.reason,
      campaignId: input.campaignId ?? null,
      expiresAfterDays: tpl.expires_after_days,
    });
    if (input.campaignId) await tx.query('UPDATE survey_requests SET campaign_run = $2 WHERE id = $1', [requestId, input.campaignRun ?? '']);
    const url = surveyUrl(baseUrl(ctx), token);
    const meta = surveyMeta({ requestId, templateId: tpl.id, type: tpl.type, url, token, questions: tpl.questions });
    if (!carrier) return { status: 'no_channel', requestId, url };
    if (!via) {
      // Link-only: an internal note keeps the link where the agent can copy it (read it out, send it by hand).
      await addMessage(tx, carrier, {
        direction: 'note', authorUserId: null, channel: carrier.channel, body: linkOnlyNote(meta), contentType: 'text', attachments: [],
        meta: { survey: { ...meta, linkOnly: true } }, automated: true, actor,
      });
      return { status: 'no_channel', requestId, url };
    }
    const { message } = await addMessage(tx, carrier, {
      direction: 'outbound',
      authorUserId: null,
      channel: via.channel,
      ...(via.accountId ? { channelAccountId: via.accountId } : {}),
      body: surveyBody(meta),
      contentType: 'text',
      attachments: [],
      meta: { survey: meta },
      automated: true,
      deliver: true,
      actor,
    });
    await tx.query('UPDATE survey_requests SET message_id = $2 WHERE id = $1', [requestId, message.id]);
    return { status: 'sent', requestId };
  };
  return opts.tx ? send(opts.tx) : ctx.db.tx(send);
}
