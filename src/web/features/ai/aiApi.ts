import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AiField, AiMode, AiSettings, MessageSentiment } from '../../../shared/ai';
import { api } from '../../lib/api';

const key = ['ai'] as const;

/** GET /api/ai/settings; polls while a training job is queued or running. */
export function useAiSettings() {
  return useQuery({
    queryKey: [...key, 'settings'],
    queryFn: ({ signal }) => api<AiSettings>('/ai/settings', { signal }),
    refetchInterval: (q) => (q.state.data?.training ? 3000 : false),
  });
}

/** PUT /api/ai/settings/:field. */
export function useSaveAiField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ field, mode, threshold }: { field: AiField; mode: AiMode; threshold: number }) =>
      api<AiSettings>(`/ai/settings/${field}`, { method: 'PUT', body: { mode, threshold } }),
    onSuccess: (data) => qc.setQueryData([...key, 'settings'], data),
  });
}

/** POST /api/ai/train: queues a training job. */
export function useTrainNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ queued: boolean }>('/ai/train', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...key, 'settings'] }),
  });
}

/** GET /api/ai/tickets/:id/sentiments, shared by every badge of a thread; asks again while `messageId` has none yet. */
export function useMessageSentiment(ticketId: string, messageId: string): MessageSentiment | undefined {
  const q = useQuery({
    queryKey: [...key, 'sentiments', ticketId],
    queryFn: ({ signal }) => api<{ items: MessageSentiment[] }>(`/ai/tickets/${ticketId}/sentiments`, { signal }).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some((s) => s.messageId === messageId) || (query.state.dataUpdateCount ?? 0) > 6 ? false : 4000),
  });
  return q.data?.find((s) => s.messageId === messageId);
}
