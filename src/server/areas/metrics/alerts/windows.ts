import { addDays, dayIn } from '../days.js';
import type { DetectorConfig } from './detect.js';

/** The recent window (ending today, in the workspace's calendar) and its baseline right before it. */
export interface Windows {
  recent: { from: string; to: string };
  baseline: { from: string; to: string };
}

/**
 * Whole calendar days in the workspace's time zone (the metrics engine's periods): the recent window
 * is the last `recentDays` days including today, the baseline the `baselineDays` days before it.
 * Hourly passes within a day therefore compare the same windows with fresher data.
 */
export function windowsAt(now: Date, timeZone: string, config: Pick<DetectorConfig, 'recentDays' | 'baselineDays'>): Windows {
  const today = dayIn(now, timeZone);
  const recentFrom = addDays(today, -(config.recentDays - 1));
  return {
    recent: { from: recentFrom, to: today },
    baseline: { from: addDays(recentFrom, -config.baselineDays), to: addDays(recentFrom, -1) },
  };
}
