import { createWorkspace } from '../areas/access/index.js';
import { appendEvent } from '../core/events/append.js';
// The demo's own workspace events, merged into the EventCatalog.
import './events.js';
import { toSearchText } from '../core/lib/search-text.js';
import type { Db, Sql } from '../core/db/types.js';
import { businessClock } from './business-clock.js';
import { bulkInsert } from '../core/db/bulk-insert.js';
import { generateCustomer, PhoneBook, type CustomerDraft } from './customers.js';
import { insertDemoChannelAccounts } from './demo-channels.js';
import { hash32, Rng, weighted } from './random.js';
import { generateTicket, type EventRow, type MessageRow, type Staff, type TicketRow, type TicketWorld } from './tickets.js';
import { DEMO_CANNED_REPLIES, DEMO_STAFF, DEMO_TEAMS } from './vn-data.js';

export const DEFAULT_DEMO_WORKSPACE = 'Cửa hàng Điện máy Tận Tâm';
export const DEFAULT_DEMO_PASSWORD = 'TanTam@2026';
const DAY = 86_400_000;

export interface DemoOptions {
  customers: number;
  workspaceName?: string;
  password?: string;
  seed?: number;
  /** Customers per transaction (their tickets, messages and events go in the same one). */
  batchSize?: number;
  /** Batches written at once (default 2 on PostgreSQL, 1 embedded). */
  parallel?: number;
  /** Drop secondary indexes during the load and rebuild them after (default: ≥ 50,000 customers into an empty database). */
  deferIndexes?: boolean;
  /** "Now" of the generated history (tests pin it). */
  now?: Date;
  onProgress?: (p: { customers: number; total: number; rows: number }) => void;
  /** Lines worth telling the person waiting (index rebuilds). */
  log?: (line: string) => void;
}

export interface DemoResult {
  created: boolean;
  workspaceId: string;
  workspaceName: string;
  adminEmail: string;
  password: string;
  counts: { customers: number; identities: number; tickets: number; messages: number; events: number };
  seconds: number;
  rowsPerSecond: number;
}

/** Login e-mail domain of a demo workspace: demo.tantam.vn for the default shop, else <slug>.demo.tantam.vn. */
export function demoDomain(workspaceName: string): string {
  if (workspaceName === DEFAULT_DEMO_WORKSPACE) return 'demo.tantam.vn';
  const slug = toSearchText(workspaceName).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'shop';
  return `${slug}.demo.tantam.vn`;
}

const ticketsPerCustomer = weighted([[0, 35], [1, 35], [2, 18], [3, 8], [4, 4]] as const);

/**
 * Builds a realistic Vietnamese demo workspace: staff, teams, canned replies, then customers with
 * their identities, tickets, messages and events in batches (one transaction each, bulk `unnest`
 * inserts). Deterministic for a seed and workspace name. Does nothing when the workspace exists.
 */
export async function generateDemo(db: Db, opts: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const workspaceName = opts.workspaceName ?? DEFAULT_DEMO_WORKSPACE;
  const password = opts.password ?? DEFAULT_DEMO_PASSWORD;
  const domain = demoDomain(workspaceName);
  const adminEmail = `admin@${domain}`;
  const counts = { customers: 0, identities: 0, tickets: 0, messages: 0, events: 0 };
  const result = (workspaceId: string, created: boolean): DemoResult => {
    const seconds = (performance.now() - t0) / 1000;
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    return { created, workspaceId, workspaceName, adminEmail, password, counts, seconds, rowsPerSecond: rows / seconds };
  };

  const existing = await db.maybeOne<{ id: string }>(
    `SELECT w.id FROM workspaces w WHERE w.name = $1
     UNION ALL SELECT u.workspace_id FROM users u WHERE lower(u.email) = $2 LIMIT 1`,
    [workspaceName, adminEmail],
  );
  if (existing) return result(existing.id, false);

  const seed = ((opts.seed ?? 2026) ^ hash32(workspaceName)) >>> 0;
  const rng = new Rng(seed);
  const now = (opts.now ?? new Date()).getTime();
  const { workspace, world } = await createStaff(db, { workspaceName, adminEmail, password, domain, rng, now });

  // How many tickets each customer has is drawn up front, so every ticket can get its place on the
  // 90-day timeline: ticket k takes slot (k·A mod T), a bijection spreading one customer's tickets
  // apart; numbers follow the slots, so #1 is the oldest ticket and numbers grow with time.
  const total = Math.max(0, Math.floor(opts.customers));
  const perCustomer = new Uint8Array(total);
  const countRng = new Rng(seed ^ 0x9e3779b9);
  let totalTickets = 0;
  for (let i = 0; i < total; i++) totalTickets += perCustomer[i] = ticketsPerCustomer(countRng);
  const stride = coprimeNear(totalTickets, Math.floor(totalTickets * 0.6180339887) + 1);
  const M = world.clock.totalMinutes;

  // Large loads into an otherwise empty database skip secondary-index upkeep and build the indexes once
  // at the end: several times faster than updating trigram GIN and b-tree indexes row by row.
  const others = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM workspaces WHERE id <> $1', [workspace.id]);
  const restoreIndexes = (opts.deferIndexes ?? total >= 50_000) && others.n === 0 ? await dropSecondaryIndexes(db, opts.log ?? (() => undefined)) : null;

  // In that bulk mode a superuser also skips the per-row foreign-key triggers: the generator builds
  // every reference itself (the tests check them), and they cost a quarter of the insert time.
  const skipFkChecks = restoreIndexes !== null && (await isSuperuser(db));

  const phones = new PhoneBook(seed % 10_000_000);
  const year = new Date(now).getUTCFullYear();
  const batchSize = opts.batchSize ?? 5000;
  // PostgreSQL writes two batches at once (one backend each) while the next one is generated.
  const parallel = opts.parallel ?? (db.kind === 'postgres' ? 2 : 1);
  let k = 0;
  let rows = 0;
  const pending = new Set<Promise<void>>();
  for (let from = 0; from < total; from += batchSize) {
    const batch: Batch = { customers: [], tickets: [], messages: [], events: [] };
    for (let i = from; i < Math.min(total, from + batchSize); i++) {
      const c = generateCustomer(rng, i, phones, year);
      let first = Infinity;
      let lastUpdate = 0;
      for (let j = 0; j < perCustomer[i]; j++, k++) {
        const slot = totalTickets === 1 ? 0 : Number((BigInt(k) * BigInt(stride)) % BigInt(totalTickets));
        const start = world.clock.at(((slot + rng.next()) / totalTickets) * M);
        const g = generateTicket(rng, world, c, slot + 1, start);
        batch.tickets.push(g.ticket);
        batch.messages.push(...g.messages);
        batch.events.push(...g.events);
        first = Math.min(first, start);
        lastUpdate = Math.max(lastUpdate, g.ticket.updated_at);
      }
      // A customer is known before their first ticket: long-time customers, or new with this contact.
      const created = Number.isFinite(first)
        ? first - (rng.chance(0.4) ? rng.int(0, 30) * 60_000 : rng.int(1, 720) * DAY)
        : now - rng.int(1, 720) * DAY - rng.int(0, 600) * 60_000;
      batch.customers.push({ ...c, createdAt: created, updatedAt: Math.max(created, lastUpdate) });
    }
    while (pending.size >= parallel) await Promise.race(pending);
    const b = batch;
    const p: Promise<void> = insertBatch(db, workspace.id, b, skipFkChecks).then(() => {
      pending.delete(p);
      counts.customers += b.customers.length;
      counts.identities += b.customers.reduce((n, c) => n + c.identities.length, 0);
      counts.tickets += b.tickets.length;
      counts.messages += b.messages.length;
      counts.events += b.events.length;
      rows = Object.values(counts).reduce((a, x) => a + x, 0);
      opts.onProgress?.({ customers: counts.customers, total, rows });
    });
    pending.add(p);
  }
  try {
    await Promise.all(pending);
  } finally {
    await restoreIndexes?.();
  }

  await db.tx(async (tx) => {
    await tx.query('UPDATE workspaces SET ticket_seq = $2 WHERE id = $1', [workspace.id, totalTickets]);
    await appendEvent(tx, {
      workspaceId: workspace.id, type: 'workspace.demo_seeded', subjectType: 'workspace', subjectId: workspace.id, actor: null,
      data: { ...counts, seed },
    });
  });
  // Fresh statistics, so the first queries on millions of new rows get good plans.
  await db.exec('ANALYZE customers; ANALYZE customer_identities; ANALYZE tickets; ANALYZE messages; ANALYZE events;');
  return result(workspace.id, true);
}

const LOADED_TABLES = ['customers', 'customer_identities', 'tickets', 'messages', 'events'];

/**
 * Drops the non-unique, non-primary indexes of the loaded tables and returns the function that
 * recreates them from their saved definitions (unique indexes stay: they are constraints).
 */
async function dropSecondaryIndexes(db: Db, log: (line: string) => void): Promise<() => Promise<void>> {
  const defs = await db.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname = ANY($1::text[]) AND t.relnamespace = current_schema()::regnamespace
       AND NOT i.indisprimary AND NOT i.indisunique`,
    [LOADED_TABLES],
  );
  for (const d of defs) await db.exec(`DROP INDEX IF EXISTS "${d.name}"`);
  log(`Indexes: ${defs.length} secondary indexes are built after the load (an interrupted run leaves them missing: start again from a fresh database).`);
  return async () => {
    const t0 = performance.now();
    for (const d of defs) {
      await db.tx(async (tx) => {
        if (db.kind === 'postgres') await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await tx.exec(d.def);
      });
    }
    log(`Indexes built in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  };
}

type CustomerRow = CustomerDraft & { createdAt: number; updatedAt: number };
interface Batch {
  customers: CustomerRow[];
  tickets: TicketRow[];
  messages: MessageRow[];
  events: EventRow[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
function coprimeNear(n: number, start: number): number {
  if (n <= 1) return 1;
  let a = Math.max(1, start % n);
  while (gcd(a, n) !== 1) a = (a % (n - 1)) + 1;
  return a;
}

async function isSuperuser(db: Db): Promise<boolean> {
  const r = await db.maybeOne<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
  return r?.rolsuper === true;
}

async function insertBatch(db: Db, workspaceId: string, b: Batch, skipFkChecks: boolean): Promise<void> {
  await db.tx(async (tx) => {
    // A crash loses at most this batch of demo data; not waiting for the WAL flush doubles the speed.
    if (db.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit = off');
    if (skipFkChecks) await tx.query('SET LOCAL session_replication_role = replica');
    await insertCustomers(tx, workspaceId, b.customers);
    await insertTickets(tx, workspaceId, b.tickets);
    await bulkInsert<MessageRow>(tx, 'messages', { workspace_id: workspaceId }, [
      { name: 'id', type: 'uuid', get: (r) => r.id },
      { name: 'ticket_id', type: 'uuid', get: (r) => r.ticket_id },
      { name: 'customer_id', type: 'uuid', get: (r) => r.customer_id },
      { name: 'direction', type: 'text', get: (r) => r.direction },
      { name: 'author_user_id', type: 'uuid', get: (r) => r.author_user_id },
      { name: 'channel', type: 'text', get: (r) => r.channel },
      { name: 'channel_account_id', type: 'uuid', get: (r) => r.channel_account_id },
      { name: 'external_id', type: 'text', get: (r) => r.external_id },
      { name: 'body', type: 'text', get: (r) => r.body },
      { name: 'created_at', type: 'timestamptz', get: (r) => r.created_at },
    ], b.messages);
    await bulkInsert<EventRow>(tx, 'events', { workspace_id: workspaceId }, [
      { name: 'type', type: 'text', get: (r) => r.type },
      { name: 'subject_type', type: 'text', get: () => 'ticket' },
      { name: 'subject_id', type: 'uuid', get: (r) => r.subject_id },
      { name: 'actor_type', type: 'text', get: (r) => r.actor_type },
      { name: 'actor_id', type: 'uuid', get: (r) => r.actor_id },
      { name: 'data', type: 'jsonb', get: (r) => r.data },
      { name: 'created_at', type: 'timestamptz', get: (r) => r.created_at },
    ], b.events);
  });
}

async function insertCustomers(tx: Sql, workspaceId: string, rows: CustomerRow[]) {
  await bulkInsert<CustomerRow>(tx, 'customers', { workspace_id: workspaceId }, [
    { name: 'id', type: 'uuid', get: (r) => r.id },
    { name: 'name', type: 'text', get: (r) => r.name },
    { name: 'search_name', type: 'text', get: (r) => r.searchName },
    { name: 'phone', type: 'text', get: (r) => r.phone },
    { name: 'email', type: 'text', get: (r) => r.email },
    { name: 'birthday', type: 'date', get: (r) => r.birthday },
    { name: 'gender', type: 'text', get: (r) => r.gender },
    { name: 'address', type: 'text', get: (r) => r.address },
    { name: 'company', type: 'text', get: (r) => r.company },
    { name: 'preferred_channel', type: 'text', get: (r) => r.preferredChannel },
    { name: 'lifecycle_stage', type: 'text', get: (r) => r.lifecycleStage },
    { name: 'segment', type: 'text', get: (r) => r.segment },
    { name: 'tags', type: 'text[]', get: (r) => r.tags },
    { name: 'attributes', type: 'jsonb', get: (r) => r.attributes },
    { name: 'created_at', type: 'timestamptz', get: (r) => r.createdAt },
    { name: 'updated_at', type: 'timestamptz', get: (r) => r.updatedAt },
  ], rows);
  const identities = rows.flatMap((c) => c.identities.map((x) => ({ ...x, customerId: c.id, createdAt: c.createdAt })));
  await bulkInsert(tx, 'customer_identities', { workspace_id: workspaceId }, [
    { name: 'id', type: 'uuid', get: (r) => r.id },
    { name: 'customer_id', type: 'uuid', get: (r) => r.customerId },
    { name: 'kind', type: 'text', get: (r) => r.kind },
    { name: 'value', type: 'text', get: (r) => r.value },
    { name: 'created_at', type: 'timestamptz', get: (r) => r.createdAt },
  ], identities);
}

async function insertTickets(tx: Sql, workspaceId: string, rows: TicketRow[]) {
  const ts = (name: keyof TicketRow) => ({ name, type: 'timestamptz' as const, get: (r: TicketRow) => r[name] });
  await bulkInsert<TicketRow>(tx, 'tickets', { workspace_id: workspaceId }, [
    { name: 'id', type: 'uuid', get: (r) => r.id },
    { name: 'number', type: 'int', get: (r) => r.number },
    { name: 'subject', type: 'text', get: (r) => r.subject },
    { name: 'customer_id', type: 'uuid', get: (r) => r.customer_id },
    { name: 'channel', type: 'text', get: (r) => r.channel },
    { name: 'channel_account_id', type: 'uuid', get: (r) => r.channel_account_id },
    { name: 'status', type: 'text', get: (r) => r.status },
    { name: 'priority', type: 'text', get: (r) => r.priority },
    { name: 'category', type: 'text', get: (r) => r.category },
    { name: 'team_id', type: 'uuid', get: (r) => r.team_id },
    { name: 'assignee_id', type: 'uuid', get: (r) => r.assignee_id },
    { name: 'tags', type: 'text[]', get: (r) => r.tags },
    ts('first_message_at'), ts('last_message_at'), ts('last_customer_message_at'), ts('first_response_at'),
    ts('resolved_at'), ts('closed_at'), ts('first_response_due_at'), ts('resolution_due_at'),
    { name: 'message_count', type: 'int', get: (r) => r.message_count },
    { name: 'last_message_preview', type: 'text', get: (r) => r.last_message_preview },
    ts('created_at'), ts('updated_at'),
  ], rows);
}

/** The workspace with its admin (through the app's createWorkspace), staff, teams and canned replies. */
async function createStaff(
  db: Db,
  a: { workspaceName: string; adminEmail: string; password: string; domain: string; rng: Rng; now: number },
): Promise<{ workspace: { id: string }; world: TicketWorld }> {
  const { workspace, user } = await createWorkspace(db, {
    workspaceName: a.workspaceName,
    admin: { name: 'Lê Minh Tâm', email: a.adminEmail, password: a.password },
  });
  return db.tx(async (tx) => {
    // One argon2 hash for every demo login (they share the printed password).
    const { password_hash: hash } = await tx.one<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    const staff = new Map<string, Staff & { role: string }>();
    for (const s of DEMO_STAFF) {
      const id = a.rng.uuid();
      await tx.query(
        `INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, workspace.id, `${s.login}@${a.domain}`, s.name, hash, s.role],
      );
      staff.set(s.login, { id, givenName: s.name.split(' ').pop()!, role: s.role });
    }
    const teams = new Map<string, { id: string; members: Staff[] }>();
    for (const t of DEMO_TEAMS) {
      const id = a.rng.uuid();
      await tx.query('INSERT INTO teams (id, workspace_id, name, description) VALUES ($1, $2, $3, $4)', [id, workspace.id, t.name, t.description]);
      const members = DEMO_STAFF.filter((s) => s.role === 'agent' && s.teams.includes(t.name)).map((s) => staff.get(s.login)!);
      for (const s of DEMO_STAFF.filter((x) => x.teams.includes(t.name))) {
        await tx.query('INSERT INTO team_members (workspace_id, team_id, user_id) VALUES ($1, $2, $3)', [workspace.id, id, staff.get(s.login)!.id]);
      }
      teams.set(t.name, { id, members });
    }
    for (const c of DEMO_CANNED_REPLIES) {
      await tx.query('INSERT INTO canned_replies (id, workspace_id, shortcut, title, body) VALUES ($1, $2, $3, $4, $5)', [
        a.rng.uuid(), workspace.id, c.shortcut, c.title, c.body,
      ]);
    }
    const sla = Object.fromEntries(
      (await tx.query<{ priority: string; first_response_minutes: number; resolution_minutes: number }>(
        'SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies WHERE workspace_id = $1', [workspace.id],
      )).map((p) => [p.priority, { first: p.first_response_minutes, resolution: p.resolution_minutes }]),
    ) as TicketWorld['sla'];
    const { business_hours: hours } = await tx.one<{ business_hours: Record<string, [string, string][]> }>(
      'SELECT business_hours FROM workspaces WHERE id = $1', [workspace.id],
    );
    await appendEvent(tx, {
      workspaceId: workspace.id, type: 'workspace.demo_staff_created', subjectType: 'workspace', subjectId: workspace.id, actor: null,
      data: { users: DEMO_STAFF.length, teams: DEMO_TEAMS.length, cannedReplies: DEMO_CANNED_REPLIES.length },
    });
    const supervisors = [...staff.values()].filter((s) => s.role === 'supervisor');
    const channelAccounts = await insertDemoChannelAccounts(tx, workspace.id);
    return {
      workspace: { id: workspace.id as string },
      world: { clock: businessClock(a.now - 90 * DAY, a.now, hours), now: a.now, teams, supervisors, sla, channelAccounts },
    };
  });
}
