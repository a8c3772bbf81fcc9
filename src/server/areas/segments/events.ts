/** The segments' events: a rule saved or removed (workflows and campaigns may react later). */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'segment.saved': { subject: 'segment'; data: { name: string; created: boolean } };
    'segment.deleted': { subject: 'segment'; data: { name: string } };
    /** The members downloaded as CSV (the audit log keeps it). */
    'segment.exported': { subject: 'segment'; data: { name: string; format: 'csv' } };
  }
}
export {};
