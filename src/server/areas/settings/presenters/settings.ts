import { PRIORITIES, type BusinessHours, type Priority } from '../../../../shared/api.js';

/** The workspace's own settings (a workspaces row). */
export function presentWorkspaceSettings(row: Record<string, any>) {
  return {
    id: row.id as string,
    name: row.name as string,
    timezone: row.timezone as string,
    locale: row.locale as string,
    currency: row.currency as string,
    businessHours: (typeof row.business_hours === 'string' ? JSON.parse(row.business_hours) : row.business_hours) as BusinessHours,
  };
}

/** A holiday row; `day` is kept as the calendar day text yyyy-MM-dd (never a Date, which would shift by zone). */
export function presentHoliday(row: Record<string, any>) {
  const day = row.day instanceof Date ? row.day.toISOString().slice(0, 10) : String(row.day);
  return { day, name: row.name as string };
}

/** An SLA policy row. */
export function presentSlaPolicy(row: Record<string, any>) {
  return {
    priority: row.priority as Priority,
    firstResponseMinutes: Number(row.first_response_minutes),
    resolutionMinutes: Number(row.resolution_minutes),
  };
}

/** Most urgent first, the order people read SLA targets in. */
export const byUrgency = (a: { priority: Priority }, b: { priority: Priority }) =>
  PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority);
