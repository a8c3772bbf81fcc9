/** The workflows' events: a workflow created, its draft saved, a version published, turned on or off (the audit log reads them). */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'workflow.created': { subject: 'workflow'; data: { name: string; templateId: string | null } };
    /** restoredFrom: the draft was replaced by this published version's graph. */
    'workflow.draft_saved': { subject: 'workflow'; data: { name: string; fields: string[]; restoredFrom?: number } };
    'workflow.published': { subject: 'workflow'; data: { name: string; version: number; triggerType: string | null } };
    'workflow.enabled': { subject: 'workflow'; data: { name: string; version: number } };
    /** cancelledRuns: the queued and waiting runs stopped with it. */
    'workflow.disabled': { subject: 'workflow'; data: { name: string; cancelledRuns: number } };
    'workflow.deleted': { subject: 'workflow'; data: { name: string } };
  }
}
export {};
