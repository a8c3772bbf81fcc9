/**
 * Campaign schedules as the settings page offers them: presets that map to a cron line, a custom
 * cron line, or one date-time. Kept apart from the form so the mapping is tested on its own.
 */
export type ScheduleMode = 'quarterly' | 'monthly' | 'cron' | 'once';

/** 09:00 on the 1st of January, April, July and October (the workspace's zone, as the server runs crons). */
export const QUARTERLY_CRON = '0 9 1 1,4,7,10 *';
/** 09:00 on the 1st of every month. */
export const MONTHLY_CRON = '0 9 1 * *';

export function modeOf(c: { schedule: string | null; runAt: string | null }): ScheduleMode {
  if (!c.schedule) return 'once';
  const s = c.schedule.trim().replace(/\s+/g, ' ');
  if (s === QUARTERLY_CRON) return 'quarterly';
  if (s === MONTHLY_CRON) return 'monthly';
  return 'cron';
}

/** A five-field cron line whose fields hold only what cron accepts (digits, * , - /). */
export function isCronLine(s: string): boolean {
  const fields = s.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[\d*,/-]+$/.test(f));
}

/** The schedule/runAt pair to send for a mode; an error key when the input does not make one. */
export function scheduleFor(mode: ScheduleMode, cron: string, runAt: Date | null, now = new Date()):
  | { schedule: string | null; runAt: string | null }
  | { error: 'cronInvalid' | 'runAtMissing' | 'runAtPast' } {
  if (mode === 'quarterly') return { schedule: QUARTERLY_CRON, runAt: null };
  if (mode === 'monthly') return { schedule: MONTHLY_CRON, runAt: null };
  if (mode === 'cron') return isCronLine(cron) ? { schedule: cron.trim().replace(/\s+/g, ' '), runAt: null } : { error: 'cronInvalid' };
  if (!runAt) return { error: 'runAtMissing' };
  if (runAt.getTime() <= now.getTime()) return { error: 'runAtPast' };
  return { schedule: null, runAt: runAt.toISOString() };
}
