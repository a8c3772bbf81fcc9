import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../../../shared/webhooks.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface DeliveryDbRow {
  id: string;
  subscription_id: string | null;
  source_kind: 'subscription' | 'workflow';
  workflow_id: string | null;
  run_id: string | null;
  event_id: string | number | null;
  event_type: string;
  url: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  resent_from: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export function presentDelivery(r: DeliveryDbRow): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    sourceKind: r.source_kind,
    workflowId: r.workflow_id,
    runId: r.run_id,
    eventId: r.event_id === null ? null : String(r.event_id),
    eventType: r.event_type,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    resentFrom: r.resent_from,
    createdAt: iso(r.created_at)!,
    completedAt: iso(r.completed_at),
  };
}

export interface AttemptDbRow {
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export const presentAttempt = (a: AttemptDbRow): WebhookAttempt => ({
  attempt: a.attempt,
  startedAt: iso(a.started_at)!,
  durationMs: a.duration_ms,
  statusCode: a.status_code,
  error: a.error,
  responseExcerpt: a.response_excerpt,
});

export interface SubscriptionDbRow {
  id: string;
  name: string;
  url: string;
  event_types: string[];
  status: WebhookSubscription['status'];
  paused_at: Date | null;
  pause_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  secret_rotated_at: Date | null;
  last_status?: string | null;
  last_at?: Date | null;
  last_code?: number | null;
}

export function presentSubscription(r: SubscriptionDbRow): WebhookSubscription {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    eventTypes: r.event_types,
    status: r.status,
    pausedAt: iso(r.paused_at),
    pauseReason: r.pause_reason,
    consecutiveFailures: r.consecutive_failures,
    createdAt: iso(r.created_at)!,
    secretRotatedAt: iso(r.secret_rotated_at),
    lastDelivery: r.last_status && r.last_at ? { status: r.last_status, at: iso(r.last_at)!, statusCode: r.last_code ?? null } : null,
  };
}
