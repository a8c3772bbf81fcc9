import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AiField, TicketPrediction } from '../../../shared/ai';
import type { TicketDetail } from '../../../shared/tickets';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';

/** Under the ticket's key, so realtime refreshes of the ticket refresh its predictions too. */
const predictionsKey = (ticketId: string) => [...qk.ticket(ticketId), 'ai-predictions'] as const;

/** GET /api/ai/tickets/:id/predictions; asks a few more times while a new ticket has none yet (the AI reads it after it is filed). */
export function useTicketPredictions(ticketId: string) {
  return useQuery({
    queryKey: predictionsKey(ticketId),
    queryFn: ({ signal }) => api<{ items: TicketPrediction[] }>(`/ai/tickets/${ticketId}/predictions`, { signal }).then((r) => r.items),
    refetchInterval: (q) => ((q.state.data?.length ?? 0) > 0 || q.state.dataUpdateCount > 5 ? false : 3000),
  });
}

/** The value a field holds now, in the predictions' terms (team: its id). */
export function currentValue(ticket: TicketDetail, field: AiField): string | null {
  return field === 'category' ? ticket.category : field === 'team' ? (ticket.team?.id ?? null) : ticket.priority;
}

/** Sets a field to the AI's suggestion through the ticket's own PATCH (the change is the agent's; the AI counts it as accepted). */
export function useApplyPrediction(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ field, label }: { field: AiField; label: string }) =>
      api<{ ticket: TicketDetail }>(`/tickets/${ticketId}`, {
        method: 'PATCH',
        body: field === 'category' ? { category: label } : field === 'team' ? { teamId: label } : { priority: label },
      }),
    onSuccess: ({ ticket }) => {
      qc.setQueryData(qk.ticket(ticketId), ticket);
      void qc.invalidateQueries({ queryKey: qk.ticket(ticketId) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
  });
}

/** POST /api/ai/tickets/:id/predictions/:field/undo: the field goes back to what it was before the AI set it. */
export function useUndoPrediction(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (field: AiField) => api<null>(`/ai/tickets/${ticketId}/predictions/${field}/undo`, { method: 'POST' }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: qk.ticket(ticketId) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
  });
}

/**
 * PUT /api/ai/tickets/:id/predictions/:field/dismissed: hides a suggestion for every agent (stored on
 * the server, so it stays hidden after a reload) or shows it again. The cache changes at once; a failure
 * puts it back.
 */
export function useDismissPrediction(ticketId: string) {
  const qc = useQueryClient();
  const key = predictionsKey(ticketId);
  return useMutation({
    mutationFn: ({ field, dismissed }: { field: AiField; dismissed: boolean }) =>
      api<null>(`/ai/tickets/${ticketId}/predictions/${field}/dismissed`, { method: 'PUT', body: { dismissed } }),
    onMutate: async ({ field, dismissed }) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<TicketPrediction[]>(key);
      qc.setQueryData<TicketPrediction[]>(key, (items) =>
        items?.map((p) => (p.field === field ? { ...p, dismissedAt: dismissed ? new Date().toISOString() : null } : p)),
      );
      return { before };
    },
    onError: (_err, _vars, context) => qc.setQueryData(key, context?.before),
    onSettled: () => void qc.invalidateQueries({ queryKey: key }),
  });
}
