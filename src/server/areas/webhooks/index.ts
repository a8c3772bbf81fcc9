/** Outgoing webhooks: signed deliveries of events to subscribed URLs, retried, logged and re-sendable. */
import type { Area } from '../../core/area.js';

export const webhooksArea: Area = {
  name: 'webhooks',
};
