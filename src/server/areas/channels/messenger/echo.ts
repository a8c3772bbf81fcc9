import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { findSentMessage, setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { NewAttachment } from '../../../core/channels/types.js';
import type { AppContext } from '../../../core/context.js';
import { resolveCustomer } from '../../customers/index.js';
import { addMessage, insertTicket, TICKET_COLUMNS, type TicketRow } from '../../tickets/index.js';
import { messengerConfig } from './account.js';
import { downloadAttachment } from './download.js';
import type { MessagingEvent } from './events-schema.js';

/** The Send API's `metadata` we put on every message we send: echoes carry it back, naming our message. */
export const OUR_METADATA_PREFIX = 'tantam:';
const ourMessageId = (metadata: string | undefined) => {
  const id = metadata?.startsWith(OUR_METADATA_PREFIX) ? metadata.slice(OUR_METADATA_PREFIX.length) : undefined;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
};

/**
 * An echo: a message the Page sent. Ours (our metadata, or a mid we recorded) only confirms it was sent
 * — the echo may arrive before the Send API's answer, so it can be what marks the reply 'sent'; it is
 * never filed twice. Anything else was written by a person in the Page's own inbox (Meta Business
 * Suite, the Pages app): filed in the customer's conversation as an outbound message by the Page, so
 * the agents see the whole exchange. Idempotent on the mid.
 */
export async function receiveEcho(ctx: AppContext, account: ChannelAccount, pageId: string, ev: MessagingEvent) {
  const ws = account.workspaceId;
  const m = ev.message!;
  const psid = ev.recipient.id;
  const sentAt = ev.timestamp ? new Date(ev.timestamp) : new Date();
  const ours = ourMessageId(m.metadata);
  if (ours) {
    await setDeliveryStatus(ctx.db, { workspaceId: ws, messageId: ours }, 'sent', { externalId: m.mid, meta: { messenger: { psid, pageId, mids: [m.mid], sentAt: sentAt.toISOString() } } });
    return;
  }
  if (await findSentMessage(ctx.db, { workspaceId: ws, channel: 'messenger', ids: [m.mid] })) return;

  const files: NewAttachment[] = [];
  const lines: string[] = [];
  for (const [i, a] of (m.attachments ?? []).entries()) {
    const url = a.payload?.url ?? a.url;
    const file = url && ['image', 'video', 'audio', 'file'].includes(a.type) ? await downloadAttachment(url, a.type, i + 1) : undefined;
    if (file) files.push(file);
    else lines.push(`(${a.type}${url ? `: ${url}` : ''})`);
  }
  const body = [m.text ?? '', ...lines].filter((s) => s.trim() !== '').join('\n');
  const actor = { kind: 'system' as const, workspaceId: ws };
  const pageName = messengerConfig(account.config).pageName;
  await ctx.db.tx(async (tx) => {
    // The same lock and check as tickets' ingestInbound: a redelivered echo finds the first one's row.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`inbound:${ws}:messenger:${m.mid}`]);
    if (await tx.maybeOne('SELECT 1 FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3', [ws, 'messenger', m.mid])) return;
    const { customer } = await resolveCustomer(tx, { workspaceId: ws, identities: [{ kind: 'messenger', value: psid }], actor });
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ticket-thread:${customer.id}:messenger`]);
    // The conversation it belongs to: the open one, else the latest; a Page writing first opens one.
    const ticket =
      (await tx.maybeOne<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND channel = 'messenger' AND merged_into_id IS NULL
         ORDER BY (status NOT IN ('resolved', 'closed')) DESC, last_message_at DESC LIMIT 1 FOR UPDATE`,
        [ws, customer.id],
      )) ??
      (await insertTicket(ctx.db, tx, ws, { customerId: customer.id, subject: body.slice(0, 120) || '(messenger)', channel: 'messenger', firstMessageAt: sentAt, channelAccountId: account.id }, actor));
    await addMessage(tx, ticket, {
      direction: 'outbound',
      authorUserId: null,
      channel: 'messenger',
      externalId: m.mid,
      body,
      contentType: 'text',
      attachments: files,
      sentAt,
      channelAccountId: account.id,
      meta: {
        from: `${pageName ?? 'Trang Facebook'} (hộp thư của Trang)`,
        messenger: { psid, pageId, mid: m.mid, echo: true, ...(m.app_id ? { appId: m.app_id } : {}), sentAt: sentAt.toISOString() },
      },
      threadKeys: [m.mid],
      actor,
    });
  });
}
