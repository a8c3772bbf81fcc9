import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { buildCustomer, buildTicket } from '../../../test/factories.js';
import { addMailbox, startSmtpSink } from '../../../test/fixtures/email.js';
import { createTeam } from '../../../test/fixtures/tickets.js';
import { WORKFLOW_ACTION_TYPES, WORKFLOW_ACTIONS } from '../../../../shared/workflow-actions.js';
import { verifySignature } from '../../webhooks/index.js';
import { runWorkflowAction, WORKFLOW_ACTION_REGISTRY, type ActionInput, type RunSubject } from './index.js';

// Each action run directly against the real database with an ActionInput as the engine builds it:
// what it writes (through the owning area, as the automation actor), that a test run writes nothing,
// that a retry with the same idempotency key does not act twice, and each failure's error id.

process.env.ALLOW_PRIVATE_WEBHOOK_URLS = 'true';
let t: TestApp;
let ws: SeededWorkspace;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let agentA: { id: string };
let agentB: { id: string };
let supervisor: { id: string };
let teamId: string;
let emptyTeamId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp();
  ws = await seedWorkspace(t);
  agentA = await seedUser(t, ws.workspaceId, 'agent', 'Nguyễn Văn An');
  agentB = await seedUser(t, ws.workspaceId, 'agent', 'Trần Thị Bình');
  supervisor = await seedUser(t, ws.workspaceId, 'supervisor', 'Lê Trưởng Nhóm');
  teamId = await createTeam(t, ws.admin.cookie, 'Nhóm VIP', [agentA.id, agentB.id, supervisor.id]);
  emptyTeamId = await createTeam(t, ws.admin.cookie, 'Nhóm trống', []);
  // The supervisor leads; agents take tickets.
  await t.ctx.db.query('UPDATE users SET available = false WHERE id = $1', [supervisor.id]);
  await addMailbox(t, ws, { address: 'hotro@cuahang-wf.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } });
}, 120_000);
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

const workflowId = newId();
function input(subject: RunSubject, opts: { dryRun?: boolean; key?: string } = {}): ActionInput {
  return {
    ctx: t.ctx,
    workspaceId: ws.workspaceId,
    actor: { kind: 'automation', id: workflowId, workspaceId: ws.workspaceId, name: 'Quy trình thử', runId: newId(), depth: 1 },
    subject,
    event: null,
    dryRun: opts.dryRun ?? false,
    idempotencyKey: opts.key ?? newId(),
  };
}

async function errorId(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).id;
  }
  throw new Error('expected the action to fail');
}

// Every write of an action goes through a command with the automation actor: its events say so. Other
// work of the app (eager reaction jobs after a factory's commit) may append events of its own meanwhile.
const countEvents = async () => Number((await t.ctx.db.one<{ n: string }>(`SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND actor_type = 'automation'`, [ws.workspaceId])).n);
const WRITTEN = ['tickets', 'messages', 'customers', 'survey_requests', 'notifications', 'webhook_deliveries', 'workflow_action_effects'];
const countRows = async () => Promise.all(WRITTEN.map(async (table) => Number((await t.ctx.db.one<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).n)));
const countMessages = async (ticketId: string, direction?: string) =>
  Number((await t.ctx.db.one<{ n: string }>('SELECT count(*) AS n FROM messages WHERE ticket_id = $1 AND ($2::text IS NULL OR direction = $2)', [ticketId, direction ?? null])).n);
const ticketOf = (id: string) => t.ctx.db.one<{ priority: string; status: string; category: string | null; tags: string[]; assignee_id: string | null; team_id: string | null }>('SELECT * FROM tickets WHERE id = $1', [id]);

/** Runs an action as a test run and checks it wrote nothing at all (no event, so no row changed through a command). */
async function dryRunWritesNothing(type: string, subject: RunSubject, config: unknown) {
  await t.ctx.jobs.drain();
  const before = await countEvents();
  const rows = await countRows();
  const r = await runWorkflowAction(type, input(subject, { dryRun: true }), config);
  expect(r.output?.dryRun).toBe(true);
  expect(await countEvents()).toBe(before);
  expect(await countRows()).toEqual(rows);
  return r;
}

describe('registry', () => {
  it('lists exactly the catalogue, and refuses unknown types and bad configs', async () => {
    expect(Object.keys(WORKFLOW_ACTION_REGISTRY).sort()).toEqual([...WORKFLOW_ACTION_TYPES].sort());
    for (const type of WORKFLOW_ACTION_TYPES) expect(WORKFLOW_ACTION_REGISTRY[type].type).toBe(type);
    // The canvas builds forms from these.
    for (const schema of Object.values(WORKFLOW_ACTIONS)) expect(() => JSON.stringify(schema.toJSONSchema())).not.toThrow();
    const tk = await buildTicket(t.ctx, ws.workspaceId);
    expect(await errorId(runWorkflowAction('delete_everything', input({ ticketId: tk.id }), {}))).toBe('workflow_action.unknown_type');
    expect(await errorId(runWorkflowAction('set_status', input({ ticketId: tk.id }), { status: 'nope' }))).toBe('workflow_action.invalid_config');
    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'user' }))).toBe('workflow_action.invalid_config');
  });
});

describe('ticket fields', () => {
  it('raises the priority once per key, as the automation actor; a test run writes nothing', async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId, { priority: 'normal' });
    const dry = await dryRunWritesNothing('set_priority', { ticketId: tk.id }, { priority: 'raise' });
    expect(dry.summary.values).toMatchObject({ from: 'normal', to: 'high' });
    expect((await ticketOf(tk.id)).priority).toBe('normal');

    const i = input({ ticketId: tk.id });
    const r = await runWorkflowAction('set_priority', i, { priority: 'raise' });
    expect(r.summary.key).toBe('workflows:actions.summary.set_priority');
    const again = await runWorkflowAction('set_priority', { ...i, actor: { ...i.actor, runId: newId() } }, { priority: 'raise' });
    expect(again.output?.repeated).toBe(true);
    expect((await ticketOf(tk.id)).priority).toBe('high');

    const ev = await t.ctx.db.query<{ actor_type: string; actor_id: string; cause_run_id: string; actor_label: string }>(
      `SELECT actor_type, actor_id, cause_run_id, actor_label FROM events WHERE subject_id = $1 AND type = 'ticket.priority_changed'`,
      [tk.id],
    );
    expect(ev).toEqual([{ actor_type: 'automation', actor_id: workflowId, cause_run_id: i.actor.runId, actor_label: 'Quy trình thử' }]);
    // A new key raises again, up to urgent and no further.
    await runWorkflowAction('set_priority', input({ ticketId: tk.id }), { priority: 'raise' });
    await runWorkflowAction('set_priority', input({ ticketId: tk.id }), { priority: 'raise' });
    expect((await ticketOf(tk.id)).priority).toBe('urgent');
  });

  it('sets status, category, a field and tags; fails without a ticket or with a missing one', async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId, { tags: ['cu'] });
    await dryRunWritesNothing('set_status', { ticketId: tk.id }, { status: 'resolved' });
    await runWorkflowAction('set_status', input({ ticketId: tk.id }), { status: 'resolved' });
    await runWorkflowAction('set_category', input({ ticketId: tk.id }), { category: 'bao_hanh' });
    await runWorkflowAction('set_ticket_field', input({ ticketId: tk.id }), { field: 'subject', value: 'Bảo hành máy lọc nước' });
    await dryRunWritesNothing('add_tag', { ticketId: tk.id }, { tag: 'vip' });
    const key = newId();
    await runWorkflowAction('add_tag', input({ ticketId: tk.id }, { key }), { tag: 'vip' });
    await runWorkflowAction('add_tag', input({ ticketId: tk.id }, { key }), { tag: 'vip' });
    await runWorkflowAction('remove_tag', input({ ticketId: tk.id }), { tag: 'CU' });
    const after = await t.ctx.db.one<{ status: string; category: string; subject: string; tags: string[] }>('SELECT status, category, subject, tags FROM tickets WHERE id = $1', [tk.id]);
    expect(after).toEqual({ status: 'resolved', category: 'bao_hanh', subject: 'Bảo hành máy lọc nước', tags: ['vip'] });

    expect(await errorId(runWorkflowAction('set_status', input({}), { status: 'closed' }))).toBe('workflow_action.no_ticket');
    expect(await errorId(runWorkflowAction('set_status', input({ ticketId: newId() }), { status: 'closed' }))).toBe('workflow_action.ticket_missing');
    expect(await errorId(runWorkflowAction('set_status', input({ ticketId: newId() }, { dryRun: true }), { status: 'closed' }))).toBe('workflow_action.ticket_missing');
  });
});

describe('assign', () => {
  it('to a person, a team, round-robin and the least busy member; errors for a stranger and an empty team', async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId);
    const dry = await dryRunWritesNothing('assign', { ticketId: tk.id }, { mode: 'user', userId: agentB.id });
    expect(dry.output?.assigneeId).toBe(agentB.id);
    await runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'user', userId: agentB.id });
    expect((await ticketOf(tk.id)).assignee_id).toBe(agentB.id);

    // agentB now has an open ticket, agentA none: least busy is agentA, whatever round-robin's turn.
    const lb = await buildTicket(t.ctx, ws.workspaceId);
    const dryLb = await dryRunWritesNothing('assign', { ticketId: lb.id }, { mode: 'least_busy', teamId });
    expect(dryLb.output?.assigneeId).toBe(agentA.id);
    await runWorkflowAction('assign', input({ ticketId: lb.id }), { mode: 'least_busy', teamId });
    expect(await ticketOf(lb.id)).toMatchObject({ team_id: teamId, assignee_id: agentA.id });

    // Round-robin once per key: a retry does not move the ticket to the next member.
    const rr = await buildTicket(t.ctx, ws.workspaceId);
    const key = newId();
    await runWorkflowAction('assign', input({ ticketId: rr.id }, { key }), { mode: 'round_robin', teamId });
    const first = (await ticketOf(rr.id)).assignee_id;
    expect([agentA.id, agentB.id]).toContain(first);
    await runWorkflowAction('assign', input({ ticketId: rr.id }, { key }), { mode: 'round_robin', teamId });
    expect((await ticketOf(rr.id)).assignee_id).toBe(first);

    const tm = await buildTicket(t.ctx, ws.workspaceId);
    await runWorkflowAction('assign', input({ ticketId: tm.id }), { mode: 'team', teamId });
    expect((await ticketOf(tm.id)).team_id).toBe(teamId);

    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'user', userId: newId() }))).toBe('workflow_action.invalid_user');
    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'round_robin', teamId: newId() }))).toBe('workflow_action.invalid_team');
    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'round_robin', teamId: emptyTeamId }))).toBe('workflow_action.no_available_agent');
    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }, { dryRun: true }), { mode: 'least_busy', teamId: emptyTeamId }))).toBe('workflow_action.no_available_agent');
    expect(await errorId(runWorkflowAction('assign', input({ ticketId: tk.id }), { mode: 'round_robin' }))).toBe('workflow_action.invalid_team');
  });
});

describe('notes and messages', () => {
  it('adds an internal note once per key, with variables filled', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Phạm Minh Huy', gender: 'male' });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id });
    const dry = await dryRunWritesNothing('add_note', { ticketId: tk.id }, { body: 'Khách {{customer.salutation}} cần gọi lại' });
    expect(dry.output?.body).toBe('Khách anh Huy cần gọi lại');
    const key = newId();
    await runWorkflowAction('add_note', input({ ticketId: tk.id }, { key }), { body: 'Khách {{customer.salutation}} cần gọi lại' });
    await runWorkflowAction('add_note', input({ ticketId: tk.id }, { key }), { body: 'Khách {{customer.salutation}} cần gọi lại' });
    const notes = await t.ctx.db.query<{ body: string; author_user_id: string | null }>(`SELECT body, author_user_id FROM messages WHERE ticket_id = $1 AND direction = 'note'`, [tk.id]);
    expect(notes).toEqual([{ body: 'Khách anh Huy cần gọi lại', author_user_id: null }]);
  });

  it('sends on a channel that can start a conversation when the conversation cannot be answered, once per key', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Võ Thị Lan', email: `lan-${newId().slice(0, 8)}@khach.vn` });
    // An API conversation has no sender of its own: email can start one.
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id, channel: 'api' });
    const dry = await dryRunWritesNothing('send_message', { ticketId: tk.id }, { body: 'Chào {{customer.first_name}}' });
    expect(dry.output).toMatchObject({ channel: 'email', via: 'fallback', passedOver: 'no_sender', body: 'Chào Lan' });
    expect(await countMessages(tk.id, 'outbound')).toBe(0);

    const key = newId();
    const r = await runWorkflowAction('send_message', input({ ticketId: tk.id }, { key }), { body: 'Chào {{customer.first_name}}' });
    expect(r.output).toMatchObject({ channel: 'email', via: 'fallback', ticketId: tk.id });
    const again = await runWorkflowAction('send_message', input({ ticketId: tk.id }, { key }), { body: 'Chào {{customer.first_name}}' });
    expect(again.output?.repeated).toBe(true);
    const sent = await t.ctx.db.query<{ channel: string; body: string; meta: Record<string, unknown> }>(`SELECT channel, body, meta FROM messages WHERE ticket_id = $1 AND direction = 'outbound'`, [tk.id]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email', body: 'Chào Lan', meta: { automated: true } });
    // The outbox delivers it through the mailbox.
    await t.ctx.jobs.drain();
    expect(sink.mails.some((m) => m.to.includes(c.email!) && m.mail.text?.includes('Chào Lan'))).toBe(true);
  });

  it('respects a closed reply window: fallback none fails window_closed, fallback any goes by email, nothing reachable fails no_channel', async () => {
    const old = new Date(Date.now() - 3 * 86_400_000);
    const withEmail = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Đỗ Văn Nam', email: `nam-${newId().slice(0, 8)}@khach.vn` });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: withEmail.id, channel: 'messenger', messageAt: old });
    expect(await errorId(runWorkflowAction('send_message', input({ ticketId: tk.id }), { body: 'Xin chào', fallback: 'none' }))).toBe('workflow_action.window_closed');
    const r = await runWorkflowAction('send_message', input({ ticketId: tk.id }), { body: 'Xin chào' });
    expect(r.output).toMatchObject({ channel: 'email', via: 'fallback', passedOver: 'window_closed' });

    const phoneOnly = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Khách Chỉ Có Số', phone: '0903123456' });
    const tk2 = await buildTicket(t.ctx, ws.workspaceId, { customerId: phoneOnly.id, channel: 'messenger', messageAt: old });
    expect(await errorId(runWorkflowAction('send_message', input({ ticketId: tk2.id }), { body: 'Xin chào' }))).toBe('workflow_action.window_closed');
    const noTicket = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Khách Chưa Nhắn', phone: '0903123457' });
    expect(await errorId(runWorkflowAction('send_message', input({ customerId: noTicket.id }), { body: 'Xin chào' }))).toBe('workflow_action.no_channel');
    expect(await errorId(runWorkflowAction('send_message', input({ ticketId: tk.id }), { cannedReplyId: newId() }))).toBe('workflow_action.canned_reply_missing');
    expect(await errorId(runWorkflowAction('send_message', input({}), { body: 'x' }))).toBe('workflow_action.no_customer');
    expect(await countMessages(tk2.id, 'outbound')).toBe(0);
  });

  it('writes to a customer without any conversation on a new ticket (a birthday)', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Mai Anh', email: `mai-${newId().slice(0, 8)}@khach.vn` });
    const r = await runWorkflowAction('send_message', input({ customerId: c.id }), { body: 'Chúc mừng sinh nhật {{customer.first_name}}!' });
    const tk = await t.ctx.db.one<{ id: string; channel: string }>('SELECT id, channel FROM tickets WHERE customer_id = $1', [c.id]);
    expect(r.output).toMatchObject({ ticketId: tk.id, channel: 'email' });
    expect(await countMessages(tk.id, 'outbound')).toBe(1);
  });

  it("goes to the customer's preferred channel when asked, though the conversation is elsewhere", async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { name: 'Hồ Thu', email: `thu-${newId().slice(0, 8)}@khach.vn`, preferredChannel: 'email' });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id, channel: 'messenger' });
    const r = await runWorkflowAction('send_message', input({ customerId: c.id }), { body: 'Chúc mừng sinh nhật!', channel: 'preferred', fallback: 'none' });
    expect(r.output).toMatchObject({ channel: 'email', via: 'conversation', ticketId: tk.id });
  });
});

describe('surveys, tickets, notices', () => {
  it('sends a CSAT survey once per key; a missing template fails', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { email: `ks-${newId().slice(0, 8)}@khach.vn` });
    const tk = await buildTicket(t.ctx, ws.workspaceId, { customerId: c.id, channel: 'api' });
    await dryRunWritesNothing('send_survey', { ticketId: tk.id }, { surveyType: 'csat' });
    const key = newId();
    const r = await runWorkflowAction('send_survey', input({ ticketId: tk.id }, { key }), { surveyType: 'csat' });
    expect(r.output?.status).toBe('sent');
    await runWorkflowAction('send_survey', input({ ticketId: tk.id }, { key }), { surveyType: 'csat' });
    const reqs = await t.ctx.db.query<{ channel: string }>('SELECT channel FROM survey_requests WHERE customer_id = $1', [c.id]);
    expect(reqs).toEqual([{ channel: 'email' }]);
    expect(await errorId(runWorkflowAction('send_survey', input({ ticketId: tk.id }), { templateId: newId() }))).toBe('workflow_action.survey_template_missing');
  });

  it('creates a follow-up task for the team lead once per key', async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId, { teamId });
    const config = { kind: 'follow_up', subject: 'Gọi lại khách về phiếu #{{ticket.number}}', assignTo: 'team_lead', priority: 'high' };
    const dry = await dryRunWritesNothing('create_ticket', { ticketId: tk.id }, config);
    expect(dry.output).toMatchObject({ assigneeId: supervisor.id, subject: `Gọi lại khách về phiếu #${tk.number}` });
    const key = newId();
    const r = await runWorkflowAction('create_ticket', input({ ticketId: tk.id }, { key }), config);
    const again = await runWorkflowAction('create_ticket', input({ ticketId: tk.id }, { key }), config);
    expect(again.output?.ticketId).toBe(r.output?.ticketId);
    const made = await t.ctx.db.query<{ id: string; assignee_id: string; priority: string; tags: string[]; channel: string }>(
      `SELECT id, assignee_id, priority, tags, channel FROM tickets WHERE customer_id = $1 AND id <> $2`,
      [tk.customer_id, tk.id],
    );
    expect(made).toEqual([{ id: r.output?.ticketId, assignee_id: supervisor.id, priority: 'high', tags: ['theo-doi'], channel: 'manual' }]);
    expect(await countMessages(made[0].id, 'note')).toBe(1);
    const unassigned = await buildTicket(t.ctx, ws.workspaceId);
    expect(await errorId(runWorkflowAction('create_ticket', input({ ticketId: unassigned.id }), { ...config, assignTo: 'same_assignee' }))).toBe('workflow_action.no_assignee');
  });

  it('notifies the team lead in the app and by email, once per key', async () => {
    const tk = await buildTicket(t.ctx, ws.workspaceId, { teamId });
    await dryRunWritesNothing('notify', { ticketId: tk.id }, { to: 'team_lead', message: 'Phiếu sắp trễ hạn', email: true });
    const key = newId();
    sink.mails.length = 0;
    const r = await runWorkflowAction('notify', input({ ticketId: tk.id }, { key }), { to: 'team_lead', message: 'Phiếu #{{ticket.number}} sắp trễ hạn', email: true });
    expect(r.output).toMatchObject({ userIds: [supervisor.id], emailed: true });
    await runWorkflowAction('notify', input({ ticketId: tk.id }, { key }), { to: 'team_lead', message: 'Phiếu #{{ticket.number}} sắp trễ hạn', email: true });
    const rows = await t.ctx.db.query<{ user_id: string; data: { preview: string } }>(`SELECT user_id, data FROM notifications WHERE ticket_id = $1 AND dedupe_key LIKE 'workflow:%'`, [tk.id]);
    expect(rows.map((x) => [x.user_id, x.data.preview])).toEqual([[supervisor.id, `Phiếu #${tk.number} sắp trễ hạn`]]);
    expect(sink.mails.filter((m) => m.mail.text?.includes(`Phiếu #${tk.number} sắp trễ hạn`))).toHaveLength(1);
    const unassigned = await buildTicket(t.ctx, ws.workspaceId);
    expect(await errorId(runWorkflowAction('notify', input({ ticketId: unassigned.id }), { to: 'assignee', message: 'x' }))).toBe('workflow_action.no_assignee');
    expect(await errorId(runWorkflowAction('notify', input({}), { to: 'user', userId: newId(), message: 'x' }))).toBe('workflow_action.invalid_user');
  });
});

describe('customer', () => {
  it('sets an attribute, the lifecycle stage and customer tags as the automation actor', async () => {
    const c = await buildCustomer(t.ctx, ws.workspaceId, { attributes: { hang: 'bac' }, tags: ['moi'] });
    await dryRunWritesNothing('set_customer_attribute', { customerId: c.id }, { key: 'hang', value: 'vang' });
    await runWorkflowAction('set_customer_attribute', input({ customerId: c.id }), { key: 'hang', value: 'vang' });
    await runWorkflowAction('set_customer_attribute', input({ customerId: c.id }), { key: 'diem', value: 120 });
    await dryRunWritesNothing('set_lifecycle_stage', { customerId: c.id }, { stage: 'loyal' });
    await runWorkflowAction('set_lifecycle_stage', input({ customerId: c.id }), { stage: 'loyal' });
    await runWorkflowAction('add_tag', input({ customerId: c.id }), { target: 'customer', tag: 'vip' });
    await runWorkflowAction('remove_tag', input({ customerId: c.id }), { target: 'customer', tag: 'moi' });
    const row = await t.ctx.db.one<{ attributes: Record<string, unknown>; lifecycle_stage: string; tags: string[] }>('SELECT attributes, lifecycle_stage, tags FROM customers WHERE id = $1', [c.id]);
    expect(row).toEqual({ attributes: { hang: 'vang', diem: 120 }, lifecycle_stage: 'loyal', tags: ['vip'] });
    const ev = await t.ctx.db.query<{ actor_type: string }>(`SELECT DISTINCT actor_type FROM events WHERE subject_id = $1 AND type = 'customer.updated'`, [c.id]);
    expect(ev).toEqual([{ actor_type: 'automation' }]);
    expect(await errorId(runWorkflowAction('set_lifecycle_stage', input({ customerId: newId() }), { stage: 'loyal' }))).toBe('workflow_action.customer_missing');
  });
});

describe('call_webhook', () => {
  it('queues one signed delivery per key through the webhooks area; a private URL is refused when not allowed', async () => {
    const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const tk = await buildTicket(t.ctx, ws.workspaceId);
      const dry = await dryRunWritesNothing('call_webhook', { ticketId: tk.id }, { url, secret: 'bi-mat' });
      expect(dry.output?.signed).toBe(true);
      const key = newId();
      await runWorkflowAction('call_webhook', input({ ticketId: tk.id }, { key }), { url, secret: 'bi-mat' });
      await runWorkflowAction('call_webhook', input({ ticketId: tk.id }, { key }), { url, secret: 'bi-mat' });
      await t.ctx.jobs.drain();
      expect(got).toHaveLength(1);
      expect(JSON.parse(got[0].body)).toMatchObject({ type: 'workflow.call', subject: { ticketId: tk.id }, workflow: { id: workflowId } });
      expect(verifySignature('bi-mat', String(got[0].headers['x-tantam-signature']), got[0].body)).toBe(true);

      const strict = { ...input({ ticketId: tk.id }), ctx: { ...t.ctx, env: { ...t.ctx.env, ALLOW_PRIVATE_WEBHOOK_URLS: false } } };
      expect(await errorId(runWorkflowAction('call_webhook', strict, { url }))).toBe('workflow_action.webhook_url_not_allowed');
    } finally {
      server.close();
    }
  });
});
