import type { AppContext } from '../context.js';
import type { ReplyChannel } from '../../../shared/channels.js';
import { loadAccount } from './accounts.js';
import type { SendAbility, SendCheck } from './types.js';

/** The conversation whose reply channel is asked about (the tickets area reads it from its ticket). */
export interface ReplyConversation {
  workspaceId: string;
  ticketId: string;
  channel: string;
  channelAccountId: string | null;
  customerId: string;
}

/**
 * What a public reply on a conversation will do, before the agent types: go out, only be recorded
 * (the channel has no sender), or be blocked with a stable reason. Channel-agnostic: the adapter
 * answers through its canSend; core checks the reply window the adapter declares. Also lists the
 * customer's identities on other channels that could start a conversation now (email for a chat
 * whose visitor is gone …).
 */
export async function replyChannelOf(ctx: AppContext, c: ReplyConversation, now = new Date()): Promise<ReplyChannel> {
  const identities = await ctx.db.query<{ kind: string; value: string }>(
    'SELECT kind, value FROM customer_identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, value',
    [c.workspaceId, c.customerId],
  );
  const customer = { id: c.customerId, identities };
  const adapter = ctx.channels.get(c.channel);
  const base = { channel: c.channel, reason: null, warning: null, account: null };
  const alternatives = await alternativesFor(ctx, c, customer);
  if (!adapter?.send || !adapter.capabilities.send) return { ...base, mode: 'records', alternatives };

  const account = c.channelAccountId ? await loadAccount(ctx, c.workspaceId, c.channelAccountId) : undefined;
  const windowHours = adapter.replyWindowHoursOf?.(account) ?? adapter.capabilities.replyWindowHours;
  let window: ReplyChannel['window'];
  if (windowHours !== undefined) {
    const last = await ctx.db.maybeOne<{ at: Date }>(
      `SELECT max(created_at) AS at FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' AND NOT coalesce(meta ? 'auto', false)`,
      [c.workspaceId, c.ticketId],
    );
    if (last?.at) window = { endsAt: new Date(new Date(last.at).getTime() + windowHours * 3_600_000).toISOString() };
    if (!last?.at || new Date(last.at).getTime() + windowHours * 3_600_000 < now.getTime()) {
      return { ...base, mode: 'blocked', reason: 'window_closed', alternatives, ...(window ? { window } : {}) };
    }
  }
  const check: SendCheck = { workspaceId: c.workspaceId, ticketId: c.ticketId, account, customer };
  const ability: SendAbility = adapter.canSend ? await adapter.canSend(ctx, check) : { ok: true, account };
  const shown = ability.account ? { id: ability.account.id, name: ability.account.name, address: ability.account.address } : null;
  // The adapter's own count (Zalo's free replies left) refines core's window.
  window = ability.window ?? window;
  const shownWindow = window ? { window } : {};
  if (!ability.ok) return { ...base, mode: 'blocked', reason: ability.reason, account: shown, alternatives, ...shownWindow };
  return { ...base, mode: 'sends', warning: ability.warning ?? null, account: shown, alternatives, ...shownWindow };
}

/** The customer's identities on other channels that can open a conversation now (by capability, never by kind). */
async function alternativesFor(ctx: AppContext, c: ReplyConversation, customer: SendCheck['customer']) {
  const out: ReplyChannel['alternatives'] = [];
  for (const adapter of ctx.channels.all()) {
    const by = adapter.capabilities.startsConversationsBy;
    if (adapter.kind === c.channel || !by || !adapter.send || !adapter.capabilities.send) continue;
    const values = customer.identities.filter((i) => i.kind === by);
    if (values.length === 0) continue;
    const ability = adapter.canSend ? await adapter.canSend(ctx, { workspaceId: c.workspaceId, customer }) : { ok: true };
    if (!ability.ok) continue;
    for (const v of values) out.push({ channel: adapter.kind, kind: v.kind, value: v.value });
  }
  return out;
}
