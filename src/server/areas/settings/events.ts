/** The settings area's events: workspace settings, holidays, SLA policies and teams. */
import type { FieldChange } from '../../core/events/types.js';
import type { Priority } from '../../../shared/common.js';

/** An SLA policy's targets, in minutes. */
export type SlaTargets = { firstResponseMinutes: number; resolutionMinutes: number };

declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** changes: name, timezone, locale, business_hours. */
    'settings.updated': { subject: 'workspace'; data: { changes: Record<string, FieldChange> } };
    /** days: the whole new list, yyyy-MM-dd, sorted. */
    'holidays.replaced': { subject: 'workspace'; data: { days: string[] } };
    'sla_policy.updated': { subject: 'setting'; data: { priority: Priority; from: SlaTargets | null; to: SlaTargets } };
    'team.created': { subject: 'team'; data: { name: string } };
    'team.updated': { subject: 'team'; data: { changes: { name?: FieldChange<string>; description?: FieldChange<string> } } };
    'team.deleted': { subject: 'team'; data: { name: string } };
    /** User ids. */
    'team.members_changed': { subject: 'team'; data: { added: string[]; removed: string[] } };
  }
}
