/**
 * Condition evaluation: a run's facts (its ticket, customer, order, message, survey answer, the time and
 * the channel window) loaded lazily, once per evaluation, and the AND/OR groups tested over them.
 */
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Sql, StoredEvent } from '../../core/db/types.js';
import { replyChannelOf } from '../../core/channels/send-ability.js';
import { businessMinutesBetween } from '../../core/lib/business-hours.js';
import { toSearchText } from '../../../shared/search-text.js';
import { CONDITION_FIELDS, isConditionGroup, type ConditionField, type ConditionGroup, type ConditionRule } from '../../../shared/workflows.js';
import { isSegmentMember } from '../segments/index.js';
import { loadCalendar, TICKET_COLUMNS } from '../tickets/index.js';
import type { RunSubject } from './actions/types.js';

type Row = Record<string, unknown>;

/** A run's facts, each loaded on first use. */
export class Facts {
  private cache = new Map<string, Promise<unknown>>();
  constructor(
    private ctx: AppContext,
    readonly workspaceId: string,
    readonly subject: RunSubject,
    readonly event: StoredEvent | null,
    private sql: Sql = ctx.db,
    readonly now: Date = new Date(),
  ) {}

  private memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as Promise<T>;
  }

  ticket() {
    return this.memo('ticket', async () => {
      const id = this.subject.ticketId ?? (await this.message())?.ticket_id;
      if (!id) return undefined;
      return this.sql.maybeOne<Row>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2`, [this.workspaceId, id]);
    });
  }

  customer() {
    return this.memo('customer', async () => {
      let id = this.subject.customerId ?? ((await this.ticket())?.customer_id as string | undefined) ?? ((await this.order())?.customer_id as string | undefined);
      for (let hops = 0; id && hops < 5; hops++) {
        const c = await this.sql.maybeOne<Row>('SELECT * FROM customers WHERE workspace_id = $1 AND id = $2', [this.workspaceId, id]);
        if (!c) return undefined;
        if (!c.merged_into_id) return c;
        id = c.merged_into_id as string;
      }
      return undefined;
    });
  }

  order() {
    return this.memo('order', async () =>
      this.subject.orderId ? this.sql.maybeOne<Row>('SELECT * FROM orders WHERE workspace_id = $1 AND id = $2', [this.workspaceId, this.subject.orderId]) : undefined,
    );
  }

  message() {
    return this.memo('message', async () =>
      this.subject.messageId ? this.sql.maybeOne<Row>('SELECT * FROM messages WHERE workspace_id = $1 AND id = $2', [this.workspaceId, this.subject.messageId]) : undefined,
    );
  }

  survey() {
    return this.memo('survey', async () => {
      if (this.event?.type === 'survey.answered') return this.event.data as Row;
      if (!this.subject.surveyResponseId) return undefined;
      return this.sql.maybeOne<Row>('SELECT type, score FROM survey_answers WHERE workspace_id = $1 AND id = $2', [this.workspaceId, this.subject.surveyResponseId]);
    });
  }

  customerStats() {
    return this.memo('customerStats', async () => {
      const c = await this.customer();
      if (!c) return undefined;
      return this.sql.one<{ order_count: number; total_spent: string; open_tickets: number }>(
        `SELECT (SELECT count(*)::int FROM orders WHERE workspace_id = $1 AND customer_id = $2 AND kind = 'order' AND status NOT IN ('cancelled', 'returned', 'draft', 'quote')) AS order_count,
                (SELECT coalesce(sum(total), 0) FROM orders WHERE workspace_id = $1 AND customer_id = $2 AND kind = 'order' AND status NOT IN ('cancelled', 'returned', 'draft', 'quote')) AS total_spent,
                (SELECT count(*)::int FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND merged_into_id IS NULL AND status NOT IN ('resolved', 'closed')) AS open_tickets`,
        [this.workspaceId, c.id],
      );
    });
  }

  inBusinessHours() {
    return this.memo('hours', async () => {
      const cal = await loadCalendar(this.sql, this.workspaceId);
      return businessMinutesBetween(this.now, new Date(this.now.getTime() + 60_000), cal) > 0;
    });
  }

  windowOpen() {
    return this.memo('window', async () => {
      let t = await this.ticket();
      const c = await this.customer();
      if (!t && c) t = await this.sql.maybeOne<Row>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND merged_into_id IS NULL ORDER BY last_message_at DESC LIMIT 1`, [this.workspaceId, c.id]);
      if (!t) return false;
      const r = await replyChannelOf(this.ctx, { workspaceId: this.workspaceId, ticketId: t.id as string, channel: t.channel as string, channelAccountId: (t.channel_account_id as string | null) ?? null, customerId: t.customer_id as string }, this.now);
      return r.mode === 'sends' && (!r.window || new Date(r.window.endsAt) > this.now);
    });
  }

  segmentMember(segmentId: string) {
    return this.memo(`segment:${segmentId}`, async () => {
      const c = await this.customer();
      if (!c) return false;
      try {
        // The segment's rule evaluated for this one customer (the segments area's one door); a deleted segment counts as not a member.
        return await isSegmentMember(this.sql, this.workspaceId, segmentId, c.id as string);
      } catch (err) {
        // Only "no such segment" is an answer; a database failure must fail the step (retried), not read as "not a member".
        if (err instanceof AppError && err.status === 404) return false;
        throw err;
      }
    });
  }

  /** The value a condition field reads for this run (undefined: the field's subject is unknown). */
  async value(field: ConditionField, key?: string): Promise<unknown> {
    const [area, name] = field.split('.') as [string, string];
    switch (area) {
      case 'ticket': {
        const t = await this.ticket();
        if (!t) return undefined;
        if (name === 'team') return t.team_id;
        if (name === 'assignee') return t.assignee_id;
        if (name === 'sla_breached') {
          const late = (due: unknown, done: unknown) => !done && due && new Date(due as string) < this.now;
          return Boolean(late(t.first_response_due_at, t.first_response_at) || late(t.resolution_due_at, t.resolved_at ?? t.closed_at));
        }
        return t[name];
      }
      case 'customer': {
        if (name === 'in_segment') return key ? this.segmentMember(key) : false;
        if (['order_count', 'total_spent', 'open_tickets'].includes(name)) {
          const st = await this.customerStats();
          return st ? Number(st[name as keyof typeof st]) : undefined;
        }
        const c = await this.customer();
        if (!c) return undefined;
        if (name === 'has_phone') return Boolean(c.phone);
        if (name === 'has_email') return Boolean(c.email);
        if (name === 'attribute') {
          const attrs = (typeof c.attributes === 'string' ? JSON.parse(c.attributes) : c.attributes) as Row;
          return key ? attrs?.[key] : undefined;
        }
        return c[name];
      }
      case 'order': {
        const o = await this.order();
        return o ? (name === 'total' ? Number(o.total) : o[name]) : undefined;
      }
      case 'message': {
        const m = await this.message();
        return m ? (name === 'text' ? m.body : m.channel) : undefined;
      }
      case 'survey': {
        const sv = await this.survey();
        return sv?.[name];
      }
      case 'time':
        return this.inBusinessHours();
      case 'channel':
        return this.windowOpen();
    }
    return undefined;
  }
}

const norm = (v: unknown) => (typeof v === 'string' ? toSearchText(v) : v);
const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** One rule against its field's value. Text compares without accents or case; tags by membership. */
export function testRule(r: ConditionRule, v: unknown): boolean {
  const type = CONDITION_FIELDS[r.field].type as string;
  const want = r.value;
  switch (r.op) {
    case 'is_set': return isSet(v);
    case 'is_not_set': return !isSet(v);
    case 'is_true': return v === true;
    case 'is_false': return v !== true;
  }
  if (!isSet(v) && r.op !== 'neq' && r.op !== 'not_in' && r.op !== 'not_contains') return false;
  if (type === 'number' || typeof want === 'number') {
    const a = Number(v);
    const b = Number(want);
    switch (r.op) {
      case 'eq': return a === b;
      case 'neq': return a !== b;
      case 'gt': return a > b;
      case 'gte': return a >= b;
      case 'lt': return a < b;
      case 'lte': return a <= b;
    }
  }
  if (type === 'date') {
    const a = new Date(String(v)).getTime();
    const b = new Date(String(want)).getTime();
    return r.op === 'gt' ? a > b : r.op === 'lt' ? a < b : false;
  }
  if (type === 'tags' || Array.isArray(v)) {
    const have = (Array.isArray(v) ? v : []).map(norm);
    const wanted = (Array.isArray(want) ? want : [want]).map(norm);
    const hit = wanted.some((w) => have.includes(w));
    return r.op === 'not_contains' ? !hit : hit;
  }
  const a = norm(v);
  switch (r.op) {
    case 'eq': return a === norm(want);
    case 'neq': return a !== norm(want);
    case 'in': return Array.isArray(want) && want.map(norm).includes(a);
    case 'not_in': return !(Array.isArray(want) && want.map(norm).includes(a));
    case 'contains': return typeof a === 'string' && (Array.isArray(want) ? want : [want]).some((w) => a.includes(String(norm(w))));
    case 'not_contains': return !(typeof a === 'string' && (Array.isArray(want) ? want : [want]).some((w) => a.includes(String(norm(w)))));
  }
  return false;
}

export interface RuleTrace {
  field: string;
  key?: string;
  op: string;
  actual: unknown;
  pass: boolean;
}

/** Evaluates an AND/OR group; `trace` collects each rule's actual value for the run log and the test run. */
export async function evaluate(group: ConditionGroup, facts: Facts, trace: RuleTrace[] = []): Promise<boolean> {
  const results: boolean[] = [];
  for (const r of group.rules) {
    let pass: boolean;
    if (isConditionGroup(r)) pass = await evaluate(r, facts, trace);
    else {
      const actual = await facts.value(r.field, r.key);
      pass = testRule(r, actual);
      trace.push({ field: r.field, ...(r.key ? { key: r.key } : {}), op: r.op, actual: actual instanceof Date ? actual.toISOString() : (actual ?? null), pass });
    }
    results.push(pass);
    // Short-circuit like the words say: the first false of an "all", the first true of an "any".
    if (group.match === 'all' && !pass) return false;
    if (group.match === 'any' && pass) return true;
  }
  return group.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}
