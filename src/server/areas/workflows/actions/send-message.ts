import type { AppContext } from '../../../core/context.js';
import type { Sql } from '../../../core/db/types.js';
import { openAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import { replyChannelOf } from '../../../core/channels/send-ability.js';
import type { Channel } from '../../../../shared/common.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { addMessage, insertTicket, lockTicket, TICKET_COLUMNS, type TicketRow } from '../../tickets/index.js';
import { actionError, once, renderForRun, requireCustomer, requireTicket, summary, wouldDo, type CustomerInfo } from './support.js';
import type { ActionInput, WorkflowAction } from './types.js';

type Config = ActionConfig<'send_message'>;

/** Where the message goes: on the conversation's (or the wanted) channel, or a channel that can start one (the fallback). */
export interface MessageRoute {
  channel: string;
  accountId?: string;
  via: 'conversation' | 'fallback';
  /** Why the conversation's own (or the wanted) channel was passed over (window_closed, no_sender, not_reachable …). */
  passedOver?: string;
}

/**
 * A channel that can start a conversation with this customer now, by capability (DESIGN rule 3), as
 * surveys choose one: an identity of the kind it starts by, an enabled account, and the adapter's
 * canSend. The customer's preferred channel and the wanted one are asked first.
 */
async function startingChannel(ctx: AppContext, ws: string, customer: CustomerInfo, first: (string | null | undefined)[], skip: string | undefined, sql: Sql = ctx.db) {
  const identities = await sql.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, value', [ws, customer.id]);
  const rank = (kind: string) => {
    const i = first.indexOf(kind);
    return i < 0 ? first.length : i;
  };
  const adapters = [...ctx.channels.all()].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const adapter of adapters) {
    const by = adapter.capabilities.startsConversationsBy;
    if (adapter.kind === skip || !adapter.send || !adapter.capabilities.send || !by || !identities.some((i) => i.kind === by)) continue;
    const row = await sql.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE workspace_id = $1 AND kind = $2 AND enabled ORDER BY created_at LIMIT 1`, [ws, adapter.kind]);
    if (!row) continue;
    const account = openAccount(ctx, row);
    if (adapter.canSend) {
      const ability = await adapter.canSend(ctx, { workspaceId: ws, account, customer: { id: customer.id, identities }, sql });
      if (!ability.ok) continue;
      return { channel: adapter.kind, accountId: ability.account?.id ?? account.id };
    }
    return { channel: adapter.kind, accountId: account.id };
  }
  return undefined;
}

/**
 * Decides the route before anything is written (the channel checks read outside the write's
 * transaction): the conversation's channel while it can send (its reply window open, the adapter's
 * canSend), else — with fallback 'any' — a channel that can start a conversation; else
 * workflow_action.window_closed / workflow_action.no_channel.
 */
export async function routeMessage(ctx: AppContext, input: ActionInput, config: Config, customer: CustomerInfo, ticket: TicketRow | undefined): Promise<MessageRoute> {
  let passedOver: string | undefined;
  const wanted = config.channel === 'preferred' ? (customer.preferred_channel ?? undefined) : config.channel;
  if (ticket && (!wanted || wanted === ticket.channel)) {
    const reply = await replyChannelOf(ctx, { workspaceId: input.workspaceId, ticketId: ticket.id, channel: ticket.channel, channelAccountId: ticket.channel_account_id, customerId: ticket.customer_id });
    if (reply.mode === 'sends') return { channel: ticket.channel, ...(reply.account ? { accountId: reply.account.id } : {}), via: 'conversation' };
    passedOver = reply.mode === 'records' ? 'no_sender' : (reply.reason ?? 'blocked');
  }
  if (wanted && wanted !== ticket?.channel) {
    const direct = await startingChannel(ctx, input.workspaceId, customer, [wanted], undefined);
    if (direct?.channel === wanted) return { ...direct, via: 'conversation' };
    passedOver ??= 'not_reachable';
  }
  if (config.fallback === 'none' && (ticket || wanted)) {
    throw actionError(passedOver === 'window_closed' ? 'window_closed' : 'no_channel', `The customer cannot be written to on this channel now (${passedOver ?? 'not connected'})`);
  }
  const found = await startingChannel(ctx, input.workspaceId, customer, [wanted, customer.preferred_channel], passedOver ? ticket?.channel : undefined);
  if (!found) {
    throw actionError(passedOver === 'window_closed' ? 'window_closed' : 'no_channel', 'No channel can reach this customer now: the conversation cannot be answered and no other channel can start one');
  }
  return { ...found, via: 'fallback', ...(passedOver ? { passedOver } : {}) };
}

async function messageText(sql: Sql, input: ActionInput, config: Config): Promise<string> {
  if (config.body) return config.body;
  const row = config.cannedReplyId ? await sql.maybeOne<{ body: string }>('SELECT body FROM canned_replies WHERE workspace_id = $1 AND id = $2', [input.workspaceId, config.cannedReplyId]) : undefined;
  if (!row) throw actionError('canned_reply_missing', 'The canned reply this message uses no longer exists');
  return row.body;
}

/** The run's ticket, else the customer's latest conversation (a birthday has no ticket). */
async function carrierOf(sql: Sql, input: ActionInput, customer: CustomerInfo): Promise<TicketRow | undefined> {
  if (input.subject.ticketId) return requireTicket(sql, input);
  return sql.maybeOne<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND merged_into_id IS NULL ORDER BY last_message_at DESC, id DESC LIMIT 1`,
    [input.workspaceId, customer.id],
  );
}

/**
 * Writes to the customer, as an automated outbound message delivered through the outbox (never an
 * agent's response: no first-response stamp). On the run's ticket or the customer's latest
 * conversation; when the channel chosen is not that conversation's and there is none, a new ticket
 * carries it. Once per key: a retry finds the message it sent.
 */
export const sendMessageAction: WorkflowAction<Config> = {
  type: 'send_message',
  async run(input, config) {
    const { ctx } = input;
    const customer = await requireCustomer(ctx.db, input);
    const text = await messageText(ctx.db, input, config);
    const carrier = await carrierOf(ctx.db, input, customer);
    if (!input.dryRun) {
      // A retry after the send finds it before asking the channels again (a window that closed since changes nothing).
      const prev = await ctx.db.maybeOne('SELECT 1 FROM workflow_action_effects WHERE workspace_id = $1 AND key = $2', [input.workspaceId, input.idempotencyKey]);
      if (prev) return once(input, 'send_message', async () => ({ summary: summary('send_message') }));
    }
    const route = await routeMessage(ctx, input, config, customer, carrier);
    const values = { channel: route.channel, via: route.via };
    if (input.dryRun) {
      const body = await renderForRun(ctx.db, input, text, customer, carrier);
      return wouldDo(summary('send_message', values), { ...route, body, ticketId: carrier?.id ?? null });
    }
    return once(input, 'send_message', async (tx) => {
      let t = carrier ? await lockTicket(tx, input.workspaceId, carrier.id) : undefined;
      const body = await renderForRun(tx, input, text, customer, t);
      if (!t) {
        const subject = body.length > 80 ? `${body.slice(0, 79)}…` : body;
        t = await insertTicket(ctx.db, tx, input.workspaceId, { customerId: customer.id, subject, channel: route.channel as Channel, channelAccountId: route.accountId ?? null }, input.actor);
      }
      const { message } = await addMessage(tx, t, {
        direction: 'outbound',
        authorUserId: null,
        channel: route.channel,
        ...(route.accountId ? { channelAccountId: route.accountId } : {}),
        body,
        contentType: 'text',
        attachments: [],
        automated: true,
        deliver: true,
        actor: input.actor,
      });
      return { summary: summary('send_message', values), output: { ...route, ticketId: t.id, messageId: message.id } };
    });
  },
};
