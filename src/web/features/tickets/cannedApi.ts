import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';

export interface CannedReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}

/** GET /api/canned-replies. */
export function useCannedReplies(enabled: boolean) {
  return useQuery({
    queryKey: qk.cannedReplies,
    enabled,
    staleTime: 60_000,
    queryFn: async () => {
      const res = await api<any>('/canned-replies');
      const list: any[] = Array.isArray(res) ? res : (res.items ?? res.cannedReplies ?? res.replies ?? []);
      return list.map((c): CannedReply => ({ id: c.id, shortcut: c.shortcut ?? '', title: c.title ?? '', body: c.body ?? '' }));
    },
  });
}

/** POST /api/canned-replies/:id/render: the text with this ticket's variables filled in. */
export async function renderCanned(id: string, ticketId: string): Promise<{ text: string; unknownVariables: string[] }> {
  const res = await api<any>(`/canned-replies/${id}/render`, { method: 'POST', body: { ticketId } });
  return {
    text: res.text ?? res.body ?? res.rendered ?? '',
    unknownVariables: res.unknownVariables ?? [],
  };
}
