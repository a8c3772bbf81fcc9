import type { AppContext } from '../../core/context.js';
import type { Tx } from '../../core/db/types.js';
import { loadAccount } from '../../core/channels/accounts.js';
import { TICKET_COLUMNS, type TicketRow } from '../tickets/index.js';

/** A chat counts as live while its visitor wrote this recently (the widget cannot reach anyone who left). */
export const LIVE_CHAT_MINUTES = 30;

/** Where a notice goes: a channel, the ticket that carries it (undefined: open one) and the account it leaves from. */
export interface NoticeRoute {
  channel: string;
  ticket?: TicketRow;
  accountId?: string;
}

export interface RouteOutcome {
  route?: NoticeRoute;
  /** Every channel tried before the one taken (or all of them when none could), with why it could not. */
  attempts: { channel: string; reason: string }[];
}

interface Customer {
  id: string;
  preferred_channel: string | null;
  identities: { kind: string; value: string }[];
}

/**
 * The channels to try, in order: the customer's preferred channel, then those they wrote on, latest
 * first, then every channel that can start a conversation by an identity they have (email, Zalo by
 * phone through ZNS).
 */
async function candidates(ctx: AppContext, tx: Tx, workspaceId: string, c: Customer): Promise<string[]> {
  const used = await tx.query<{ channel: string }>(
    `SELECT channel FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND merged_into_id IS NULL AND last_customer_message_at IS NOT NULL
     GROUP BY channel ORDER BY max(last_customer_message_at) DESC`,
    [workspaceId, c.id],
  );
  const starters = ctx.channels
    .all()
    .filter((a) => a.capabilities.startsConversationsBy && c.identities.some((i) => i.kind === a.capabilities.startsConversationsBy))
    .map((a) => a.kind);
  const all = [...(c.preferred_channel ? [c.preferred_channel] : []), ...used.map((u) => u.channel), ...starters];
  return [...new Set(all)];
}

/**
 * Chooses the channel of one notice, by capability (DESIGN rule 3), asking each adapter's canSend
 * through this transaction:
 * - inside the channel's reply window (Messenger 24 h, Zalo 48 h; a web chat only while its visitor is
 *   live) the customer's latest conversation there carries it;
 * - outside it, only a channel that can start conversations takes it (email any time; Zalo by its ZNS
 *   template for order notices, which its canSend confirms is mapped); Messenger cannot, so the next
 *   channel is tried.
 * An automated notice never uses a window a tag stretches for human agents (Messenger's HUMAN_AGENT):
 * the standard window of the channel's capabilities counts.
 */
export async function routeNotice(ctx: AppContext, tx: Tx, workspaceId: string, c: Customer, previousTicketId: string | null, now = new Date()): Promise<RouteOutcome> {
  const attempts: RouteOutcome['attempts'] = [];
  for (const kind of await candidates(ctx, tx, workspaceId, c)) {
    const adapter = ctx.channels.get(kind);
    if (!adapter?.send || !adapter.capabilities.send) {
      attempts.push({ channel: kind, reason: 'channel_cannot_send' });
      continue;
    }
    const latest = await tx.maybeOne<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND channel = $3 AND merged_into_id IS NULL
       ORDER BY last_customer_message_at DESC NULLS LAST, created_at DESC LIMIT 1`,
      [workspaceId, c.id, kind],
    );
    let reason = 'no_conversation';
    if (latest && latest.last_customer_message_at) {
      const hours = kind === 'webchat' ? LIVE_CHAT_MINUTES / 60 : adapter.capabilities.replyWindowHours;
      const inside = hours === undefined || new Date(latest.last_customer_message_at).getTime() + hours * 3_600_000 >= now.getTime();
      if (inside) {
        const account = latest.channel_account_id ? await loadAccount(ctx, workspaceId, latest.channel_account_id, tx) : undefined;
        const ability = adapter.canSend ? await adapter.canSend(ctx, { workspaceId, ticketId: latest.id, account, customer: c, sql: tx }) : { ok: true as const, account };
        if (ability.ok) {
          const accountId = ability.account?.id ?? account?.id;
          return { route: { channel: kind, ticket: latest, ...(accountId ? { accountId } : {}) }, attempts };
        }
        reason = ability.reason;
      } else {
        reason = 'window_closed';
      }
    }
    const by = adapter.capabilities.startsConversationsBy;
    if (by && c.identities.some((i) => i.kind === by)) {
      const ability = adapter.canSend ? await adapter.canSend(ctx, { workspaceId, customer: c, sql: tx }) : { ok: true as const, account: undefined };
      if (ability.ok) {
        // Started by us: one thread per order (its own subject), the one its earlier notices opened.
        const previous = previousTicketId
          ? await tx.maybeOne<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2 AND channel = $3 AND merged_into_id IS NULL`, [workspaceId, previousTicketId, kind])
          : undefined;
        return { route: { channel: kind, ...(previous ? { ticket: previous } : {}), ...(ability.account ? { accountId: ability.account.id } : {}) }, attempts };
      }
      reason = ability.reason;
    }
    attempts.push({ channel: kind, reason });
  }
  return { attempts };
}
