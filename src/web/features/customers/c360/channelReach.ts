import type { Customer360 } from '../../../../shared/customers';

/** Channels where a conversation has a reply window and the customer may opt in or out (Zalo, Messenger). */
export const MESSAGING_CHANNELS = ['zalo', 'messenger'] as const;
export type MessagingChannel = (typeof MESSAGING_CHANNELS)[number];

export interface ChannelReach {
  channel: MessagingChannel;
  /** The customer's id on the channel (Zalo user id, Messenger PSID); several when they wrote from several. */
  ids: string[];
  /** Their name on the channel when the channel told us (Zalo profile). */
  displayName: string | null;
  /** The customer's latest ticket on the channel: its reply-channel answer says whether the window is open. */
  latestTicketId: string | null;
  /** Zalo: following the OA (true), stopped (false), not known (null). Messenger has no such state. */
  following: boolean | null;
  followChangedAt: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One line per messaging channel the customer is known on: from their identities, the latest ticket
 * on that channel, and what the Zalo channel keeps in `attributes.zalo` (follower, followChangedAt,
 * displayName — written by the Zalo adapter from follow/unfollow events and the user's profile).
 */
export function channelReachOf(data: Pick<Customer360, 'customer' | 'identities' | 'tickets'>): ChannelReach[] {
  const zalo = isRecord(data.customer.attributes.zalo) ? data.customer.attributes.zalo : {};
  return MESSAGING_CHANNELS.flatMap((channel) => {
    const ids = data.identities.filter((i) => i.kind === channel).map((i) => i.value);
    const tickets = data.tickets.filter((t) => t.channel === channel).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    if (ids.length === 0 && tickets.length === 0) return [];
    const isZalo = channel === 'zalo';
    return [{
      channel,
      ids,
      displayName: isZalo && typeof zalo.displayName === 'string' ? zalo.displayName : null,
      latestTicketId: tickets[0]?.id ?? null,
      following: isZalo && typeof zalo.follower === 'boolean' ? zalo.follower : null,
      followChangedAt: isZalo && typeof zalo.followChangedAt === 'string' ? zalo.followChangedAt : null,
    }];
  });
}
