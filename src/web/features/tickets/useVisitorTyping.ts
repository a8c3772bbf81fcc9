import { useEffect, useState } from 'react';
import { onRealtimeEvent } from '../../lib/realtime';

/** How long "typing…" stays up after the last signal (the widget sends one at most every 2 s). */
const SHOW_MS = 4000;

/** True while the customer is typing in the chat widget on this ticket (realtime 'webchat.typing'). */
export function useVisitorTyping(ticketId: string): boolean {
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onRealtimeEvent((event) => {
      if (event.data?.ticketId !== ticketId) return;
      if (event.type === 'webchat.typing') {
        setTyping(true);
        clearTimeout(timer);
        timer = setTimeout(() => setTyping(false), SHOW_MS);
      } else if (event.type === 'message.created' || event.type === 'ticket.message_added') {
        // Their message arrived: they are done typing it.
        clearTimeout(timer);
        setTyping(false);
      }
    });
    return () => {
      off();
      clearTimeout(timer);
      setTyping(false);
    };
  }, [ticketId]);
  return typing;
}
