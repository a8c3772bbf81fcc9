import i18n from 'i18next';

/** The 360 timeline's caption of an order entry: title "<status>:<order code>" → "Đơn DH-1: Đang giao". */
export function orderTimelineCaption(title: string | null): string {
  const raw = title ?? '';
  const cut = raw.indexOf(':');
  const status = cut < 0 ? raw : raw.slice(0, cut);
  const code = cut < 0 ? '' : raw.slice(cut + 1);
  return i18n.t('journey:timeline.order', { code, status: i18n.t(`journey:orderStatus.${status}`, { defaultValue: status }) });
}
