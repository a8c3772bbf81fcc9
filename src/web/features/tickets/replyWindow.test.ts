import { describe, expect, it } from 'vitest';
import type { ReplyChannel } from './replyChannelApi';
import { replyWindowOf, windowLeft, windowTone } from './replyWindow';

const rc = (window?: unknown): ReplyChannel => ({ channel: 'zalo', mode: 'sends', reason: null, warning: null, account: null, alternatives: [], ...(window === undefined ? {} : { window }) }) as ReplyChannel;
const now = new Date('2026-12-03T10:00:00Z');

describe('reply window', () => {
  it('shows nothing when the channel reports no window, or one without a time or count', () => {
    expect(replyWindowOf(rc())).toBeNull();
    expect(replyWindowOf(rc({ endsAt: 'soon' }))).toBeNull();
  });

  it('reads the end and the free replies left', () => {
    expect(replyWindowOf(rc({ endsAt: '2026-12-04T17:12:00Z', repliesLeft: 6 }))).toEqual({ endsAt: '2026-12-04T17:12:00Z', repliesLeft: 6, repliesMax: null });
    expect(replyWindowOf(rc({ endsAt: '2026-12-04T17:12:00Z' }))).toEqual({ endsAt: '2026-12-04T17:12:00Z', repliesLeft: null, repliesMax: null });
  });

  it('counts hours and minutes, rounding the last minute up, and says when it is over', () => {
    expect(windowLeft('2026-12-04T17:12:00Z', now)).toEqual({ hours: 31, minutes: 12, closed: false });
    expect(windowLeft('2026-12-03T10:00:30Z', now)).toEqual({ hours: 0, minutes: 1, closed: false });
    expect(windowLeft('2026-12-03T09:59:59Z', now)).toEqual({ hours: 0, minutes: 0, closed: true });
  });

  it('turns orange then red as time or replies run out', () => {
    const w = (endsAt: string, repliesLeft: number | null) => windowTone({ endsAt, repliesLeft, repliesMax: 8 }, now);
    expect(w('2026-12-04T10:00:00Z', 8)).toBe('ok');
    expect(w('2026-12-03T15:00:00Z', 8)).toBe('soon');
    expect(w('2026-12-04T10:00:00Z', 2)).toBe('soon');
    expect(w('2026-12-03T10:30:00Z', 8)).toBe('urgent');
    expect(w('2026-12-04T10:00:00Z', 1)).toBe('urgent');
    expect(w('2026-12-04T10:00:00Z', 0)).toBe('closed');
    expect(w('2026-12-03T09:00:00Z', null)).toBe('closed');
  });
});
