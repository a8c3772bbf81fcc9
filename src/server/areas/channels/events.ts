/** The channels area's events about the accounts a workspace connects (mailboxes, widgets, telephony). */

declare module '../../core/events/types.js' {
  interface EventCatalog {
    'channel_account.created': { subject: 'channel_account'; data: { kind: string; name: string; address: string } };
    /** fields: the settings changed ('secrets' when any secret was replaced; never their values). */
    'channel_account.updated': { subject: 'channel_account'; data: { fields: string[] } };
    'channel_account.deleted': { subject: 'channel_account'; data: { kind: string } };
  }
}

export {};
