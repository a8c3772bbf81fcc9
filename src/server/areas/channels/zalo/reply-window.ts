import type { Sql } from '../../../core/db/types.js';

/** Zalo's free replies: 8 within 48 h of the user's message (Zalo help centre; "Gửi lệnh phản hồi người dùng"). */
export const ZALO_WINDOW_HOURS = 48;
export const ZALO_FREE_REPLIES = 8;

export interface ZaloReplyWindow {
  /** The user's last message on the ticket (undefined: they never wrote on it). */
  lastInboundAt?: Date;
  /** Zalo's msg_id of that message: replies name it so Zalo counts them as replies, not proactive messages. */
  lastInboundMsgId?: string;
  endsAt?: Date;
  /** Our messages since then, each Zalo call counted (a reply with text and two files is three). */
  repliesUsed: number;
  repliesLeft: number;
  open: boolean;
}

/** Zalo's message id of an inbound message: what the adapter kept in meta, else the message's external id. */
export function zaloMsgIdOf(m: { externalId: string | null; meta: Record<string, unknown> }): string | undefined {
  const zalo = m.meta.zalo as { msgId?: unknown } | undefined;
  const id = typeof zalo?.msgId === 'string' ? zalo.msgId : m.externalId;
  return id ? id.replace(/^zalo:/, '') : undefined;
}

/**
 * Where the ticket stands in Zalo's reply window: when the user last wrote, how many of the free
 * replies our messages (and the OA manager's own, echoed in) have used since, and when it ends.
 * Failed and ZNS messages, and ours on other channels (an email to the same customer), do not count:
 * Zalo did not take them as replies. `exceptMessageId`: the message being sent, not counting itself.
 */
export async function zaloReplyWindow(sql: Sql, workspaceId: string, ticketId: string, now = new Date(), exceptMessageId?: string): Promise<ZaloReplyWindow> {
  const last = await sql.maybeOne<{ created_at: Date; external_id: string | null; meta: Record<string, unknown> | null }>(
    `SELECT created_at, external_id, meta FROM messages
      WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' AND NOT coalesce(meta ? 'auto', false)
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [workspaceId, ticketId],
  );
  if (!last) return { repliesUsed: 0, repliesLeft: 0, open: false };
  const used = await sql.one<{ n: number }>(
    `SELECT coalesce(sum(greatest(1, coalesce((meta->'zalo'->>'parts')::int, 1))), 0)::int AS n FROM messages
      WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'outbound' AND channel = 'zalo' AND created_at >= $3
        AND delivery_status IS DISTINCT FROM 'failed' AND coalesce(meta->'zalo'->>'via', '') <> 'zns'
        AND id <> coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
    [workspaceId, ticketId, last.created_at, exceptMessageId ?? null],
  );
  const lastAt = new Date(last.created_at);
  const endsAt = new Date(lastAt.getTime() + ZALO_WINDOW_HOURS * 3_600_000);
  const repliesLeft = Math.max(0, ZALO_FREE_REPLIES - used.n);
  return {
    lastInboundAt: lastAt,
    lastInboundMsgId: zaloMsgIdOf({ externalId: last.external_id, meta: last.meta ?? {} }),
    endsAt,
    repliesUsed: used.n,
    repliesLeft,
    open: endsAt.getTime() > now.getTime() && repliesLeft > 0,
  };
}
