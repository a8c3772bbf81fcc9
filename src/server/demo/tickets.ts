import { SCRIPTS, type Script } from './conversations.js';
import type { BusinessClock } from './business-clock.js';
import type { CustomerDraft, IdentityKind } from './customers.js';
import { Rng, weighted } from './random.js';
import { PRODUCTS, PROVINCES } from './vn-data.js';

type Status = 'received' | 'verified' | 'routed' | 'responded' | 'resolved' | 'closed';
type Priority = 'low' | 'normal' | 'high' | 'urgent';
const STEPS: Status[] = ['received', 'verified', 'routed', 'responded', 'resolved', 'closed'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Staff {
  id: string;
  givenName: string;
}

/** What ticket generation needs to know about the workspace. */
export interface TicketWorld {
  clock: BusinessClock;
  now: number;
  teams: Map<string, { id: string; members: Staff[] }>;
  supervisors: Staff[];
  sla: Record<Priority, { first: number; resolution: number }>;
  /** The demo channel account of a channel (Zalo, Messenger): its tickets and messages belong to it. */
  channelAccounts: Partial<Record<string, string>>;
}

export interface TicketRow {
  id: string; number: number; subject: string; customer_id: string; channel: string; channel_account_id: string | null; status: Status;
  priority: Priority; category: string | null; team_id: string | null; assignee_id: string | null; tags: string[];
  first_message_at: number; last_message_at: number; last_customer_message_at: number | null;
  first_response_at: number | null; resolved_at: number | null; closed_at: number | null;
  first_response_due_at: number; resolution_due_at: number; message_count: number; last_message_preview: string;
  created_at: number; updated_at: number;
}
export interface MessageRow {
  id: string; ticket_id: string; customer_id: string; direction: 'inbound' | 'outbound' | 'note';
  author_user_id: string | null; channel: string; channel_account_id: string | null; external_id: string | null; body: string; created_at: number;
}
export interface EventRow {
  type: string; subject_id: string; actor_type: 'user' | 'system' | 'customer'; actor_id: string | null;
  data: string; created_at: number;
}

const CHANNEL_OF_IDENTITY: Record<IdentityKind, Script['channels'][number]> = {
  phone: 'phone', email: 'email', zalo: 'zalo', messenger: 'messenger', webchat: 'webchat',
};
const TICKET_TAGS = weighted([[null, 70], ['cần-gọi-lại', 8], ['khách-vip', 5], ['đã-đền-bù', 4], ['lỗi-nhà-sản-xuất', 6], ['ưu-tiên', 7]] as const);
const PRICES = ['3.490.000 đ', '5.990.000 đ', '7.290.000 đ', '8.990.000 đ', '11.490.000 đ', '14.990.000 đ', '1.290.000 đ', '2.450.000 đ'];

/** Where a ticket of this age stands in the pipeline: recent ones are open, old ones closed. */
function statusForAge(rng: Rng, ageMs: number): Status {
  const x = rng.next();
  if (ageMs < DAY) return x < 0.2 ? 'received' : x < 0.35 ? 'verified' : x < 0.6 ? 'routed' : x < 0.95 ? 'responded' : 'resolved';
  if (ageMs < 3 * DAY) return x < 0.1 ? 'routed' : x < 0.55 ? 'responded' : x < 0.85 ? 'resolved' : 'closed';
  // Some older tickets wait for the customer's answer: the inbox is never empty.
  if (ageMs < 14 * DAY) return x < 0.12 ? 'responded' : x < 0.35 ? 'resolved' : 'closed';
  return x < 0.02 ? 'responded' : x < 0.07 ? 'resolved' : 'closed';
}

function shiftPriority(rng: Rng, p: Priority): Priority {
  if (rng.chance(0.75)) return p;
  const order: Priority[] = ['low', 'normal', 'high', 'urgent'];
  const i = order.indexOf(p) + (rng.chance(0.5) ? 1 : -1);
  return order[Math.max(0, Math.min(3, i))];
}

/** The lines of the script that have happened by this status. */
function linesFor(rng: Rng, lines: string[], status: Status): string[] {
  const firstAgent = lines.findIndex((l) => l.startsWith('a:'));
  if (status === 'received' || status === 'verified' || status === 'routed') {
    return lines.slice(0, firstAgent < 0 ? lines.length : Math.max(1, firstAgent)).filter((l) => l.startsWith('c:'));
  }
  if (status === 'responded') {
    const agentIdx = lines.map((l, i) => (l.startsWith('a:') ? i : -1)).filter((i) => i >= 0);
    return lines.slice(0, rng.pick(agentIdx) + 1);
  }
  return lines;
}

/**
 * One ticket of a customer, created at `startMs`: a script's conversation cut to the ticket's status,
 * message times in business hours, first response / resolution / SLA due times consistent with them,
 * and one event per pipeline step.
 */
export function generateTicket(rng: Rng, world: TicketWorld, c: CustomerDraft, number: number, startMs: number) {
  const script = rng.pick(SCRIPTS);
  const has = new Set(c.identities.map((x) => CHANNEL_OF_IDENTITY[x.kind]));
  const possible = script.channels.filter((ch) => has.has(ch));
  const channel = possible.length ? rng.pick(possible) : CHANNEL_OF_IDENTITY[rng.pick(c.identities).kind];
  const status = statusForAge(rng, world.now - startMs);
  const priority = shiftPriority(rng, script.priority);
  const team = world.teams.get(script.team)!;
  const routed = STEPS.indexOf(status) >= STEPS.indexOf('routed');
  const assignee = routed ? rng.pick(team.members) : null;
  const prov = c.province;
  const vars: Record<string, string> = {
    x: c.gender === 'male' ? 'anh' : 'chị',
    X: c.gender === 'male' ? 'Anh' : 'Chị',
    ten: c.givenName,
    agent: assignee?.givenName ?? 'Lan',
    sp: rng.pick(PRODUCTS),
    don: `DH${String(240000 + number * 7).padStart(7, '0')}`,
    ngay: new Date(startMs - rng.int(2, 20) * DAY + 7 * HOUR).toISOString().slice(0, 10).split('-').reverse().join('/'),
    gia: rng.pick(PRICES),
    ma: String(number),
    tinh: prov.name,
    quan: rng.pick(prov.districts),
    duong: rng.pick(rng.pick(PROVINCES).streets),
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
  const id = rng.uuid();
  const lines = linesFor(rng, script.lines, status);

  // Message times: customers write again after minutes to hours; the first reply usually meets the SLA.
  const sla = world.sla[priority];
  const messages: MessageRow[] = [];
  let t = startMs;
  let firstResponse: number | null = null;
  let lastCustomer: number | null = null;
  const latest = world.now - MINUTE;
  lines.forEach((line, j) => {
    const kind = line[0];
    if (j > 0) {
      const gap = kind === 'n' ? rng.int(1, 10)
        : kind === 'a' && firstResponse === null ? (rng.chance(0.88) ? rng.int(2, Math.max(3, Math.floor(sla.first * 0.8))) : Math.ceil(sla.first * (1.1 + rng.next())))
        : kind === 'a' ? rng.int(2, 90) : rng.int(3, 300);
      t = world.clock.add(t, gap);
      // Never in the future, always after the previous message.
      const prev = messages[j - 1].created_at;
      t = Math.max(prev + 1000, Math.min(t, latest - (lines.length - j) * 1000));
    }
    const direction = kind === 'c' ? 'inbound' : kind === 'a' ? 'outbound' : 'note';
    if (direction === 'outbound' && firstResponse === null) firstResponse = t;
    if (direction === 'inbound') lastCustomer = t;
    messages.push({
      id: rng.uuid(),
      ticket_id: id,
      customer_id: c.id,
      direction,
      author_user_id: direction === 'inbound' ? null : direction === 'note' && rng.chance(0.3) ? rng.pick(world.supervisors).id : assignee?.id ?? null,
      channel,
      channel_account_id: world.channelAccounts[channel] ?? null,
      external_id: direction === 'inbound' && channel !== 'phone' ? `demo-${number}-${j}` : null,
      body: fill(line.slice(2)),
      created_at: t,
    });
  });
  const last = messages[messages.length - 1];
  const lastPublic = [...messages].reverse().find((m) => m.direction !== 'note') ?? last;
  const resolvedAt = status === 'resolved' || status === 'closed' ? Math.min(world.clock.add(last.created_at, rng.int(5, 120)), latest) : null;
  const closedAt = status === 'closed' && resolvedAt ? Math.min(resolvedAt + rng.int(1, 3) * DAY, latest) : null;
  const verifiedAt = Math.min(startMs + rng.int(1, 10) * MINUTE, messages[1]?.created_at ?? latest);
  const routedAt = Math.min(verifiedAt + rng.int(1, 15) * MINUTE, firstResponse ?? latest);

  const ticketTag = TICKET_TAGS(rng);
  const ticket: TicketRow = {
    id, number, subject: fill(script.subject), customer_id: c.id, channel, channel_account_id: world.channelAccounts[channel] ?? null, status, priority,
    category: status === 'received' ? null : script.category,
    team_id: routed ? team.id : null,
    assignee_id: assignee?.id ?? null,
    tags: ticketTag ? [ticketTag] : [],
    first_message_at: startMs,
    last_message_at: last.created_at,
    last_customer_message_at: lastCustomer,
    first_response_at: firstResponse,
    resolved_at: resolvedAt,
    closed_at: closedAt,
    first_response_due_at: world.clock.add(startMs, sla.first),
    resolution_due_at: world.clock.add(startMs, sla.resolution),
    message_count: messages.length,
    last_message_preview: lastPublic.body.length > 160 ? `${lastPublic.body.slice(0, 159)}…` : lastPublic.body,
    created_at: startMs,
    updated_at: Math.max(last.created_at, closedAt ?? resolvedAt ?? 0),
  };

  // One event per step reached, as the app's commands would have written them.
  const base = { ticketId: id, customerId: c.id, number };
  const events: EventRow[] = [
    { type: 'ticket.created', subject_id: id, actor_type: 'customer', actor_id: c.id, data: JSON.stringify({ ...base, channel, priority, status: 'received' }), created_at: startMs },
  ];
  const step = (from: Status, to: Status, at: number, actor: Staff | null, extra: Record<string, unknown> = {}) =>
    events.push({ type: 'ticket.status_changed', subject_id: id, actor_type: actor ? 'user' : 'system', actor_id: actor?.id ?? null, data: JSON.stringify({ ...extra, from, to, ...base }), created_at: at });
  const reached = STEPS.indexOf(status);
  if (reached >= 1) step('received', 'verified', verifiedAt, null);
  if (reached >= 2) {
    step('verified', 'routed', routedAt, null, { teamId: team.id });
    events.push({ type: 'ticket.assigned', subject_id: id, actor_type: 'system', actor_id: null, data: JSON.stringify({ from: null, to: assignee!.id, mode: 'round_robin', ...base }), created_at: routedAt });
  }
  if (reached >= 3) step('routed', 'responded', firstResponse ?? routedAt, assignee);
  if (reached >= 4) step('responded', 'resolved', resolvedAt!, assignee);
  if (reached >= 5) step('resolved', 'closed', closedAt!, null);
  return { ticket, messages, events };
}
