import type { JOURNEY_STAGES as ServerJourneyStages, NPS_CATEGORIES as ServerNps, SEGMENT_MAX_DEPTH as ServerMaxDepth, SegmentCondition, SegmentField, SegmentGroup } from '../../../shared/segments';

// The web imports only types from shared/segments (its module builds zod schemas at load); these copies
// are checked against the server's by their types.
export const JOURNEY_STAGES = ['pre_sale', 'in_sale', 'post_sale'] as const satisfies typeof ServerJourneyStages;
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const satisfies typeof ServerNps;
export const SEGMENT_MAX_DEPTH: typeof ServerMaxDepth = 4;
export const isGroup = (r: SegmentGroup | SegmentCondition): r is SegmentGroup => 'match' in r;

/** The builder's field picker, grouped as people think of them. */
export const FIELD_GROUPS: { group: string; fields: SegmentField[] }[] = [
  { group: 'profile', fields: ['tag', 'attribute', 'lifecycle', 'birthday_month', 'preferred_channel'] },
  { group: 'orders', fields: ['order_count', 'total_spent', 'last_order', 'product', 'open_order'] },
  { group: 'tickets', fields: ['ticket_count', 'open_ticket'] },
  { group: 'surveys', fields: ['last_csat', 'nps_category'] },
  { group: 'journey', fields: ['journey_stage'] },
];

/** The operators each field offers, in the order shown (the server accepts exactly these). */
export const OPS: Record<SegmentField, string[]> = {
  tag: ['has', 'not_has'],
  attribute: ['eq', 'neq', 'exists', 'not_exists', 'gte', 'lte'],
  lifecycle: ['in', 'not_in'],
  birthday_month: ['in'],
  preferred_channel: ['in', 'not_in'],
  order_count: ['gte', 'lte', 'eq'],
  total_spent: ['gte', 'lte'],
  last_order: ['within_days', 'before_days', 'never'],
  product: ['bought', 'not_bought'],
  open_order: ['is'],
  ticket_count: ['gte', 'lte', 'eq'],
  open_ticket: ['is'],
  last_csat: ['lte', 'gte', 'eq'],
  nps_category: ['in'],
  journey_stage: ['in'],
};

/** A new condition of a field, with a sensible starting value. */
export function defaultCondition(field: SegmentField): SegmentCondition {
  switch (field) {
    case 'tag':
      return { field, op: 'has', value: '' };
    case 'attribute':
      return { field, key: '', op: 'eq', value: '' };
    case 'lifecycle':
      return { field, op: 'in', values: ['customer'] };
    case 'birthday_month':
      return { field, op: 'in', values: [new Date().getMonth() + 1] };
    case 'preferred_channel':
      return { field, op: 'in', values: ['zalo'] };
    case 'order_count':
      return { field, op: 'gte', value: 2 };
    case 'total_spent':
      return { field, op: 'gte', value: 5_000_000 };
    case 'last_order':
      return { field, op: 'within_days', days: 90 };
    case 'product':
      return { field, op: 'bought', skus: [] };
    case 'open_order':
      return { field, op: 'is', value: true };
    case 'ticket_count':
      return { field, op: 'gte', value: 1 };
    case 'open_ticket':
      return { field, op: 'is', value: true };
    case 'last_csat':
      return { field, op: 'lte', value: 2 };
    case 'nps_category':
      return { field, op: 'in', values: ['detractor'] };
    case 'journey_stage':
      return { field, op: 'in', values: ['post_sale'] };
  }
}

export const emptyRule = (): SegmentGroup => ({ match: 'all', rules: [] });

/** "condition 2.1" from an error's details.path (indexes into the tree), or null for the whole rule. */
export function pathLabel(details: unknown): string | null {
  const path = (details as { path?: unknown } | undefined)?.path;
  if (!Array.isArray(path)) return null;
  const idx = path.filter((p): p is number => typeof p === 'number');
  return idx.length ? idx.map((i) => i + 1).join('.') : null;
}
