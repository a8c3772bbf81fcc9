/**
 * The Zalo channel's events (DESIGN rule 4), merged into core's EventCatalog. Consent and connection
 * facts travel in these so other areas (the customer 360, settings, metrics) never read Zalo state.
 */
export type ZaloConsentData = {
  /** The Zalo user id (a string: ids exceed 2^53). */
  zaloUserId: string;
  accountId: string;
  /** follow: the user follows the OA (they may receive its messages); unfollow: they stopped. */
  state: 'follow' | 'unfollow';
  /** When Zalo says it happened (ISO). */
  at: string;
};

export type ZaloDisconnectedData = {
  accountId: string;
  /** Why the token pair is unusable: a refresh refused by Zalo, or a refresh interrupted before its result was stored. */
  reason: 'refresh_rejected' | 'refresh_interrupted' | 'no_refresh_token';
  detail: string;
};

declare module '../../../core/events/types.js' {
  interface EventCatalog {
    /** A Zalo user followed or unfollowed the OA (their consent to its messages). Subject: the customer. */
    'zalo.consent_changed': { subject: 'customer'; data: ZaloConsentData };
    /** The OA's token pair can no longer be refreshed: an admin must reconnect it (shown loudly in settings). */
    'zalo.reconnect_needed': { subject: 'channel_account'; data: ZaloDisconnectedData };
    /** The OA's tokens were (re)connected or refreshed. */
    'zalo.connected': { subject: 'channel_account'; data: { accountId: string; oaId: string | null; via: 'oauth' | 'refresh' } };
  }
}
