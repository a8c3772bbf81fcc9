/** The audit area's own event: the audit log was exported (itself audited). */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'audit.exported': { subject: 'workspace'; data: { filters: Record<string, unknown>; rows: number } };
  }
}
export {};
