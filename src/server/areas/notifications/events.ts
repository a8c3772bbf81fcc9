/** The notifications area's events: a user changed how they want to be told. */
import type { NotificationKind } from '../../../shared/notifications.js';

declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** kinds: the kinds whose settings changed. */
    'notification_prefs.updated': { subject: 'user'; data: { kinds: NotificationKind[] } };
  }
}

export {};
