/** The demo generator's events on the demo workspace. */

declare module '../core/events/types.js' {
  interface EventCatalog {
    'workspace.demo_staff_created': { subject: 'workspace'; data: { users: number; teams: number; cannedReplies: number } };
    /** Rows generated per table, and the generator's seed. */
    'workspace.demo_seeded': {
      subject: 'workspace';
      data: { customers: number; identities: number; tickets: number; messages: number; events: number; seed: number };
    };
  }
}

export {};
