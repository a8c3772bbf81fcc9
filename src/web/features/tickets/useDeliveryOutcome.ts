import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { qk } from '../../lib/queryKeys';
import { fetchMessages, type Message } from './ticketApi';
import { failureText } from './replyChannelApi';

/**
 * Tells the agent what became of the reply they just sent, once it is known: a queued reply's toast
 * says "sending", and this one follows with "sent" or, in red, why it failed. The outcome arrives as
 * a realtime event on the ticket's topic, which refetches the thread this hook watches.
 */
export function useDeliveryOutcome(ticketId: string) {
  const { t } = useTranslation('delivery');
  const watching = useRef<string | null>(null);
  const messages = useQuery({ queryKey: qk.ticketMessages(ticketId), queryFn: ({ signal }) => fetchMessages(ticketId, signal) });
  /** The toast for a settled delivery (sent, delivered or failed). */
  const announce = (m: Message) => {
    watching.current = null;
    notifications.hide(`delivery-${m.id}`);
    if (m.deliveryStatus === 'failed') {
      const { reason, fix } = failureText(t, m.deliveryFailure ?? 'unknown');
      notifications.show({ color: 'red', title: t('toast.failed'), message: fix ? `${reason} ${fix}` : reason, autoClose: 10_000 });
    } else {
      notifications.show({ color: 'teal', message: t(`toast.${m.deliveryStatus === 'delivered' ? 'delivered' : 'sent'}`), autoClose: 2500 });
    }
  };
  const settled = (m: Message | undefined) => !!m && m.deliveryStatus !== 'queued' && m.deliveryStatus !== null;

  useEffect(() => {
    const id = watching.current;
    const m = id ? messages.data?.find((x) => x.id === id) : undefined;
    if (m && settled(m)) announce(m);
  });

  /** Call with the message the server returned for a reply: its toast now, its outcome when known. */
  return (m: Message) => {
    if (m.deliveryStatus === null) {
      notifications.show({ color: 'teal', message: t('toast.recorded'), autoClose: 3000 });
      return;
    }
    // The outcome may already be in the thread (a realtime event outran our response).
    const known = messages.data?.find((x) => x.id === m.id);
    if (settled(known)) return announce(known!);
    if (settled(m)) return announce(m);
    watching.current = m.id;
    notifications.show({ id: `delivery-${m.id}`, color: 'blue', loading: true, message: t('toast.queued'), autoClose: 8000 });
  };
}
