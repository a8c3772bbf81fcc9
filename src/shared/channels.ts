/** Channels: connected channel accounts (mailboxes, chat widgets, telephony endpoints). (API shapes shared by server and web.) */
import { z } from 'zod';

/** A connected channel account (mailbox, chat widget, telephony endpoint); secrets never leave the server. */
export const ChannelAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  address: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Which secret fields are set (e.g. { password: true }); their values are never returned. */
  secretsSet: z.record(z.string(), z.boolean()),
  status: z.enum(['ok', 'error', 'disabled']),
  statusMessage: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

export type ChannelAccountDto = z.infer<typeof ChannelAccountSchema>;

export const ChannelAccountCreateSchema = z.object({
  kind: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(120),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
});

export const ChannelAccountPatchSchema = ChannelAccountCreateSchema.omit({ kind: true }).partial();

/**
 * Why a reply cannot go out, or why its delivery failed: stable codes (the web app translates them,
 * vi/en, in the `delivery` namespace), never a channel's raw English. Send-ability checks (before the
 * agent types) and the outbound job (after a send) use the same list.
 */
export const DELIVERY_FAILURES = [
  /** No connected account to send from (an email ticket without a mailbox). */
  'no_account',
  /** The account the ticket is on is switched off in settings. */
  'account_disabled',
  /** The account lacks its sending settings (a mailbox without SMTP). */
  'account_not_configured',
  /** The account reports a connection problem (warning: sending may still work). */
  'account_error',
  /** The customer has no address on this channel (no email address). */
  'no_recipient',
  /** No conversation to answer into (a chat ticket without its chat visitor). */
  'no_conversation',
  /** The channel's reply window after the customer's last message has passed (Messenger 24 h, Zalo 48 h). */
  'window_closed',
  /** The channel has no sender. */
  'channel_cannot_send',
  /** The receiving server refused the message or the address (SMTP 5xx). */
  'recipient_rejected',
  /** The channel's server could not be reached or answered "try later" (retried first). */
  'server_unavailable',
  /** A demo account: nothing leaves the install (the demo's Zalo and Messenger conversations). */
  'demo_account',
  /** The channel's free replies inside its window are used up (Zalo: 8 within 48 h of the user's last message). */
  'reply_quota_used',
  /** The account's authorisation expired or was revoked (a lost Zalo refresh token): it must be reconnected. */
  'reconnect_needed',
  /** The channel refused for sending too much too fast (retried later when it says so). */
  'rate_limited',
  /** The account lacks a permission or verification the message needs (Messenger HUMAN_AGENT, a paid Zalo quota). */
  'permission_missing',
  /** The customer blocked or stopped following the account (Zalo unfollow, Messenger block). */
  'recipient_unreachable',
  /** A failure recorded before codes existed, or one nobody classified. */
  'unknown',
] as const;

export const DeliveryFailureSchema = z.enum(DELIVERY_FAILURES);

export type DeliveryFailure = z.infer<typeof DeliveryFailureSchema>;

/**
 * GET /api/tickets/:id/reply-channel: what a public reply on this ticket will do, known before the agent types.
 * mode 'sends': it goes out (warning: a known problem that may still let it through); 'records': the channel
 * does not send (phone, manual, API), the reply is only recorded; 'blocked': it cannot go out (reason).
 * alternatives: the customer's identities on other channels that can start a conversation now.
 */
export const ReplyChannelSchema = z.object({
  channel: z.string(),
  mode: z.enum(['sends', 'records', 'blocked']),
  reason: DeliveryFailureSchema.nullable(),
  warning: DeliveryFailureSchema.nullable(),
  /** The account replies go out from (a mailbox address), when known. */
  account: z.object({ id: z.string(), name: z.string(), address: z.string() }).nullable(),
  alternatives: z.array(z.object({ channel: z.string(), kind: z.string(), value: z.string() })),
  /** The channel's reply window, when it has one: when it ends and, where the channel counts them, the free replies left (Zalo: 8). */
  window: z.object({ endsAt: z.string(), repliesLeft: z.number().int().optional() }).optional(),
});

export type ReplyChannel = z.infer<typeof ReplyChannelSchema>;
