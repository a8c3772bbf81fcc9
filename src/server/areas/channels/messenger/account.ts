import { z } from 'zod';

/** The Graph API version every call uses: change it here only (the Page token and webhooks are version-independent). */
export const GRAPH_API_VERSION = 'v23.0';

/**
 * A Facebook Page connected to Messenger. Facebook posts the Page's events to
 * POST /api/hooks/messenger/<address> (the account's generated key), signed with the app secret.
 */
export const MessengerAccountConfigSchema = z.object({
  /** The Page's id (entry.id in webhooks; kept as a string, ids grow past 2^53). */
  pageId: z.string().trim().regex(/^\d{1,30}$/, 'the Page id: digits only'),
  /** Shown to admins only. */
  pageName: z.string().trim().max(120).optional(),
  /**
   * The workspace says its Facebook app has the HUMAN_AGENT permission: replies may go out up to
   * 7 days after the customer's last message (MESSAGE_TAG + HUMAN_AGENT) instead of 24 hours.
   */
  humanAgentTag: z.boolean().default(false),
  /** A demo account (the demo's Messenger conversations): never sends anything, says so on each reply. */
  demo: z.boolean().default(false),
});
export type MessengerAccountConfig = z.infer<typeof MessengerAccountConfigSchema>;

export const MessengerAccountSecretsSchema = z.object({
  /** The Page access token (pages_messaging). */
  pageAccessToken: z.string().trim().min(20, 'the Page access token').max(1000).optional(),
  /** The app secret: the key of X-Hub-Signature-256. */
  appSecret: z.string().trim().min(16, 'the app secret (App settings → Basic)').max(200).optional(),
  /** What the admin typed as "Verify token" in the app's webhook settings (hub.verify_token). */
  verifyToken: z.string().trim().min(8, 'at least 8 characters').max(200).optional(),
});
export type MessengerAccountSecrets = z.infer<typeof MessengerAccountSecretsSchema>;

/** The parsed settings of an account (defaults applied to what was stored). */
export const messengerConfig = (config: Record<string, unknown>): MessengerAccountConfig => MessengerAccountConfigSchema.parse(config);

/** Hours after the customer's last message in which we may write: 24 (RESPONSE), 7 days with HUMAN_AGENT. */
export const STANDARD_WINDOW_HOURS = 24;
export const HUMAN_AGENT_WINDOW_HOURS = 7 * 24;
