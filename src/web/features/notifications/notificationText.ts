import type { TFunction } from 'i18next';
import { formatTime } from '../../lib/format';
import type { Notification } from '../../../shared/notifications';

/** The title and body a notification shows (toast and desktop alike), in the user's language. */
export function notificationText(n: Notification, t: TFunction): { title: string; body: string } {
  const number = n.ticketNumber ?? '';
  const name = n.customerName || t('common:customer.unnamed');
  switch (n.kind) {
    case 'new_conversation':
      return { title: t('notifications:toast.new_conversation', { name }), body: n.preview || n.subject };
    case 'new_message':
      return { title: t('notifications:toast.new_message', { name, number }), body: n.preview };
    case 'assigned':
      return {
        title: t('notifications:toast.assigned', { number }),
        body: n.actorName ? t('notifications:toast.assignedBy', { actor: n.actorName, subject: n.subject }) : t('notifications:toast.assignedAuto', { subject: n.subject }),
      };
    case 'mention':
      return { title: n.actorName ? t('notifications:toast.mention', { actor: n.actorName, number }) : t('notifications:toast.mentionSomeone', { number }), body: n.preview };
    case 'sla_at_risk':
      if (n.sla) return { title: t(`notifications:toast.sla_${n.sla.target}`, { number }), body: t('notifications:toast.slaDue', { time: formatTime(n.sla.dueAt), subject: n.subject }) };
      return { title: t('notifications:toast.sla_alert'), body: n.preview };
    case 'webhook_paused':
      return { title: t('notifications:toast.webhook_paused', { name: n.subject }), body: t('notifications:toast.webhookPausedBody') };
  }
}
