import i18n from 'i18next';

/**
 * The timeline's caption of a notice entry, from its title "<shown state>:<order status>:<reason>:<code>"
 * → "Thông báo đơn DH-1: Đang giao · Đã nhận" or "… · bỏ qua (khách đã huỷ nhận thông báo)".
 */
export function noticeTimelineCaption(title: string | null): string {
  const [state = '', status = '', reason = '', ...rest] = (title ?? '').split(':');
  const code = rest.join(':');
  const statusText = i18n.t(`notices:status.${status}`, { defaultValue: status });
  if (state === 'skipped') {
    return i18n.t('notices:timeline.skipped', { code, status: statusText, reason: i18n.t(`notices:reason.${reason}`, { defaultValue: reason }) });
  }
  return i18n.t('notices:timeline.caption', { code, status: statusText, state: i18n.t(`notices:display.${state}`, { defaultValue: state }) });
}

/** The shown state of a notice entry (its badge), from the same title. */
export const noticeTimelineState = (title: string | null) => (title ?? '').split(':')[0] ?? '';
