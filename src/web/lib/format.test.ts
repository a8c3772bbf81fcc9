import { beforeAll, describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { formatDate, formatDateTime, formatMoney, formatPhone, formatRelative, setDisplayTimeZone } from './format';

describe('web formatting', () => {
  beforeAll(async () => {
    await i18n.init({ lng: 'vi', resources: {} });
    setDisplayTimeZone('Asia/Ho_Chi_Minh');
  });

  it('shows dates as dd/MM/yyyy HH:mm in the workspace zone', () => {
    // 17:30 UTC is 00:30 the next day in Hồ Chí Minh City (UTC+7).
    expect(formatDateTime('2026-11-22T17:30:00Z')).toBe('23/11/2026 00:30');
    expect(formatDate('2026-11-22T17:30:00Z')).toBe('23/11/2026');
    // A plain calendar day (birthday) is not shifted by any zone.
    expect(formatDate('1990-02-01')).toBe('01/02/1990');
    setDisplayTimeZone('Europe/London');
    expect(formatDateTime('2026-11-22T17:30:00Z')).toBe('22/11/2026 17:30');
    setDisplayTimeZone('Asia/Ho_Chi_Minh');
  });

  it('formats VND with dots and the đồng sign, no decimals', () => {
    expect(formatMoney(1250000)).toBe('1.250.000 ₫');
    expect(formatMoney('99999.6')).toBe('100.000 ₫');
  });

  it('groups Vietnamese mobile numbers the way people read them', () => {
    expect(formatPhone('+84912345678')).toBe('0912 345 678');
    expect(formatPhone('+6591234567')).toBe('+6591234567');
  });

  it('says relative times in the UI language', async () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(formatRelative('2026-11-22T09:59:40Z', now)).toBe('vừa xong');
    expect(formatRelative('2026-11-22T09:55:00Z', now)).toBe('5 phút trước');
    expect(formatRelative('2026-11-22T07:00:00Z', now)).toBe('3 giờ trước');
    await i18n.changeLanguage('en');
    expect(formatRelative('2026-11-22T09:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-21T10:00:00Z', now)).toBe('yesterday');
    await i18n.changeLanguage('vi');
  });
});
