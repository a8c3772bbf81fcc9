import { describe, expect, it } from 'vitest';
import { daysUntilAnniversary, formatMessageTime, formatSlaCountdown, parseVnDate } from './dates';

describe('parseVnDate', () => {
  it('reads dd/MM/yyyy and the usual variants as a calendar day', () => {
    expect(parseVnDate('15/03/1990')).toBe('1990-03-15');
    expect(parseVnDate('5/3/1990')).toBe('1990-03-05');
    expect(parseVnDate(' 05-03-1990 ')).toBe('1990-03-05');
    expect(parseVnDate('05.03.1990')).toBe('1990-03-05');
  });

  it('refuses days that do not exist and other shapes', () => {
    expect(parseVnDate('31/02/1992')).toBeNull();
    expect(parseVnDate('29/02/2023')).toBeNull();
    expect(parseVnDate('29/02/2024')).toBe('2024-02-29');
    expect(parseVnDate('1990-03-15')).toBeNull(); // ISO is not what people type here
    expect(parseVnDate('03/15/1990')).toBeNull(); // US order: month 15 does not exist
    expect(parseVnDate('')).toBeNull();
  });
});

describe('daysUntilAnniversary', () => {
  const now = new Date(2026, 10, 22, 15, 0); // 22/11/2026 afternoon, local time
  it('counts whole days to the next return of the day, 0 on the day itself', () => {
    expect(daysUntilAnniversary('1990-11-22', now)).toBe(0);
    expect(daysUntilAnniversary('1990-11-25', now)).toBe(3);
    expect(daysUntilAnniversary('1990-11-21', now)).toBe(364);
    expect(daysUntilAnniversary('1990-01-01', now)).toBe(40);
  });
});

describe('formatMessageTime', () => {
  const vn = { timeZone: 'Asia/Ho_Chi_Minh', lang: 'vi' as const };
  // 03/12/2026 10:30 in Hà Nội (03:30 UTC).
  const now = new Date('2026-12-03T03:30:00Z');
  it('shows the clock time today, "Hôm qua" and "Hôm kia" with the time, then the full date', () => {
    expect(formatMessageTime('2026-12-03T07:05:00+07:00', { ...vn, now })).toBe('07:05');
    expect(formatMessageTime('2026-12-03T00:00:00+07:00', { ...vn, now })).toBe('00:00');
    expect(formatMessageTime('2026-12-02T23:59:00+07:00', { ...vn, now })).toBe('Hôm qua 23:59');
    expect(formatMessageTime('2026-12-02T09:12:00+07:00', { ...vn, now })).toBe('Hôm qua 09:12');
    expect(formatMessageTime('2026-12-01T14:05:00+07:00', { ...vn, now })).toBe('Hôm kia 14:05');
    expect(formatMessageTime('2026-11-30T14:05:00+07:00', { ...vn, now })).toBe('30/11/2026 14:05');
    expect(formatMessageTime('2025-01-09T08:00:00+07:00', { ...vn, now })).toBe('09/01/2025 08:00');
  });

  it('counts calendar days in the workspace zone, not 24-hour spans or the browser zone', () => {
    // 22:00 UTC on the 2nd is already 05:00 on the 3rd in Hà Nội: today there, yesterday in UTC.
    expect(formatMessageTime('2026-12-02T22:00:00Z', { ...vn, now })).toBe('05:00');
    expect(formatMessageTime('2026-12-02T22:00:00Z', { timeZone: 'UTC', lang: 'vi', now })).toBe('Hôm qua 22:00');
    // Across a month and a year end.
    expect(formatMessageTime('2026-12-31T20:00:00+07:00', { ...vn, now: new Date('2027-01-01T01:00:00+07:00') })).toBe('Hôm qua 20:00');
  });

  it('speaks English too, and shows a future or broken time plainly', () => {
    expect(formatMessageTime('2026-12-02T09:12:00+07:00', { timeZone: 'Asia/Ho_Chi_Minh', lang: 'en', now })).toBe('Yesterday 09:12');
    expect(formatMessageTime('2026-12-01T14:05:00+07:00', { timeZone: 'Asia/Ho_Chi_Minh', lang: 'en', now })).toBe('Tue 14:05');
    expect(formatMessageTime('2026-12-05T14:05:00+07:00', { ...vn, now })).toBe('05/12/2026 14:05');
    expect(formatMessageTime('not a date', { ...vn, now })).toBe('');
  });
});

describe('formatSlaCountdown', () => {
  const now = new Date('2026-12-03T03:30:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  it('says how long is left, or how late, in hours and minutes while close and in days when far', () => {
    expect(formatSlaCountdown(at(80), { lang: 'vi', now })).toEqual({ text: 'còn 1 giờ 20 phút', overdue: false });
    expect(formatSlaCountdown(at(45), { lang: 'vi', now }).text).toBe('còn 45 phút');
    expect(formatSlaCountdown(at(0), { lang: 'vi', now }).text).toBe('còn 0 phút');
    expect(formatSlaCountdown(at(-185), { lang: 'vi', now })).toEqual({ text: 'trễ 3 giờ', overdue: true });
    expect(formatSlaCountdown(at(-120), { lang: 'vi', now }).text).toBe('trễ 2 giờ');
    expect(formatSlaCountdown(at(-24 * 60 - 30), { lang: 'vi', now }).text).toBe('trễ 1 ngày');
    expect(formatSlaCountdown(at(3 * 24 * 60 + 600), { lang: 'vi', now }).text).toBe('còn 3 ngày');
    expect(formatSlaCountdown(at(-0.4), { lang: 'vi', now })).toEqual({ text: 'trễ 0 phút', overdue: true });
  });

  it('in English', () => {
    expect(formatSlaCountdown(at(80), { lang: 'en', now }).text).toBe('1 h 20 min left');
    expect(formatSlaCountdown(at(-185), { lang: 'en', now }).text).toBe('3 h late');
    expect(formatSlaCountdown(at(-24 * 60), { lang: 'en', now }).text).toBe('1 day late');
    expect(formatSlaCountdown(at(-50 * 60), { lang: 'en', now }).text).toBe('2 days late');
  });
});
