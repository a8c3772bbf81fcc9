/** The metrics area's events: early-warning alerts (raised, acknowledged, resolved). Their subject is the workspace. */
import type { MeasureKey } from '../../../shared/metrics.js';

/** Which alert: the measure and the scope it watches (scopeId: null for the whole workspace). */
export type AlertRef = { alertId: string; measure: MeasureKey; scopeKind: 'workspace' | 'channel' | 'team' | 'agent'; scopeId: string | null };

declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** again: an acknowledged alert raised anew after the cool-down. */
    'alert.raised': { subject: 'workspace'; data: AlertRef & { summary: string; again: boolean } };
    'alert.acknowledged': { subject: 'workspace'; data: AlertRef };
    'alert.resolved': { subject: 'workspace'; data: AlertRef };
    /** A report downloaded as CSV (the audit log keeps who took which figures out). */
    'metrics.exported': { subject: 'workspace'; data: { report: string; filters: Record<string, unknown>; rows?: number } };
  }
}
