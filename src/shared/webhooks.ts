/** Outgoing webhooks: subscriptions, deliveries and their attempts (API shapes shared by server and web). */
import { z } from 'zod';

/**
 * The event types a URL can subscribe to, by area (the server checks each against its event catalogue).
 * `<area>.*` subscribes to every type of that area listed here, including ones added later.
 */
export const WEBHOOK_EVENT_GROUPS = {
  ticket: ['ticket.created', 'ticket.assigned', 'ticket.status_changed', 'ticket.priority_changed', 'ticket.category_changed', 'ticket.tags_changed', 'ticket.team_changed', 'ticket.subject_changed', 'ticket.reopened', 'ticket.merged'],
  message: ['message.created', 'message.delivery_changed'],
  customer: ['customer.created', 'customer.updated', 'customer.merged', 'customer.note_added', 'customer.identity_added'],
  survey: ['survey.answered'],
  order: ['order.created', 'order.status_changed', 'order.updated'],
  call: ['call.ended', 'call.logged'],
} as const;
export type WebhookArea = keyof typeof WEBHOOK_EVENT_GROUPS;
export const WEBHOOK_AREAS = Object.keys(WEBHOOK_EVENT_GROUPS) as WebhookArea[];
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.values(WEBHOOK_EVENT_GROUPS).flat();

/** A subscribable pattern: a listed type or an area's wildcard. */
export const WebhookEventPatternSchema = z
  .string()
  .refine((p) => WEBHOOK_EVENT_TYPES.includes(p) || (p.endsWith('.*') && Object.hasOwn(WEBHOOK_EVENT_GROUPS, p.slice(0, -2))), { message: 'Unknown event type' });

/** Whether a subscription's patterns cover an event type. */
export function webhookPatternsMatch(patterns: readonly string[], type: string): boolean {
  if (!WEBHOOK_EVENT_TYPES.includes(type)) return false;
  return patterns.some((p) => p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

const url = z.string().trim().max(2000).url();

export const WebhookSubscriptionInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  url,
  eventTypes: z.array(WebhookEventPatternSchema).min(1).max(60),
});
export type WebhookSubscriptionInput = z.infer<typeof WebhookSubscriptionInputSchema>;

export const WEBHOOK_SUBSCRIPTION_STATUSES = ['active', 'paused'] as const;

export const WebhookSubscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  status: z.enum(WEBHOOK_SUBSCRIPTION_STATUSES),
  pausedAt: z.string().nullable(),
  /** 'failures': paused by us after repeated failed deliveries; 'manual': by an admin. */
  pauseReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
  secretRotatedAt: z.string().nullable(),
  /** The last delivery's status and time, for the list. */
  lastDelivery: z.object({ status: z.string(), at: z.string(), statusCode: z.number().int().nullable() }).nullable(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;

/** Creating a subscription or rotating its secret: the secret, shown now (it can be revealed again by an admin). */
export const WebhookSubscriptionWithSecretSchema = z.object({ subscription: WebhookSubscriptionSchema, secret: z.string() });

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const WebhookAttemptSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  subscriptionId: z.string().nullable(),
  sourceKind: z.enum(['subscription', 'workflow']),
  workflowId: z.string().nullable(),
  runId: z.string().nullable(),
  eventId: z.string().nullable(),
  eventType: z.string(),
  url: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  resentFrom: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryDetailSchema = WebhookDeliverySchema.extend({ body: z.string(), attemptLog: z.array(WebhookAttemptSchema) });
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetailSchema>;

export const WebhookDeliveryListQuerySchema = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  /** The id of the last row of the previous page (newest first). */
  before: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The JSON body every subscription delivery carries (documented in docs/webhooks.*.md). */
export interface WebhookEnvelope {
  /** The event's id: the same for a re-sent delivery, so receivers can drop duplicates. */
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  subject: { type: string; id: string };
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
}

/** Seconds after each failed attempt before the next one; one more attempt than entries is never made. */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;
