/** Notifications for agents: per-user settings, the pushed notification, unread counts. (API shapes shared by server and web.) */
import { z } from 'zod';

/** What an agent can be told about, most specific first (a user gets one notification per cause: the first kind that applies and is on). */
export const NOTIFICATION_KINDS = ['mention', 'assigned', 'new_conversation', 'new_message', 'sla_at_risk', 'webhook_paused'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** How one kind reaches the user: a toast in the app, a short sound, a desktop notification (needs the browser's permission). */
export const NotificationChannelsSchema = z.object({ toast: z.boolean(), sound: z.boolean(), desktop: z.boolean() });
export type NotificationChannels = z.infer<typeof NotificationChannelsSchema>;

/** GET/PUT /api/notifications/prefs — every kind, always complete. */
export const NotificationPrefsSchema = z.object({
  new_conversation: NotificationChannelsSchema,
  new_message: NotificationChannelsSchema,
  assigned: NotificationChannelsSchema,
  mention: NotificationChannelsSchema,
  sla_at_risk: NotificationChannelsSchema,
  /** Admins: a webhook subscription was paused after repeated failed deliveries. */
  webhook_paused: NotificationChannelsSchema,
});
export type NotificationPrefs = z.infer<typeof NotificationPrefsSchema>;

/** Everything on: desktop notifications only show once the user allowed them in the browser. */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, { toast: true, sound: true, desktop: true }]),
) as NotificationPrefs;

/** One notification as pushed over /api/ws (`{type:'notification', notification}`) to every socket of its user. */
export const NotificationSchema = z.object({
  id: z.string(),
  kind: NotificationKindSchema,
  /** The ticket it is about (null for a workspace-wide SLA alert or a paused webhook subscription). */
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  subject: z.string(),
  customerName: z.string().nullable(),
  /** The message's first words (new message, mention), the alert's summary, or (webhook_paused) the subscription's name. */
  preview: z.string(),
  /** Who did it (the assigner, the note's author), when a person did. */
  actorName: z.string().nullable(),
  /** For a ticket whose SLA is at risk: which target and when it is due (ISO). */
  sla: z.object({ target: z.enum(['first_response', 'resolution']), dueAt: z.string() }).nullable(),
  /** The user's settings for this kind at the time it was sent. */
  channels: NotificationChannelsSchema,
  createdAt: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** GET /api/notifications/unread — open tickets with a customer message newer than my last read, per inbox view. */
export const UnreadCountsSchema = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  /** The team view's count when a teamId was asked for, else null. */
  team: z.number().int().nullable(),
  all: z.number().int(),
  /** What the tab title and the "Hộp thư" badge show: mine + unassigned (the tickets waiting for me). */
  forMe: z.number().int(),
});
export type UnreadCounts = z.infer<typeof UnreadCountsSchema>;
