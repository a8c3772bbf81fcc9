import type { DeliveryFailure } from '../../../shared/channels.js';

/** Where an outbound message is on its way out. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'seen' | 'failed';

/** The outbound delivery's event (core/channels/outbox.ts): a message's delivery status changed. */

declare module '../events/types.js' {
  interface EventCatalog {
    /**
     * error: the technical detail when the channel reported one (null when cleared); failure: its stable
     * code (shared/channels.ts DELIVERY_FAILURES); both absent when a delivery is queued.
     */
    'message.delivery_changed': {
      subject: 'message';
      data: { ticketId: string; status: DeliveryStatus; error?: string | null; failure?: DeliveryFailure | null };
    };
  }
}
