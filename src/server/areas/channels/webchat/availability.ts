import type { Sql } from '../../../core/db/types.js';
import { addBusinessMinutes, type BusinessCalendar } from '../../../core/lib/business-hours.js';
import { loadCalendar } from '../../tickets/index.js';

export interface Availability {
  online: boolean;
  /** When the team is back (ISO); null while online or when the calendar has no open hours at all. */
  nextOpenAt: string | null;
}

/**
 * Whether the team is within business hours at `now`, and if not, when it opens next. Uses the SLA
 * calendar arithmetic: the instant 1 ms of business time after `now`, minus that 1 ms, is the start of
 * the next open interval (or `now` itself when open).
 */
export function availabilityAt(cal: BusinessCalendar, now: Date): Availability {
  let opensAt: Date;
  try {
    opensAt = new Date(addBusinessMinutes(now, 1 / 60_000, cal).getTime() - 1);
  } catch {
    return { online: false, nextOpenAt: null };
  }
  if (opensAt.getTime() <= now.getTime()) return { online: true, nextOpenAt: null };
  return { online: false, nextOpenAt: opensAt.toISOString() };
}

export async function workspaceAvailability(sql: Sql, workspaceId: string, now = new Date()): Promise<Availability> {
  return availabilityAt(await loadCalendar(sql, workspaceId), now);
}

// Open sockets re-check availability on every heartbeat; one calendar read per workspace per half
// minute serves them all.
const recent = new Map<string, { at: number; value: Promise<Availability> }>();

/** workspaceAvailability, reused for up to `maxAgeMs` (for the sockets' periodic status check). */
export function cachedAvailability(sql: Sql, workspaceId: string, maxAgeMs = 30_000): Promise<Availability> {
  const hit = recent.get(workspaceId);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.value;
  const value = workspaceAvailability(sql, workspaceId);
  if (recent.size > 10_000) recent.clear();
  recent.set(workspaceId, { at: Date.now(), value });
  value.catch(() => recent.delete(workspaceId));
  return value;
}
