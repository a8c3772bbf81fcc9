import type { TicketSla as TicketSlaFlags } from '../commands/sla.js';
import type { TicketRow } from '../commands/ticket-store.js';
import type { ActorRef, Priority, TicketStatus } from '../../../../shared/common.js';
import type { TicketDetail, TicketListItem } from '../../../../shared/tickets.js';

const iso = (v: unknown) => (v instanceof Date ? v : new Date(v as string)).toISOString();
const isoOrNull = (v: unknown) => (v ? iso(v) : null);
const ref = (id: unknown, name: unknown) => (id ? { id: String(id), name: String(name ?? '') } : null);

/**
 * The ticket columns an inbox row reads: what presentTicketListItem and the SLA flags (ticketSla) use,
 * and no more. The inbox selects these, not t.*: each column is parsed for every row of every page
 * (timestamps into Dates), and the rest (search_text, updated_at …) was never shown.
 */
export const TICKET_LIST_COLUMNS = [
  'id', 'number', 'subject', 'status', 'priority', 'channel', 'category', 'tags', 'customer_id', 'assignee_id', 'team_id',
  'last_message_preview', 'last_message_at', 'last_customer_message_at', 'first_response_at', 'message_count', 'created_at',
  'order_id', 'first_response_due_at', 'resolution_due_at', 'resolved_at', 'closed_at',
] as const satisfies readonly (keyof TicketRow)[];

/** An inbox row: the ticket's list columns joined with its customer's name/phone/email, assignee_name and team_name. */
export interface TicketListRow extends Pick<TicketRow, (typeof TICKET_LIST_COLUMNS)[number]> {
  customer_name: string;
  customer_phone: string | null;
  customer_email: string | null;
  assignee_name: string | null;
  team_name: string | null;
  /** Inbox rows only: the latest customer message's sentiment. */
  latest_sentiment?: 'negative' | 'neutral' | 'positive' | null;
}

/** The ticket page's row: the inbox row plus the customer's tags, lifecycle stage and segment. */
export interface TicketDetailRow extends TicketRow, TicketListRow {
  customer_tags: string[];
  customer_lifecycle_stage: string;
  customer_segment: string | null;
}

/** An inbox row (see TicketListRow) with its SLA flags computed by the caller. */
export function presentTicketListItem(row: TicketListRow, sla: TicketSlaFlags): TicketListItem {
  return {
    id: row.id,
    number: Number(row.number),
    subject: row.subject,
    status: row.status as TicketStatus,
    priority: row.priority as Priority,
    channel: row.channel,
    category: row.category ?? null,
    tags: row.tags ?? [],
    customer: { id: row.customer_id, name: row.customer_name ?? '', phone: row.customer_phone ?? null, email: row.customer_email ?? null },
    assignee: ref(row.assignee_id, row.assignee_name),
    team: ref(row.team_id, row.team_name),
    lastMessagePreview: row.last_message_preview ?? '',
    lastMessageAt: iso(row.last_message_at),
    lastCustomerMessageAt: isoOrNull(row.last_customer_message_at),
    firstResponseAt: isoOrNull(row.first_response_at),
    messageCount: Number(row.message_count),
    createdAt: iso(row.created_at),
    sla,
    orderId: row.order_id ?? null,
    ...(row.latest_sentiment !== undefined ? { latestSentiment: row.latest_sentiment } : {}),
  };
}

/** The ticket page: the inbox fields plus the customer summary, timestamps, 5-step progress and activity. */
export function presentTicketDetail(
  row: TicketDetailRow,
  sla: TicketSlaFlags,
  progress: TicketDetail['progress'],
  activity: TicketDetail['activity'],
): TicketDetail {
  return {
    ...presentTicketListItem(row, sla),
    customer: {
      id: row.customer_id,
      name: row.customer_name ?? '',
      phone: row.customer_phone ?? null,
      email: row.customer_email ?? null,
      tags: row.customer_tags ?? [],
      lifecycleStage: row.customer_lifecycle_stage,
      segment: row.customer_segment ?? null,
    },
    firstMessageAt: iso(row.first_message_at),
    resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at),
    reopenCount: Number(row.reopen_count),
    mergedIntoId: row.merged_into_id ?? null,
    updatedAt: iso(row.updated_at),
    progress,
    activity,
  };
}

/** Who did it, from an events row joined with the user's or token's name. */
export function presentActorRef(row: { actor_type: string; actor_id: string | null; actor_name?: string | null }): ActorRef {
  return { type: row.actor_type as ActorRef['type'], id: row.actor_id ?? null, name: row.actor_name ?? null };
}
