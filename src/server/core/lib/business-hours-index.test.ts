import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, addBusinessMinutesByDay, businessMinutesBetween, businessMinutesBetweenByDay, slaFlags, type BusinessCalendar, type WeeklyHours } from './business-hours.js';

// Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shop: WeeklyHours = {
  mon: [['08:00', '17:30']],
  tue: [['08:00', '17:30']],
  wed: [['08:00', '17:30']],
  thu: [['08:00', '17:30']],
  fri: [['08:00', '17:30']],
  sat: [['08:00', '12:00']],
};
const calendars: Record<string, () => BusinessCalendar> = {
  'Vietnam shop hours with Tết and 30/4–1/5 off': () => ({
    timezone: 'Asia/Ho_Chi_Minh',
    weekly: shop,
    holidays: new Set(['2026-02-16', '2026-02-17', '2026-02-18', '2026-04-30', '2026-05-01', '2026-09-02', '2027-01-01']),
  }),
  'Berlin split shifts and a midnight close, across DST changes': () => ({
    timezone: 'Europe/Berlin',
    weekly: { mon: [['13:30', '18:00'], ['09:00', '12:00']], wed: [['00:00', '24:00']], fri: [['22:00', '24:00']], sun: [['02:00', '03:30']] },
    holidays: ['2026-12-25'],
  }),
  'overlapping hours (counted twice, so the index steps aside)': () => ({
    timezone: 'Asia/Ho_Chi_Minh',
    weekly: { mon: [['08:00', '12:00'], ['11:00', '13:00']], thu: [['09:00', '10:00']] },
    holidays: [],
  }),
  'open on one weekday only': () => ({ timezone: 'America/Sao_Paulo', weekly: { tue: [['10:00', '11:15']] }, holidays: [] }),
};

describe('businessMinutesBetween (interval index) equals the day-by-day walk', () => {
  for (const [name, make] of Object.entries(calendars)) {
    it(name, () => {
      const random = rng(name.length * 7919);
      const cal = make(); // one calendar object for all triples, as on an inbox page
      const base = Date.UTC(2026, 0, 1);
      const year = 365 * 86_400_000;
      for (let i = 0; i < 400; i++) {
        const start = new Date(base + Math.floor(random() * year));
        const due = new Date(start.getTime() + Math.floor(random() * 40 * 86_400_000));
        const now = new Date(start.getTime() + Math.floor((random() - 0.1) * 45 * 86_400_000));
        for (const [a, b] of [[start, due], [now, due], [due, now], [start, now]]) {
          expect(businessMinutesBetween(a, b, cal), `${a.toISOString()} → ${b.toISOString()}`).toBe(businessMinutesBetweenByDay(a, b, cal));
        }
        const targetMinutes = now < due ? businessMinutesBetweenByDay(start, due, cal) : null;
        expect(slaFlags({ dueAt: due, metAt: null, targetMinutes }, now, cal)).toEqual(
          (() => {
            const left = businessMinutesBetweenByDay(now, due, cal);
            const breached = now.getTime() > due.getTime();
            return { dueAt: due.toISOString(), metAt: null, breached, atRisk: !breached && !!targetMinutes && left <= targetMinutes * 0.2 };
          })(),
        );
      }
    });
  }

  it('reports a malformed time exactly as before', () => {
    const cal: BusinessCalendar = { timezone: 'Asia/Ho_Chi_Minh', weekly: { mon: [['8h', '17:00']] }, holidays: [] };
    const a = new Date('2026-11-16T01:00:00Z');
    const b = new Date('2026-11-18T01:00:00Z');
    expect(() => businessMinutesBetweenByDay(a, b, cal)).toThrow('Invalid time "8h"');
    expect(() => businessMinutesBetween(a, b, cal)).toThrow('Invalid time "8h"');
  });
});

describe('addBusinessMinutes (interval index) equals the day-by-day walk', () => {
  for (const [name, make] of Object.entries(calendars)) {
    it(name, () => {
      const random = rng(name.length * 104_729);
      const cal = make(); // one calendar object for every ticket, as loadCalendar hands out
      const base = Date.UTC(2026, 0, 1);
      const year = 365 * 86_400_000;
      for (let i = 0; i < 400; i++) {
        const start = new Date(base + Math.floor(random() * year));
        // Minutes from a few to ~12 weeks of open time (past the index's first month), and exact day boundaries.
        const minutes = i % 10 === 0 ? [30, 240, 570, 1440][i % 4] : Math.floor(random() ** 2 * 40_000) + 1;
        // Both give the same instant, or both give up the same way (a calendar with little open time runs out of days).
        const outcome = (add: typeof addBusinessMinutes) => {
          try {
            return add(start, minutes, cal).toISOString();
          } catch (err) {
            return `throws: ${(err as Error).message}`;
          }
        };
        expect(outcome(addBusinessMinutes), `${start.toISOString()} + ${minutes}`).toBe(outcome(addBusinessMinutesByDay));
      }
    });
  }

  it('lands on closing time when the minutes fill the day, and starts at the next opening from a closing time', () => {
    const cal = calendars['Vietnam shop hours with Tết and 30/4–1/5 off']();
    // Monday 16/11/2026 08:00 Vietnam time + 570 min → 17:30 the same day (not 08:00 on Tuesday).
    expect(addBusinessMinutes(new Date('2026-11-16T01:00:00Z'), 570, cal).toISOString()).toBe('2026-11-16T10:30:00.000Z');
    // From 17:30 exactly, 30 minutes → Tuesday 08:30.
    expect(addBusinessMinutes(new Date('2026-11-16T10:30:00Z'), 30, cal).toISOString()).toBe('2026-11-17T01:30:00.000Z');
  });

  it('a calendar without open hours still throws, and a malformed time still reports itself', () => {
    const none: BusinessCalendar = { timezone: 'Asia/Ho_Chi_Minh', weekly: {}, holidays: [] };
    expect(() => addBusinessMinutes(new Date('2026-11-16T01:00:00Z'), 30, none)).toThrow('no open hours');
    const bad: BusinessCalendar = { timezone: 'Asia/Ho_Chi_Minh', weekly: { mon: [['8h', '17:00']] }, holidays: [] };
    expect(() => addBusinessMinutes(new Date('2026-11-16T01:00:00Z'), 30, bad)).toThrow('Invalid time "8h"');
  });
});
