import type { Sql } from '../../../core/db/types.js';
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_TIMEZONE, slaFlags, type BusinessCalendar, type SlaFlags, type WeeklyHours } from '../../../core/lib/business-hours.js';
import type { TicketRow } from './ticket-store.js';

/**
 * Transactions that file many messages at once (the group-commit writer) read each workspace's SLA
 * policies and calendar once instead of once per new ticket. Scoped to that one transaction, so it
 * needs no invalidation: its reads are as current as the transaction's first one, as before.
 */
const memos = new WeakMap<Sql, Map<string, Promise<unknown>>>();

/** From now on, `sql` (one transaction) reads SLA settings once per workspace (see memos). */
export function rememberSlaSettings(sql: Sql): void {
  memos.set(sql, new Map());
}

function memo<T>(sql: Sql, key: string, load: () => Promise<T>): Promise<T> {
  const m = memos.get(sql);
  if (!m) return load();
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    m.set(key, p);
    // A failed read is not remembered (the caller's error handling decides what happens next).
    p.catch(() => m.delete(key));
  }
  return p;
}

/** The workspace's business calendar: zone, weekly hours and holidays. */
export function loadCalendar(sql: Sql, workspaceId: string): Promise<BusinessCalendar> {
  return memo(sql, `calendar:${workspaceId}`, () => readCalendar(sql, workspaceId));
}

/**
 * The last calendar read per workspace, with what it was read from. A read that finds the same zone,
 * hours and holidays gets the same object back, so the open-time index businessMinutesBetween builds
 * per calendar object (an inbox page's SLA flags) is built once, not on every request. Always read
 * first: a changed setting gives a new object at once, on every instance.
 */
const lastCalendars = new Map<string, { key: string; calendar: BusinessCalendar }>();
const MAX_REMEMBERED_CALENDARS = 1000;

/** The workspace's zone and hours and its holidays (in order, so equal lists compare equal), as readCalendar reads them. */
const CALENDAR_COLUMNS = `w.timezone, w.business_hours,
       ARRAY(SELECT to_char(h.day, 'YYYY-MM-DD') FROM holidays h WHERE h.workspace_id = w.id ORDER BY h.day) AS holidays`;

interface CalendarColumns {
  timezone: string | null;
  business_hours: WeeklyHours | string | null;
  holidays: string[] | null;
}

async function readCalendar(sql: Sql, workspaceId: string): Promise<BusinessCalendar> {
  return calendarFrom(workspaceId, await sql.one<CalendarColumns>(`SELECT ${CALENDAR_COLUMNS} FROM workspaces w WHERE w.id = $1`, [workspaceId]));
}

function calendarFrom(workspaceId: string, ws: CalendarColumns): BusinessCalendar {
  const weekly = typeof ws.business_hours === 'string' ? (JSON.parse(ws.business_hours) as WeeklyHours) : (ws.business_hours ?? {});
  const timezone = ws.timezone || DEFAULT_TIMEZONE;
  const days = ws.holidays ?? [];
  const key = JSON.stringify([timezone, weekly, days]);
  const last = lastCalendars.get(workspaceId);
  if (last?.key === key) return last.calendar;
  const calendar: BusinessCalendar = { timezone, weekly, holidays: new Set(days) };
  lastCalendars.delete(workspaceId);
  lastCalendars.set(workspaceId, { key, calendar });
  if (lastCalendars.size > MAX_REMEMBERED_CALENDARS) lastCalendars.delete(lastCalendars.keys().next().value as string);
  return calendar;
}

/**
 * What due dates need, in one statement: every priority's targets (first response, resolution; business
 * minutes) and the calendar — a new ticket used to cost two reads.
 */
async function readSlaSettings(sql: Sql, workspaceId: string): Promise<{ policies: Record<string, [number, number]>; calendar: BusinessCalendar }> {
  const row = await sql.one<CalendarColumns & { policies: Record<string, [number, number]> }>(
    `SELECT ${CALENDAR_COLUMNS},
       (SELECT coalesce(json_object_agg(p.priority, json_build_array(p.first_response_minutes, p.resolution_minutes)), '{}'::json)
        FROM sla_policies p WHERE p.workspace_id = w.id) AS policies
     FROM workspaces w WHERE w.id = $1`,
    [workspaceId],
  );
  return { policies: row.policies, calendar: calendarFrom(workspaceId, row) };
}

export interface DueDates {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/** Due times as events record them: ISO strings, exactly what JSON.stringify writes for the Dates. */
export const dueTimes = (due: DueDates) => ({
  firstResponseDueAt: due.firstResponseDueAt?.toJSON() ?? null,
  resolutionDueAt: due.resolutionDueAt?.toJSON() ?? null,
});

/**
 * SLA due times of a ticket of this priority that started at `start`, from the workspace's
 * sla_policies (business minutes). No policy, or a calendar without hours, means no due time.
 */
export async function computeDueDates(sql: Sql, workspaceId: string, priority: string, start: Date, cal?: BusinessCalendar): Promise<DueDates> {
  const settings = await memo(sql, `sla:${workspaceId}`, () => readSlaSettings(sql, workspaceId));
  const policy = settings.policies[priority];
  if (!policy) return { firstResponseDueAt: null, resolutionDueAt: null };
  const calendar = cal ?? settings.calendar;
  try {
    return {
      firstResponseDueAt: addBusinessMinutes(start, policy[0], calendar),
      resolutionDueAt: addBusinessMinutes(start, policy[1], calendar),
    };
  } catch {
    // A workspace that closed every day has no business time in which a target could fall.
    return { firstResponseDueAt: null, resolutionDueAt: null };
  }
}

export interface TicketSla {
  firstResponse: SlaFlags;
  resolution: SlaFlags;
}

const asDate = (v: Date | string | null) => (v ? new Date(v) : null);

/**
 * Breach / at-risk flags of a ticket now. The target length is read back from the ticket's own
 * start and due time, so later policy edits do not skew the at-risk threshold of older tickets.
 */
export function ticketSla(
  t: Pick<TicketRow, 'created_at' | 'first_response_due_at' | 'resolution_due_at' | 'first_response_at' | 'resolved_at' | 'closed_at'>,
  now: Date,
  cal: BusinessCalendar,
  atRiskFraction = 0.2,
): TicketSla {
  const start = new Date(t.created_at);
  const target = (due: Date | null, met: Date | null) => ({
    dueAt: due,
    metAt: met,
    targetMinutes: due && !met && now < due ? businessMinutesBetween(start, due, cal) : null,
  });
  const frDue = asDate(t.first_response_due_at);
  const resDue = asDate(t.resolution_due_at);
  return {
    firstResponse: slaFlags(target(frDue, asDate(t.first_response_at)), now, cal, atRiskFraction),
    resolution: slaFlags(target(resDue, asDate(t.resolved_at) ?? asDate(t.closed_at)), now, cal, atRiskFraction),
  };
}
