/**
 * Workflows as data (DESIGN rule 5): a graph of nodes (one trigger, then conditions, switches, waits and
 * actions) joined by edges, validated here by server and canvas alike. Node configs are checked against
 * the schema of their type: triggers, conditions, switches and waits are catalogued in this file, actions
 * in workflow-actions.ts. The canvas builds each node's form from its schema (z.toJSONSchema, served by
 * GET /api/workflow-catalog).
 */
import { z } from 'zod';
import { ChannelSchema, LifecycleStageSchema, PrioritySchema, TicketStatusSchema } from './common.js';
import { OrderKindSchema, OrderStatusSchema } from './orders.js';
import { SurveyTypeSchema } from './surveys.js';

export const NODE_KINDS = ['trigger', 'condition', 'switch', 'wait', 'action'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * An edge leaves a node by a handle: `out` (the default) for triggers and actions, `true`/`false` for a
 * condition, a case id or `default` for a switch, `out` for a wait of a duration or until a date, and
 * `done`/`timeout` for a wait until something happens.
 */
export const WorkflowEdgeSchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  handle: z.string().min(1).max(64).default('out'),
});

export const WorkflowNodeSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(NODE_KINDS),
  /** The trigger, condition, switch, wait or action type, e.g. `ticket.created`, `if`, `wait.duration` or `assign`. */
  type: z.string().min(1).max(64),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }),
  label: z.string().max(120).optional(),
});

export const WorkflowGraphSchema = z.object({
  nodes: z.array(WorkflowNodeSchema).max(200),
  edges: z.array(WorkflowEdgeSchema).max(400),
});

export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type WorkflowGraph = z.infer<typeof WorkflowGraphSchema>;

export const EMPTY_GRAPH: WorkflowGraph = { nodes: [], edges: [] };

// ───────────────────────────── triggers ─────────────────────────────

/** What a run is about, by its trigger: the subject its conditions and actions start from. */
export const SUBJECT_KINDS = ['ticket', 'message', 'customer', 'order', 'call', 'survey', 'workspace'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Where a trigger's firings come from: an event (a reaction) or the sweep (dates, schedules, SLA, segments). */
export type TriggerSource = 'event' | 'sweep';

const TICKET_FIELDS = ['status', 'priority', 'team', 'assignee', 'category', 'tags', 'subject'] as const;
export const TicketFieldSchema = z.enum(TICKET_FIELDS);

const days = (max: number) => z.number().int().min(0).max(max);
/** Local time of day "HH:mm" in the workspace's zone when a date trigger fires (default 09:00). */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:mm').default('09:00');
const SlaTargetSchema = z.enum(['first_response', 'resolution', 'any']).default('any');

/** Each trigger type's config schema; `{}` means no settings. */
export const TRIGGER_CONFIGS = {
  'ticket.created': z.object({ channels: z.array(ChannelSchema).max(10).optional(), priorities: z.array(PrioritySchema).max(4).optional() }),
  /** A field changed; `to` narrows it to a value (a status, a priority, a user id, a team id, a category or a tag added). */
  'ticket.updated': z.object({ field: TicketFieldSchema, to: z.string().max(200).optional() }),
  'ticket.resolved': z.object({}),
  'ticket.reopened': z.object({}),
  /** An inbound message; `textContains` matches any of the words without accents (toSearchText). */
  'message.received': z.object({
    channels: z.array(ChannelSchema).max(10).optional(),
    textContains: z.array(z.string().min(1).max(100)).max(20).optional(),
    firstOfCustomer: z.boolean().optional(),
  }),
  /**
   * A person on our side replied to the customer (an agent in the app, or an integration's API token);
   * the workflows' and the AI agent's own messages do not count. `firstReplyOnly`: the ticket's first reply.
   */
  'message.agent_replied': z.object({
    channels: z.array(ChannelSchema).max(10).optional(),
    firstReplyOnly: z.boolean().optional(),
  }),
  /** Fires once per ticket and SLA due time when it is this close (minutes) and not met. */
  'sla.at_risk': z.object({ target: SlaTargetSchema, minutesBefore: z.number().int().min(1).max(1440).default(30) }),
  'sla.breached': z.object({ target: SlaTargetSchema }),
  'survey.answered': z.object({
    surveyTypes: z.array(SurveyTypeSchema).max(4).optional(),
    minScore: z.number().int().min(0).max(10).optional(),
    maxScore: z.number().int().min(0).max(10).optional(),
  }),
  'customer.created': z.object({}),
  'customer.tag_added': z.object({ tag: z.string().min(1).max(60) }),
  'segment.entered': z.object({ segmentId: z.string().uuid() }),
  'segment.left': z.object({ segmentId: z.string().uuid() }),
  'order.created': z.object({ kinds: z.array(OrderKindSchema).max(3).optional(), statuses: z.array(OrderStatusSchema).max(9).optional() }),
  'order.status_changed': z.object({ from: z.array(OrderStatusSchema).max(9).optional(), to: z.array(OrderStatusSchema).max(9).optional() }),
  'call.missed': z.object({}),
  /** `daysBefore` 0: on the day. Once per customer per year. */
  'date.birthday': z.object({ daysBefore: days(60).default(0), at: TimeOfDaySchema }),
  /** An order line's warranty end (delivery or order date + warranty months); once per order line and end date. */
  'date.warranty_end': z.object({ daysBefore: days(365).default(7), at: TimeOfDaySchema }),
  'date.after_delivery': z.object({ days: days(365).default(3), at: TimeOfDaySchema }),
  /** N days since the customer's last order (customers who ordered at least once); once per last order. */
  'date.no_purchase': z.object({ days: z.number().int().min(1).max(3650).default(90), at: TimeOfDaySchema }),
  /** A date in the customer's attributes ("yyyy-MM-dd" or ISO); `offsetDays` < 0 before it; yearly: every year on its day. */
  'date.attribute': z.object({
    attribute: z.string().min(1).max(60),
    offsetDays: z.number().int().min(-365).max(365).default(0),
    yearly: z.boolean().default(false),
    at: TimeOfDaySchema,
  }),
  /** Five-field cron in the workspace's time zone, e.g. "0 8 * * 1" (Mondays 08:00). */
  'schedule': z.object({ cron: z.string().min(9).max(100) }),
} as const;

export type TriggerType = keyof typeof TRIGGER_CONFIGS;
export const TRIGGER_TYPES = Object.keys(TRIGGER_CONFIGS) as TriggerType[];
export type TriggerConfig<T extends TriggerType> = z.infer<(typeof TRIGGER_CONFIGS)[T]>;

/** For each trigger: its group on the palette, its subject, and where its firings come from. */
export const TRIGGER_INFO: Record<TriggerType, { group: 'ticket' | 'message' | 'sla' | 'survey' | 'customer' | 'order' | 'call' | 'date' | 'schedule'; subject: SubjectKind; source: TriggerSource }> = {
  'ticket.created': { group: 'ticket', subject: 'ticket', source: 'event' },
  'ticket.updated': { group: 'ticket', subject: 'ticket', source: 'event' },
  'ticket.resolved': { group: 'ticket', subject: 'ticket', source: 'event' },
  'ticket.reopened': { group: 'ticket', subject: 'ticket', source: 'event' },
  'message.received': { group: 'message', subject: 'message', source: 'event' },
  'message.agent_replied': { group: 'message', subject: 'message', source: 'event' },
  'sla.at_risk': { group: 'sla', subject: 'ticket', source: 'sweep' },
  'sla.breached': { group: 'sla', subject: 'ticket', source: 'sweep' },
  'survey.answered': { group: 'survey', subject: 'survey', source: 'event' },
  'customer.created': { group: 'customer', subject: 'customer', source: 'event' },
  'customer.tag_added': { group: 'customer', subject: 'customer', source: 'event' },
  'segment.entered': { group: 'customer', subject: 'customer', source: 'sweep' },
  'segment.left': { group: 'customer', subject: 'customer', source: 'sweep' },
  'order.created': { group: 'order', subject: 'order', source: 'event' },
  'order.status_changed': { group: 'order', subject: 'order', source: 'event' },
  'call.missed': { group: 'call', subject: 'call', source: 'event' },
  'date.birthday': { group: 'date', subject: 'customer', source: 'sweep' },
  'date.warranty_end': { group: 'date', subject: 'order', source: 'sweep' },
  'date.after_delivery': { group: 'date', subject: 'order', source: 'sweep' },
  'date.no_purchase': { group: 'date', subject: 'customer', source: 'sweep' },
  'date.attribute': { group: 'date', subject: 'customer', source: 'sweep' },
  'schedule': { group: 'schedule', subject: 'workspace', source: 'sweep' },
};

// ───────────────────────────── conditions ─────────────────────────────

export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set', 'is_true', 'is_false'] as const;
export const ConditionOpSchema = z.enum(CONDITION_OPS);
export type ConditionOp = z.infer<typeof ConditionOpSchema>;

export type ConditionValueType = 'text' | 'number' | 'boolean' | 'enum' | 'tags' | 'date' | 'user' | 'team' | 'segment';

/**
 * The fields a condition can test, by what they are about. `needs` says which subject must be known
 * (a customer-only trigger has no ticket). `customer.attribute` and `customer.in_segment` take a `key`
 * (the attribute's name, the segment's id).
 */
export const CONDITION_FIELDS = {
  'ticket.status': { type: 'enum', values: TicketStatusSchema.options, needs: 'ticket' },
  'ticket.priority': { type: 'enum', values: PrioritySchema.options, needs: 'ticket' },
  'ticket.channel': { type: 'enum', values: ChannelSchema.options, needs: 'ticket' },
  'ticket.team': { type: 'team', needs: 'ticket' },
  'ticket.assignee': { type: 'user', needs: 'ticket' },
  'ticket.category': { type: 'text', needs: 'ticket' },
  'ticket.tags': { type: 'tags', needs: 'ticket' },
  'ticket.subject': { type: 'text', needs: 'ticket' },
  'ticket.reopen_count': { type: 'number', needs: 'ticket' },
  'ticket.message_count': { type: 'number', needs: 'ticket' },
  'ticket.sla_breached': { type: 'boolean', needs: 'ticket' },
  'customer.name': { type: 'text', needs: 'customer' },
  'customer.tags': { type: 'tags', needs: 'customer' },
  'customer.lifecycle_stage': { type: 'enum', values: LifecycleStageSchema.options, needs: 'customer' },
  'customer.preferred_channel': { type: 'enum', values: ChannelSchema.options, needs: 'customer' },
  'customer.has_phone': { type: 'boolean', needs: 'customer' },
  'customer.has_email': { type: 'boolean', needs: 'customer' },
  'customer.birthday': { type: 'date', needs: 'customer' },
  'customer.attribute': { type: 'text', needs: 'customer', key: true },
  'customer.in_segment': { type: 'boolean', needs: 'customer', key: true },
  'customer.order_count': { type: 'number', needs: 'customer' },
  'customer.total_spent': { type: 'number', needs: 'customer' },
  'customer.open_tickets': { type: 'number', needs: 'customer' },
  'order.status': { type: 'enum', values: OrderStatusSchema.options, needs: 'order' },
  'order.kind': { type: 'enum', values: OrderKindSchema.options, needs: 'order' },
  'order.total': { type: 'number', needs: 'order' },
  'order.source': { type: 'text', needs: 'order' },
  'message.text': { type: 'text', needs: 'message' },
  'message.channel': { type: 'enum', values: ChannelSchema.options, needs: 'message' },
  'survey.score': { type: 'number', needs: 'survey' },
  'survey.type': { type: 'enum', values: SurveyTypeSchema.options, needs: 'survey' },
  /** Now, in the workspace's business hours (holidays count as closed). */
  'time.in_business_hours': { type: 'boolean', needs: null },
  /** The customer's channel (the ticket's, else the preferred one) can still send a free-form message now. */
  'channel.window_open': { type: 'boolean', needs: 'customer' },
} as const satisfies Record<string, { type: ConditionValueType; values?: readonly string[]; needs: 'ticket' | 'customer' | 'order' | 'message' | 'survey' | null; key?: true }>;

export type ConditionField = keyof typeof CONDITION_FIELDS;
export const CONDITION_FIELD_IDS = Object.keys(CONDITION_FIELDS) as [ConditionField, ...ConditionField[]];
export const ConditionFieldSchema = z.enum(CONDITION_FIELD_IDS);

/** Which operators fit a value type (the canvas offers these; the server refuses others). */
export const OPS_BY_TYPE: Record<ConditionValueType, readonly ConditionOp[]> = {
  text: ['eq', 'neq', 'contains', 'not_contains', 'in', 'not_in', 'is_set', 'is_not_set'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set'],
  boolean: ['is_true', 'is_false'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
  tags: ['contains', 'not_contains', 'is_set', 'is_not_set'],
  date: ['is_set', 'is_not_set', 'gt', 'lt'],
  user: ['eq', 'neq', 'is_set', 'is_not_set'],
  team: ['eq', 'neq', 'is_set', 'is_not_set'],
  segment: ['is_true', 'is_false'],
};

export const ConditionValueSchema = z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(50), z.null()]);

/** One test: field (and key for attributes/segments), operator, value. */
export const ConditionRuleSchema = z.object({
  field: ConditionFieldSchema,
  key: z.string().min(1).max(100).optional(),
  op: ConditionOpSchema,
  value: ConditionValueSchema.optional(),
});
export type ConditionRule = z.infer<typeof ConditionRuleSchema>;

export interface ConditionGroup {
  match: 'all' | 'any';
  rules: (ConditionRule | ConditionGroup)[];
}
/** AND (`all`) / OR (`any`) groups, nested up to a few levels. */
export const ConditionGroupSchema: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.object({ match: z.enum(['all', 'any']), rules: z.array(z.union([ConditionRuleSchema, ConditionGroupSchema])).min(1).max(30) }),
);

export const isConditionGroup = (r: ConditionRule | ConditionGroup): r is ConditionGroup => 'match' in r;

/** Problems of a rule the schema cannot see: an operator the field's type does not take, a missing key or value. */
export function conditionRuleProblem(r: ConditionRule): string | null {
  const f = CONDITION_FIELDS[r.field] as { type: ConditionValueType; key?: true; values?: readonly string[] };
  if (!OPS_BY_TYPE[f.type].includes(r.op)) return 'condition.op_not_allowed';
  if (f.key && !r.key) return 'condition.key_missing';
  const needsValue = !['is_set', 'is_not_set', 'is_true', 'is_false'].includes(r.op);
  if (needsValue && (r.value === undefined || r.value === null || r.value === '')) return 'condition.value_missing';
  if (['in', 'not_in'].includes(r.op) && !Array.isArray(r.value)) return 'condition.value_not_list';
  if (f.type === 'number' && needsValue && typeof r.value !== 'number') return 'condition.value_not_number';
  return null;
}

/** The `if` node: true/false handles. */
export const CONDITION_CONFIGS = {
  if: z.object({ when: ConditionGroupSchema }),
} as const;

/** The `switch` node: the first case whose condition holds takes its handle (the case id), else `default`. */
export const SwitchCaseSchema = z.object({ id: z.string().regex(/^[a-z0-9_-]{1,32}$/).refine((s) => s !== 'default'), label: z.string().max(80).optional(), when: ConditionGroupSchema });
export const SWITCH_CONFIGS = {
  switch: z.object({ cases: z.array(SwitchCaseSchema).min(1).max(12) }),
} as const;

// ───────────────────────────── waits ─────────────────────────────

export const DurationUnitSchema = z.enum(['minutes', 'hours', 'days']);
/** What a "wait until" listens for; the wait ends (`done`) when it happens and its condition (if any) holds. */
export const WAIT_EVENTS = ['customer.replied', 'survey.answered', 'ticket.resolved', 'ticket.updated', 'order.status_changed'] as const;

export const WAIT_CONFIGS = {
  'wait.duration': z.object({ amount: z.number().int().min(1).max(10000), unit: DurationUnitSchema }),
  /** Until a local time on a day given by the subject (the customer's birthday, an attribute) or fixed. */
  'wait.until_date': z.object({ date: z.string().max(60).optional(), attribute: z.string().max(60).optional(), at: TimeOfDaySchema }),
  /** Until something happens (and the condition then holds), at most amount×unit: `done` or `timeout`. */
  'wait.until': z.object({
    event: z.enum(WAIT_EVENTS),
    when: ConditionGroupSchema.optional(),
    atMost: z.object({ amount: z.number().int().min(1).max(10000), unit: DurationUnitSchema }),
  }),
} as const;
export type WaitType = keyof typeof WAIT_CONFIGS;
export const WAIT_TYPES = Object.keys(WAIT_CONFIGS) as WaitType[];

export const DURATION_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

// ───────────────────────────── validation ─────────────────────────────

export const PROBLEM_CODES = [
  'graph.no_trigger',
  'graph.several_triggers',
  'graph.cycle_without_wait',
  'graph.too_large',
  'node.unknown_type',
  'node.kind_mismatch',
  'node.invalid_config',
  'node.unconnected',
  'node.unreachable',
  'node.trigger_has_input',
  'node.missing_branch',
  'edge.dangling',
  'edge.bad_handle',
  'edge.duplicate',
  'condition.op_not_allowed',
  'condition.key_missing',
  'condition.value_missing',
  'condition.value_not_list',
  'condition.value_not_number',
  'condition.field_unavailable',
  'action.subject_unavailable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const ValidationProblemSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ValidationProblem = z.infer<typeof ValidationProblemSchema>;
export const ValidationResultSchema = z.object({ ok: z.boolean(), problems: z.array(ValidationProblemSchema) });
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

/** The handles a node may leave by. */
export function handlesOf(node: Pick<WorkflowNode, 'kind' | 'type' | 'config'>): string[] {
  if (node.kind === 'condition') return ['true', 'false'];
  if (node.kind === 'switch') {
    const cases = Array.isArray((node.config as { cases?: unknown }).cases) ? ((node.config as { cases: { id?: unknown }[] }).cases) : [];
    return [...cases.map((c) => String(c.id)), 'default'];
  }
  if (node.kind === 'wait' && node.type === 'wait.until') return ['done', 'timeout'];
  return ['out'];
}

/** The config schema of a node's type, or undefined for an unknown type. */
export function nodeConfigSchema(node: Pick<WorkflowNode, 'kind' | 'type'>, actionConfigs: Record<string, z.ZodType>): z.ZodType | undefined {
  const pick = (m: Record<string, z.ZodType>) => (Object.hasOwn(m, node.type) ? m[node.type] : undefined);
  switch (node.kind) {
    case 'trigger': return pick(TRIGGER_CONFIGS);
    case 'condition': return pick(CONDITION_CONFIGS);
    case 'switch': return pick(SWITCH_CONFIGS);
    case 'wait': return pick(WAIT_CONFIGS);
    case 'action': return pick(actionConfigs);
  }
}

function conditionProblems(g: ConditionGroup, nodeId: string, out: ValidationProblem[], path: string) {
  g.rules.forEach((r, i) => {
    const p = `${path}.${i}`;
    if (isConditionGroup(r)) return conditionProblems(r, nodeId, out, p);
    const code = conditionRuleProblem(r);
    if (code) out.push({ nodeId, code, params: { rule: p, field: r.field } });
  });
}

/**
 * Checks a graph before it is published (and live on the canvas): one trigger, known types with valid
 * configs, edges between existing nodes by existing handles, every node connected and reachable from the
 * trigger, each branch of a condition led somewhere, and no cycle that does not pass through a wait.
 * `actionConfigs` are the actions' schemas (workflow-actions.ts). Problems carry codes; the web words them.
 */
export function validateGraph(graph: WorkflowGraph, actionConfigs: Record<string, z.ZodType>): ValidationResult {
  const problems: ValidationProblem[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const triggers = graph.nodes.filter((n) => n.kind === 'trigger');
  if (triggers.length === 0) problems.push({ code: 'graph.no_trigger' });
  if (triggers.length > 1) for (const t of triggers.slice(1)) problems.push({ nodeId: t.id, code: 'graph.several_triggers' });

  for (const n of graph.nodes) {
    const schema = nodeConfigSchema(n, actionConfigs);
    if (!schema) {
      problems.push({ nodeId: n.id, code: 'node.unknown_type', params: { type: n.type } });
      continue;
    }
    const parsed = schema.safeParse(n.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) problems.push({ nodeId: n.id, code: 'node.invalid_config', params: { path: issue.path.join('.'), issue: issue.code } });
      continue;
    }
    if (n.kind === 'condition') conditionProblems((parsed.data as { when: ConditionGroup }).when, n.id, problems, 'when');
    if (n.kind === 'switch') (parsed.data as { cases: { when: ConditionGroup }[] }).cases.forEach((c, i) => conditionProblems(c.when, n.id, problems, `cases.${i}.when`));
    if (n.kind === 'wait' && n.type === 'wait.until') {
      const w = (parsed.data as { when?: ConditionGroup }).when;
      if (w) conditionProblems(w, n.id, problems, 'when');
    }
  }

  const seen = new Set<string>();
  const out = new Map<string, WorkflowEdge[]>();
  const incoming = new Map<string, number>();
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) {
      problems.push({ edgeId: e.id, code: 'edge.dangling' });
      continue;
    }
    if (!handlesOf(s).includes(e.handle)) problems.push({ edgeId: e.id, nodeId: s.id, code: 'edge.bad_handle', params: { handle: e.handle } });
    const key = `${e.source}|${e.handle}|${e.target}`;
    if (seen.has(key)) problems.push({ edgeId: e.id, code: 'edge.duplicate' });
    seen.add(key);
    if (t.kind === 'trigger') problems.push({ edgeId: e.id, nodeId: t.id, code: 'node.trigger_has_input' });
    out.set(e.source, [...(out.get(e.source) ?? []), e]);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }

  for (const n of graph.nodes) {
    const hasOut = (out.get(n.id)?.length ?? 0) > 0;
    const hasIn = (incoming.get(n.id) ?? 0) > 0;
    if (n.kind === 'trigger' ? !hasOut : !hasIn && !hasOut) problems.push({ nodeId: n.id, code: 'node.unconnected' });
    if (n.kind === 'condition' || (n.kind === 'wait' && n.type === 'wait.until')) {
      // An if without its true branch acts on nothing; a missing false (or timeout) branch simply ends the run there.
      const first = n.kind === 'condition' ? 'true' : 'done';
      if (hasIn && !(out.get(n.id) ?? []).some((e) => e.handle === first)) problems.push({ nodeId: n.id, code: 'node.missing_branch', params: { handle: first } });
    }
  }

  // Reachability from the trigger.
  if (triggers.length >= 1) {
    const reach = new Set<string>([triggers[0].id]);
    const stack = [triggers[0].id];
    while (stack.length) {
      for (const e of out.get(stack.pop()!) ?? []) {
        if (reach.has(e.target)) continue;
        reach.add(e.target);
        stack.push(e.target);
      }
    }
    for (const n of graph.nodes) if (!reach.has(n.id) && n.kind !== 'trigger' && ((incoming.get(n.id) ?? 0) > 0 || (out.get(n.id)?.length ?? 0) > 0)) problems.push({ nodeId: n.id, code: 'node.unreachable' });
  }

  // Cycles that pass through no wait would spin at once: refused. (A cycle with a wait is a loop in time.)
  const color = new Map<string, 1 | 2>();
  const cycleAt = new Set<string>();
  const visit = (id: string) => {
    color.set(id, 1);
    for (const e of out.get(id) ?? []) {
      const t = byId.get(e.target);
      if (!t || t.kind === 'wait') continue;
      if (color.get(e.target) === 1) cycleAt.add(e.target);
      else if (!color.has(e.target)) visit(e.target);
    }
    color.set(id, 2);
  };
  for (const n of graph.nodes) if (n.kind !== 'wait' && !color.has(n.id)) visit(n.id);
  for (const id of cycleAt) problems.push({ nodeId: id, code: 'graph.cycle_without_wait' });

  return { ok: problems.length === 0, problems };
}

/** The trigger node of a graph (the first one). */
export const triggerOf = (g: WorkflowGraph) => g.nodes.find((n) => n.kind === 'trigger');

// ───────────────────────────── API shapes ─────────────────────────────

export const WorkflowLimitsSchema = z.object({
  /** Runs started per hour by this workflow; more are stopped and logged. */
  maxRunsPerHour: z.number().int().min(1).max(100000).default(1000),
  /** Runs per customer per hour by this workflow. */
  maxRunsPerCustomerPerHour: z.number().int().min(1).max(1000).default(5),
});
export type WorkflowLimits = z.infer<typeof WorkflowLimitsSchema>;

export const WORKFLOW_STATES = ['draft', 'published'] as const;

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'completed', 'failed', 'stopped', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const UserRefSchema = z.object({ id: z.string(), name: z.string() }).nullable();

export const WorkflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  /** The published version's number; null while only a draft exists. */
  publishedVersion: z.number().int().nullable(),
  /** The draft differs from the published version. */
  hasDraftChanges: z.boolean(),
  triggerType: z.string().nullable(),
  templateId: z.string().nullable(),
  limits: WorkflowLimitsSchema,
  /** Runs started in the last 7 days, and how many of them failed, were stopped or had a failed step. */
  runs7d: z.number().int(),
  failed7d: z.number().int(),
  lastRunAt: z.string().nullable(),
  /** The newest run (whenever it was), for the list's "last run" column. */
  lastRun: z.object({ id: z.string(), status: z.enum(RUN_STATUSES), errorCount: z.number().int(), startedAt: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummarySchema>;
export const WorkflowListSchema = z.object({ items: z.array(WorkflowSummarySchema) });

export const WorkflowVersionSchema = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: UserRefSchema,
  triggerType: z.string().nullable(),
});
export const WorkflowDetailSchema = z.object({
  workflow: WorkflowSummarySchema,
  draft: z.object({ graph: WorkflowGraphSchema, updatedAt: z.string(), updatedBy: UserRefSchema }),
  published: WorkflowVersionSchema.extend({ graph: WorkflowGraphSchema }).nullable(),
  versions: z.array(WorkflowVersionSchema),
});
export type WorkflowDetail = z.infer<typeof WorkflowDetailSchema>;
/** One published version with its graph (GET /api/workflows/:id/versions/:version): the canvas opens it read-only. */
export const WorkflowVersionDetailSchema = WorkflowVersionSchema.extend({ graph: WorkflowGraphSchema });
export type WorkflowVersionDetail = z.infer<typeof WorkflowVersionDetailSchema>;

export const WorkflowCreateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000).optional(),
  graph: WorkflowGraphSchema.optional(),
  /** Start from a template (GET /api/workflow-templates); its graph in the caller's language. */
  templateId: z.string().max(80).optional(),
});
export const WorkflowDraftSchema = z.object({
  graph: WorkflowGraphSchema,
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(1000).optional(),
  limits: WorkflowLimitsSchema.partial().optional(),
});

export const SampleEventSchema = z.object({
  /** An event type the trigger listens to, e.g. `message.created`. */
  type: z.string().min(1).max(64),
  subjectType: z.string().min(1).max(32).optional(),
  subjectId: z.string().uuid().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export const TestRunRequestSchema = z.union([z.object({ eventId: z.string().regex(/^\d{1,18}$/) }), z.object({ sample: SampleEventSchema })]);
export type TestRunRequest = z.infer<typeof TestRunRequestSchema>;

export const STEP_STATUSES = ['ok', 'failed', 'skipped', 'waiting', 'retrying', 'would_do'] as const;
export const RunStepSchema = z.object({
  nodeId: z.string(),
  kind: z.enum(NODE_KINDS),
  type: z.string(),
  status: z.enum(STEP_STATUSES),
  input: z.record(z.string(), z.unknown()).nullable(),
  /** The handle taken by a condition, switch or wait (true/false, a case id, done/timeout). */
  decision: z.string().nullable(),
  result: z.object({ summary: z.object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(), output: z.record(z.string(), z.unknown()).optional() }).nullable(),
  error: z.object({ id: z.string(), message: z.string() }).nullable(),
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunStep = z.infer<typeof RunStepSchema>;

export const TestRunResultSchema = z.object({
  /** The nodes the run went through, in order. */
  path: z.array(z.string()),
  steps: z.array(RunStepSchema.omit({ startedAt: true, finishedAt: true, attempts: true })),
  /** Why the trigger would not fire for this event (its config did not match), or null. */
  triggerMismatch: z.string().nullable(),
});
export type TestRunResult = z.infer<typeof TestRunResultSchema>;

export const SampleEventsSchema = z.object({
  items: z.array(z.object({ id: z.string(), type: z.string(), subjectType: z.string(), subjectId: z.string(), createdAt: z.string(), summary: z.string(), matches: z.boolean() })),
});

/** Why a run was stopped before it began or on its way. */
export const STOP_REASONS = ['rate_limit_workflow', 'rate_limit_customer', 'depth_limit', 'disabled', 'version_gone'] as const;

export const RunSummarySchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  version: z.number().int(),
  status: z.enum(RUN_STATUSES),
  stopReason: z.string().nullable(),
  triggerType: z.string(),
  triggerEventId: z.string().nullable(),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
  ticket: z.object({ id: z.string(), number: z.number().int() }).nullable(),
  depth: z.number().int(),
  errorCount: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  waitingUntil: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
export const RunListSchema = z.object({ items: z.array(RunSummarySchema), nextCursor: z.string().nullable() });
export const RunListQuerySchema = z.object({
  workflowId: z.string().uuid().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  customerId: z.string().uuid().optional(),
  ticketId: z.string().uuid().optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const RunDetailSchema = z.object({ run: RunSummarySchema, steps: z.array(RunStepSchema), path: z.array(z.string()) });
export type RunDetail = z.infer<typeof RunDetailSchema>;

const JsonSchema = z.record(z.string(), z.unknown());
export const WorkflowCatalogSchema = z.object({
  triggers: z.array(z.object({ type: z.string(), group: z.string(), subject: z.string(), source: z.enum(['event', 'sweep']), configSchema: JsonSchema })),
  conditions: z.object({
    nodes: z.array(z.object({ kind: z.enum(['condition', 'switch']), type: z.string(), configSchema: JsonSchema })),
    fields: z.array(z.object({ id: z.string(), type: z.string(), values: z.array(z.string()).optional(), needs: z.string().nullable(), key: z.boolean(), ops: z.array(z.string()) })),
  }),
  waits: z.array(z.object({ type: z.string(), handles: z.array(z.string()), configSchema: JsonSchema })),
  actions: z.array(z.object({ type: z.string(), configSchema: JsonSchema })),
});
export type WorkflowCatalog = z.infer<typeof WorkflowCatalogSchema>;
