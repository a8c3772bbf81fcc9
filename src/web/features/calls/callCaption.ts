import i18n from 'i18next';
import { mmss, parseCallTitle } from './callFormat';

/** "Cuộc gọi đi · Đã nghe · 01:30" — the caption of a call in the customer's timeline. */
export function callTimelineCaption(title: string | null): string {
  const c = parseCallTitle(title);
  const t = (k: string) => i18n.t(k, { ns: 'calls' });
  const status = c.status === 'missed' && c.direction === 'outbound' ? t('status.missedOutbound') : t(`status.${c.status}`);
  const parts = [t(`direction.${c.direction}`), status];
  if (c.talkSeconds > 0) parts.push(mmss(c.talkSeconds));
  return parts.join(' · ');
}
