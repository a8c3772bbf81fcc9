import { describe, expect, it } from 'vitest';
import { daysUntilAnniversary, parseVnDate } from './dates';

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
