import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookSubscription, WebhookSubscriptionInput } from '../../../shared/webhooks';
import { api } from '../../lib/api';

const key = ['webhooks'] as const;

/** GET /api/webhooks/subscriptions. */
export function useSubscriptions() {
  return useQuery({ queryKey: [...key, 'subs'], queryFn: ({ signal }) => api<{ items: WebhookSubscription[] }>('/webhooks/subscriptions', { signal }).then((r) => r.items) });
}

/** A page of a subscription's deliveries (or, with id 'workflows', the workflows' calls). */
export function useDeliveries(id: string | null, before: string | null) {
  return useQuery({
    queryKey: [...key, 'deliveries', id, before],
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
    queryFn: ({ signal }) =>
      api<{ items: WebhookDelivery[]; nextBefore: string | null }>(id === 'workflows' ? '/webhooks/workflow-deliveries' : `/webhooks/subscriptions/${id}/deliveries`, { signal, query: before ? { before } : {} }),
  });
}

export function useDelivery(id: string | null) {
  return useQuery({ queryKey: [...key, 'delivery', id], enabled: Boolean(id), queryFn: ({ signal }) => api<{ delivery: WebhookDeliveryDetail }>(`/webhooks/deliveries/${id}`, { signal }).then((r) => r.delivery) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

/** POST (new) or PUT a subscription; a new one answers with its secret. */
export function useSaveSubscription(id: string | null) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: WebhookSubscriptionInput) =>
      api<{ subscription: WebhookSubscription; secret?: string }>(id ? `/webhooks/subscriptions/${id}` : '/webhooks/subscriptions', { method: id ? 'PUT' : 'POST', body }),
    onSuccess: done,
  });
}

/** pause, resume, rotate-secret, reveal-secret or delete. */
export function useSubscriptionAction() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'rotate-secret' | 'reveal-secret' | 'delete' }) =>
      action === 'delete' ? api<null>(`/webhooks/subscriptions/${id}`, { method: 'DELETE' }) : api<{ secret?: string }>(`/webhooks/subscriptions/${id}/${action}`, { method: 'POST', body: {} }),
    onSuccess: done,
  });
}

export function useResend() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api<{ delivery: WebhookDeliveryDetail }>(`/webhooks/deliveries/${id}/resend`, { method: 'POST', body: {} }), onSuccess: done });
}
