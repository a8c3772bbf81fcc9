import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { DeliveryFailure, ReplyChannel } from '../../../shared/channels';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';

export type { DeliveryFailure, ReplyChannel };

/**
 * GET /api/tickets/:id/reply-channel: whether a reply goes out, is only recorded, or cannot go.
 * Under the ticket's key, so every event on the ticket's topic asks again.
 */
export function useReplyChannel(ticketId: string) {
  return useQuery({
    queryKey: [...qk.ticket(ticketId), 'reply-channel'],
    queryFn: async ({ signal }) => (await api<{ replyChannel: ReplyChannel }>(`/tickets/${ticketId}/reply-channel`, { signal })).replyChannel,
  });
}

/** Failures whose fix is in Settings → Channels (the notice links there). */
export const FIXED_IN_CHANNEL_SETTINGS: ReadonlySet<DeliveryFailure> = new Set(['no_account', 'account_disabled', 'account_not_configured', 'account_error', 'demo_account', 'reconnect_needed']);

/** The agent-facing reason of a failure code, with what to do when there is something to do. */
export function failureText(t: TFunction, code: DeliveryFailure): { reason: string; fix: string } {
  return { reason: t(`delivery:failure.${code}`), fix: t(`delivery:fix.${code}`) };
}
