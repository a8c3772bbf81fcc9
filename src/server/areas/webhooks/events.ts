/** The webhooks area's events: subscriptions created, changed, paused, resumed, removed; secrets rotated; deliveries re-sent. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'webhook.subscription_created': { subject: 'webhook_subscription'; data: { name: string; url: string; eventTypes: string[] } };
    'webhook.subscription_updated': { subject: 'webhook_subscription'; data: { name: string; changes: Record<string, { from: unknown; to: unknown }> } };
    'webhook.subscription_deleted': { subject: 'webhook_subscription'; data: { name: string; url: string } };
    'webhook.secret_rotated': { subject: 'webhook_subscription'; data: { name: string } };
    'webhook.secret_revealed': { subject: 'webhook_subscription'; data: { name: string } };
    'webhook.subscription_paused': { subject: 'webhook_subscription'; data: { name: string; reason: 'failures' | 'manual'; consecutiveFailures: number } };
    'webhook.subscription_resumed': { subject: 'webhook_subscription'; data: { name: string } };
    'webhook.delivery_resent': { subject: 'webhook_delivery'; data: { fromDeliveryId: string; subscriptionId: string | null; eventType: string } };
  }
}
export {};
