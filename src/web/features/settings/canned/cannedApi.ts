import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CannedReply } from '../../../../shared/tickets';
import { api } from '../../../lib/api';
import { qk } from '../../../lib/queryKeys';

/** A ready-made reply; `body` may hold {{customer.name}}-style variables. */
export type { CannedReply };

export type CannedReplyInput = Pick<CannedReply, 'shortcut' | 'title' | 'body'>;

/** GET /api/canned-replies. */
export function useCannedReplies() {
  return useQuery({
    queryKey: qk.cannedReplies,
    queryFn: async () => (await api<{ cannedReplies: CannedReply[] }>('/canned-replies')).cannedReplies,
  });
}

function useCannedMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: qk.cannedReplies }) });
}

/** POST /api/canned-replies. */
export const useCreateCannedReply = () => useCannedMutation((body: CannedReplyInput) => api('/canned-replies', { method: 'POST', body }));

/** PATCH /api/canned-replies/:id. */
export const useUpdateCannedReply = () =>
  useCannedMutation(({ id, ...body }: CannedReplyInput & { id: string }) => api(`/canned-replies/${id}`, { method: 'PATCH', body }));

/** DELETE /api/canned-replies/:id. */
export const useDeleteCannedReply = () => useCannedMutation((id: string) => api(`/canned-replies/${id}`, { method: 'DELETE' }));
