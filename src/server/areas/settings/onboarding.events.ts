/** The getting-started checklist's events. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'onboarding.dismissed': { subject: 'workspace'; data: Record<string, never> };
  }
}
export {};
