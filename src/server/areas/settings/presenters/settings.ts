import { PRIORITIES, type Priority } from '../../../../shared/common.js';
import { type BusinessHours } from '../../../../shared/settings.js';

/** A workspaces row as read from the database. */
export interface WorkspaceRow {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  currency: string;
  /** jsonb: an object from pg and PGlite; text only if a driver hands jsonb over unparsed. */
  business_hours: BusinessHours | string;
  ticket_seq: number;
  created_at: Date;
}

/** A holidays row; `day` is a DATE (text from pg, a Date from PGlite). */
export interface HolidayRow {
  day: string | Date;
  name: string;
}

/** An sla_policies row as read from the database. */
export interface SlaPolicyRow {
  id: string;
  workspace_id: string;
  priority: Priority;
  first_response_minutes: number;
  resolution_minutes: number;
}

/** The workspace's own settings (a workspaces row). */
export function presentWorkspaceSettings(row: WorkspaceRow) {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    locale: row.locale,
    currency: row.currency,
    businessHours: (typeof row.business_hours === 'string' ? JSON.parse(row.business_hours) : row.business_hours) as BusinessHours,
  };
}

/** A holiday row; `day` is kept as the calendar day text yyyy-MM-dd (never a Date, which would shift by zone). */
export function presentHoliday(row: HolidayRow) {
  const day = row.day instanceof Date ? row.day.toISOString().slice(0, 10) : String(row.day);
  return { day, name: row.name };
}

/** An SLA policy row. */
export function presentSlaPolicy(row: SlaPolicyRow) {
  return {
    priority: row.priority,
    firstResponseMinutes: Number(row.first_response_minutes),
    resolutionMinutes: Number(row.resolution_minutes),
  };
}

/** Most urgent first, the order people read SLA targets in. */
export const byUrgency = (a: { priority: Priority }, b: { priority: Priority }) =>
  PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority);
