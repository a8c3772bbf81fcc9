import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { qk } from '../../lib/queryKeys';
import { useRealtime } from '../../lib/realtime';
import { errorMessage } from '../../components/PageError';
import type { TicketPatch } from '../../../shared/tickets';
import { fetchMessages, fetchTicket, type TicketDetail } from './ticketApi';

/** The ticket and its thread, kept live through the "ticket:<id>" topic. */
export function useTicket(id: string) {
  useRealtime([`ticket:${id}`]);
  const ticket = useQuery({ queryKey: qk.ticket(id), queryFn: ({ signal }) => fetchTicket(id, signal) });
  const messages = useQuery({ queryKey: qk.ticketMessages(id), queryFn: ({ signal }) => fetchMessages(id, signal) });
  return { ticket, messages };
}

/** PATCH /api/tickets/:id; the page shows the server's answer, and errors as a notification. */
export function useUpdateTicket(id: string) {
  const { t } = useTranslation('ticket');
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (patch: TicketPatch) => {
      return (await api<{ ticket: TicketDetail }>(`/tickets/${id}`, { method: 'PATCH', body: patch })).ticket;
    },
    onSuccess: (ticket) => {
      qc.setQueryData(qk.ticket(id), ticket);
      void qc.invalidateQueries({ queryKey: qk.ticket(id) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
    onError: (err) => notifications.show({ color: 'red', title: t('updateFailed'), message: errorMessage(err, t) }),
  });
}
