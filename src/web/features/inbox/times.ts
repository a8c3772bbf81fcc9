import i18n from 'i18next';
import type { TicketSla } from '../../../shared/tickets';
import { formatMessageTime, formatSlaCountdown, type Lang } from '../../lib/dates';
import { displayTimeZone } from '../../lib/format';

const lang = (): Lang => (i18n.language?.startsWith('en') ? 'en' : 'vi');

/** "14:05", "Hôm qua 09:12", "Hôm kia 14:05" or "dd/MM/yyyy HH:mm", in the workspace zone and the UI language. */
export const messageTime = (at: string, now?: Date) => formatMessageTime(at, { timeZone: displayTimeZone(), lang: lang(), now });

/** The target that is still running (first reply before resolution), if any. */
export function runningTarget(sla: TicketSla): { which: 'firstResponse' | 'resolution'; dueAt: string; atRisk: boolean } | null {
  for (const which of ['firstResponse', 'resolution'] as const) {
    const x = sla[which];
    if (x.dueAt && !x.metAt) return { which, dueAt: x.dueAt, atRisk: x.atRisk };
  }
  return null;
}

/** "còn 1 giờ 20 phút" / "trễ 3 giờ" to a due time, in the UI language. */
export const slaCountdown = (dueAt: string, now?: Date) => formatSlaCountdown(dueAt, { lang: lang(), now });
