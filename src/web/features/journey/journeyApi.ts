import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerJourney, JourneyReport } from '../../../shared/journey';
import type { CustomerOrders } from '../../../shared/orders';
import type { TicketDetail } from '../../../shared/tickets';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';

/** Under the customer's key, so a realtime event on `customer:<id>` refreshes it with the 360. */
export const customerOrdersKey = (id: string) => [...qk.customer(id), 'orders'] as const;
export const customerJourneyKey = (id: string) => [...qk.customer(id), 'journey'] as const;

/** GET /api/customers/:id/orders: latest order, open orders, running warranties, lifetime value. */
export function useCustomerOrders(customerId: string) {
  return useQuery({
    queryKey: customerOrdersKey(customerId),
    queryFn: ({ signal }) => api<CustomerOrders>(`/customers/${customerId}/orders`, { signal }),
    enabled: !!customerId,
  });
}

/** GET /api/customers/:id/journey: the stage now and the touchpoints filed by stage. */
export function useCustomerJourney(customerId: string) {
  return useQuery({
    queryKey: customerJourneyKey(customerId),
    queryFn: ({ signal }) => api<CustomerJourney>(`/customers/${customerId}/journey`, { signal }),
    enabled: !!customerId,
  });
}

/** GET /api/journey?from&to (days, yyyy-MM-dd; `to` inclusive). */
export function useJourneyReport(from: string, to: string) {
  return useQuery({
    queryKey: ['journey', from, to],
    queryFn: ({ signal }) => api<JourneyReport>('/journey', { query: { from, to }, signal }),
    placeholderData: (prev) => prev,
  });
}

/** PUT /api/tickets/:id/order: which order the ticket is about (null: none). */
export function useLinkTicketOrder(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string | null) => api<{ ticket: TicketDetail }>(`/tickets/${ticketId}/order`, { method: 'PUT', body: { orderId } }),
    onSuccess: (res) => {
      qc.setQueryData(qk.ticket(ticketId), res.ticket);
      void qc.invalidateQueries({ queryKey: qk.ticket(ticketId) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
  });
}
