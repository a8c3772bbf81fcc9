import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CannedReply, CannedReplyRenderResultSchema } from '../../../shared/tickets';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';

export type { CannedReply };
type Rendered = z.infer<typeof CannedReplyRenderResultSchema>;

/** GET /api/canned-replies. */
export function useCannedReplies(enabled: boolean) {
  return useQuery({
    queryKey: qk.cannedReplies,
    enabled,
    staleTime: 60_000,
    queryFn: async () => (await api<{ cannedReplies: CannedReply[] }>('/canned-replies')).cannedReplies,
  });
}

/** POST /api/canned-replies/:id/render: the text with this ticket's variables filled in. */
export function renderCanned(id: string, ticketId: string): Promise<Rendered> {
  return api<Rendered>(`/canned-replies/${id}/render`, { method: 'POST', body: { ticketId } });
}
