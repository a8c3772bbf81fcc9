import type { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import { stageNowSql } from '../journey/index.js';
import { netOrderSql } from '../orders/index.js';
import { isGroup, SEGMENT_MAX_DEPTH, SegmentGroupSchema, type SegmentCondition, type SegmentGroup } from '../../../shared/segments.js';

/**
 * A saved segment rule → one SQL predicate over `customers c`. Every value is pushed to `params` and
 * referred to as $n: the text is built only from fixed fragments chosen by the (validated) rule's shape.
 * `$1` is always the workspace id, so every subquery stays inside the workspace.
 *
 * Sets of customers from other tables are written as `c.id IN (…)` (a semi-join) and their negation as
 * `NOT EXISTS (… WHERE s.customer_id = c.id)` (an anti-join): `NOT IN` over a large subquery falls back
 * to a per-row scan when the hash would not fit in memory.
 */

/**
 * Order conditions read the customer's order summary (orders area, migration 087), joined once as `os`
 * (SEGMENT_FROM): order count, total spent and last order count net orders as the orders area defines
 * them (netOrderSql), merged profiles' orders included; journey stage is the journey area's own
 * definition (stageNowSql) over the summary's in-progress and delivered counts. No per-request
 * aggregation over orders, so a count over a million customers is one pass over two tables.
 */
export const SEGMENT_FROM = `customers c LEFT JOIN customer_order_summary os ON os.workspace_id = c.workspace_id AND os.customer_id = c.id`;
/** What a customer really bought (products): the net-revenue definition, over orders `o`. */
const BOUGHT = netOrderSql('o');
const OPEN_TICKET = `t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed')`;

const inSet = (sub: string) => `c.id IN (${sub})`;
const notInSet = (sub: string) => `NOT EXISTS (SELECT 1 FROM (${sub}) s WHERE s.customer_id = c.id)`;

const FIELD_LABELS: Record<SegmentCondition['field'], string> = {
  tag: 'tag',
  attribute: 'custom field',
  lifecycle: 'lifecycle stage',
  birthday_month: 'birthday month',
  preferred_channel: 'preferred channel',
  order_count: 'number of orders',
  total_spent: 'total spent',
  last_order: 'last order',
  product: 'products bought',
  open_order: 'open order',
  ticket_count: 'number of tickets',
  open_ticket: 'open ticket',
  last_csat: 'last CSAT',
  nps_category: 'NPS category',
  journey_stage: 'journey stage',
};

/** "rules[1].rules[0].value" → "condition 2.1" so a person can find it in the builder. */
function describePath(path: PropertyKey[]): string {
  const idx = path.filter((p): p is number => typeof p === 'number');
  const field = path.filter((p) => typeof p === 'string' && p !== 'rules').at(-1);
  const where = idx.length ? `condition ${idx.map((i) => i + 1).join('.')}` : 'the rule';
  return field ? `${where}, ${String(field)}` : where;
}

function depthOf(g: SegmentGroup): number {
  return 1 + Math.max(0, ...g.rules.map((r) => (isGroup(r) ? depthOf(r) : 0)));
}

/**
 * Parses a rule from a request. Anything wrong → 400 `segment.invalid_rule` whose message says which
 * condition and what is wrong ("condition 2: days is needed for 'last order within N days'"), with
 * `details.path` (indexes into the tree) for the builder to mark the row.
 */
export function parseRule(input: unknown): SegmentGroup {
  const r = SegmentGroupSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = unionField(input, issue.path);
    const what = field ? ` (${FIELD_LABELS[field] ?? field})` : '';
    throw badRequest('segment.invalid_rule', `Segment rule: ${describePath(issue.path)}${what}: ${humanIssue(issue)}`, { path: issue.path, field });
  }
  const rule = r.data;
  if (depthOf(rule) > SEGMENT_MAX_DEPTH) {
    throw badRequest('segment.invalid_rule', `Segment rule: groups may nest at most ${SEGMENT_MAX_DEPTH} deep`, { path: [] });
  }
  checkSemantics(rule, []);
  return rule;
}

function unionField(input: unknown, path: PropertyKey[]): SegmentCondition['field'] | undefined {
  let node: unknown = input;
  let field: unknown;
  for (const p of path) {
    if (node && typeof node === 'object' && p in (node as object)) {
      node = (node as Record<PropertyKey, unknown>)[p];
      if (node && typeof node === 'object' && 'field' in node) field = (node as { field: unknown }).field;
    } else break;
  }
  return typeof field === 'string' && field in FIELD_LABELS ? (field as SegmentCondition['field']) : undefined;
}

function humanIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_union':
      return 'this is neither a group (match + rules) nor a known condition (field, op, value)';
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? 'choose at least one value' : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${String(issue.maximum)} entries` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** Combinations the schema alone allows but that mean nothing. */
function checkSemantics(g: SegmentGroup, at: number[]) {
  g.rules.forEach((r, i) => {
    const path = [...at, i];
    if (isGroup(r)) return checkSemantics(r, path);
    const fail = (msg: string) => {
      throw badRequest('segment.invalid_rule', `Segment rule: condition ${path.map((n) => n + 1).join('.')} (${FIELD_LABELS[r.field]}): ${msg}`, { path, field: r.field });
    };
    if (r.field === 'last_order' && r.op !== 'never' && r.days === undefined) fail('say how many days');
    if (r.field === 'attribute') {
      if ((r.op === 'eq' || r.op === 'neq') && r.value === undefined) fail('give the value to compare with');
      if ((r.op === 'gte' || r.op === 'lte') && typeof r.value !== 'number') fail('"at least"/"at most" compare numbers: give a number');
    }
  });
}

/** The predicate over `customers c` for a parsed rule; `params[0]` must already be the workspace id. */
export function compileRule(rule: SegmentGroup, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const group = (g: SegmentGroup): string => {
    if (g.rules.length === 0) return 'TRUE';
    const parts = g.rules.map((r) => (isGroup(r) ? group(r) : condition(r)));
    return `(${parts.join(g.match === 'all' ? ' AND ' : ' OR ')})`;
  };
  const cmp = (op: 'gte' | 'lte' | 'eq') => ({ gte: '>=', lte: '<=', eq: '=' })[op];

  /** count/sum per customer compared with a value, customers without any row counting as 0. */
  const aggregate = (source: string, agg: string, op: 'gte' | 'lte' | 'eq', value: number): string => {
    const grouped = (having: string) => `${source} GROUP BY 1 HAVING ${having}`;
    if (op === 'gte') return value <= 0 ? 'TRUE' : inSet(grouped(`${agg} >= ${p(value)}`));
    if (op === 'lte') return notInSet(grouped(`${agg} > ${p(value)}`));
    return value === 0 ? notInSet(source) : inSet(grouped(`${agg} = ${p(value)}`));
  };

  const condition = (r: SegmentCondition): string => {
    switch (r.field) {
      case 'tag': {
        const has = `c.tags @> ARRAY[${p(r.value)}]::text[]`;
        return r.op === 'has' ? has : `NOT (${has})`;
      }
      case 'attribute': {
        const key = p(r.key);
        switch (r.op) {
          case 'exists':
            return `jsonb_exists(c.attributes, ${key})`;
          case 'not_exists':
            return `NOT jsonb_exists(c.attributes, ${key})`;
          case 'eq':
            return `c.attributes @> jsonb_build_object(${key}::text, ${p(JSON.stringify(r.value))}::jsonb)`;
          case 'neq':
            return `NOT (c.attributes @> jsonb_build_object(${key}::text, ${p(JSON.stringify(r.value))}::jsonb))`;
          default:
            return `(CASE WHEN jsonb_typeof(c.attributes -> ${key}::text) = 'number' THEN (c.attributes ->> ${key}::text)::numeric END) ${cmp(r.op)} ${p(r.value)}::numeric`;
        }
      }
      case 'lifecycle':
        return r.op === 'in' ? `c.lifecycle_stage = ANY(${p(r.values)}::text[])` : `c.lifecycle_stage <> ALL(${p(r.values)}::text[])`;
      case 'birthday_month':
        // The expression of customers_ws_birth_month_idx (migration 084), word for word.
        return `(c.birthday IS NOT NULL AND EXTRACT(MONTH FROM c.birthday) = ANY(${p(r.values)}::numeric[]))`;
      case 'preferred_channel':
        return r.op === 'in'
          ? `c.preferred_channel = ANY(${p(r.values)}::text[])`
          : `(c.preferred_channel IS NULL OR c.preferred_channel <> ALL(${p(r.values)}::text[]))`;
      case 'order_count':
        return `coalesce(os.orders, 0) ${cmp(r.op)} ${p(r.value)}`;
      case 'total_spent':
        return `coalesce(os.net_revenue, 0) ${cmp(r.op)} ${p(r.value)}`;
      case 'last_order': {
        if (r.op === 'never') return 'os.last_order_at IS NULL';
        const since = `now() - make_interval(days => ${p(r.days)}::int)`;
        return r.op === 'within_days' ? `os.last_order_at >= ${since}` : `os.last_order_at < ${since}`;
      }
      case 'product': {
        // Orders of a profile merged into c count for c (one merge step; the summary follows whole chains).
        const sub = `SELECT coalesce(oc.merged_into_id, oc.id) AS customer_id FROM order_items i JOIN orders o ON o.id = i.order_id JOIN customers oc ON oc.id = o.customer_id
          WHERE i.workspace_id = $1 AND o.workspace_id = $1 AND i.sku = ANY(${p(r.skus)}::text[]) AND ${BOUGHT}`;
        return r.op === 'bought' ? inSet(sub) : notInSet(sub);
      }
      case 'open_order':
        return r.value ? 'coalesce(os.open_orders, 0) > 0' : 'coalesce(os.open_orders, 0) = 0';
      case 'ticket_count': {
        const window = r.withinDays ? ` AND t.created_at >= now() - make_interval(days => ${p(r.withinDays)}::int)` : '';
        const source = `SELECT t.customer_id FROM tickets t WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL${window}`;
        return aggregate(source, 'count(*)', r.op, r.value);
      }
      case 'open_ticket': {
        const sub = `SELECT t.customer_id FROM tickets t WHERE t.workspace_id = $1 AND ${OPEN_TICKET}`;
        return r.value ? inSet(sub) : notInSet(sub);
      }
      case 'last_csat':
        return inSet(`SELECT l.customer_id FROM (${latestAnswer('csat')}) l WHERE l.score ${cmp(r.op)} ${p(r.value)}`);
      case 'nps_category':
        return inSet(
          `SELECT l.customer_id FROM (${latestAnswer('nps')}) l
           WHERE (CASE WHEN l.score >= 9 THEN 'promoter' WHEN l.score >= 7 THEN 'passive' ELSE 'detractor' END) = ANY(${p(r.values)}::text[])`,
        );
      case 'journey_stage':
        return `${stageNowSql('os.in_sale_orders', 'os.delivered_orders')} = ANY(${p(r.values)}::text[])`;
    }
  };
  return group(rule);
}

/** Each customer's latest answer of a type with a score (survey_answers_ws_type_customer_idx). The type is a fixed literal. */
const latestAnswer = (type: 'csat' | 'nps') =>
  `SELECT DISTINCT ON (a.customer_id) a.customer_id, a.score FROM survey_answers a
   WHERE a.workspace_id = $1 AND a.type = '${type}' AND a.score IS NOT NULL ORDER BY a.customer_id, a.answered_at DESC`;

/** The full WHERE over live customers of a workspace for a rule (to follow `FROM ${SEGMENT_FROM}`), with its parameters. */
export function segmentWhere(workspaceId: string, rule: SegmentGroup): { where: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const predicate = compileRule(rule, params);
  return { where: `c.workspace_id = $1 AND c.merged_into_id IS NULL AND ${predicate}`, params };
}
