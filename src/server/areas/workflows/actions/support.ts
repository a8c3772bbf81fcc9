import type { Sql, Tx } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { renderTemplate, templateValues } from '../../../core/lib/template.js';
import { getTicket, type TicketRow } from '../../tickets/index.js';
import type { ActionInput, ActionResult } from './types.js';

/** A failing action: 422 with a stable id `workflow_action.<reason>` the run log shows and tests match on. */
export const actionError = (reason: string, message: string, details?: unknown) => new AppError(422, `workflow_action.${reason}`, message, details);

/** The run's ticket (404 → workflow_action.ticket_missing; none in the subject → workflow_action.no_ticket). */
export async function requireTicket(sql: Sql, input: ActionInput): Promise<TicketRow> {
  const id = input.subject.ticketId;
  if (!id) throw actionError('no_ticket', 'This action needs a ticket, and the trigger gave none');
  const t = await getTicket(sql, input.workspaceId, id).catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) throw actionError('ticket_missing', 'The ticket no longer exists');
    throw e;
  });
  if (t.merged_into_id) throw actionError('ticket_merged', `Ticket #${t.number} was merged into another ticket`, { mergedIntoId: t.merged_into_id });
  return t;
}

export interface CustomerInfo {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  gender: string | null;
  preferred_channel: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  lifecycle_stage: string;
}

/** The run's customer: the subject's, else its ticket's; a merged profile is followed to the live one. */
export async function requireCustomer(sql: Sql, input: ActionInput): Promise<CustomerInfo> {
  let id = input.subject.customerId;
  if (!id && input.subject.ticketId) {
    const t = await sql.maybeOne<{ customer_id: string }>('SELECT customer_id FROM tickets WHERE workspace_id = $1 AND id = $2', [input.workspaceId, input.subject.ticketId]);
    id = t?.customer_id;
  }
  if (!id) throw actionError('no_customer', 'This action needs a customer, and the trigger gave none');
  for (let hops = 0; hops < 5; hops++) {
    const c: (CustomerInfo & { merged_into_id: string | null }) | undefined = await sql.maybeOne<CustomerInfo & { merged_into_id: string | null }>(
      `SELECT id, name, phone, email, gender, preferred_channel, tags, attributes, lifecycle_stage, merged_into_id FROM customers WHERE workspace_id = $1 AND id = $2`,
      [input.workspaceId, id],
    );
    if (!c) break;
    if (!c.merged_into_id) return c;
    id = c.merged_into_id;
  }
  throw actionError('customer_missing', 'The customer no longer exists');
}

/** 422 workflow_action.invalid_user unless an active user of the workspace. */
export async function requireUser(sql: Sql, workspaceId: string, userId: string | undefined): Promise<{ id: string; name: string; email: string }> {
  const u = userId ? await sql.maybeOne<{ id: string; name: string; email: string }>('SELECT id, name, email FROM users WHERE workspace_id = $1 AND id = $2 AND active', [workspaceId, userId]) : undefined;
  if (!u) throw actionError('invalid_user', 'The person this action names is not an active user of the workspace');
  return u;
}

/** 422 workflow_action.invalid_team unless a team of the workspace. */
export async function requireTeam(sql: Sql, workspaceId: string, teamId: string | undefined | null): Promise<{ id: string; name: string }> {
  const t = teamId ? await sql.maybeOne<{ id: string; name: string }>('SELECT id, name FROM teams WHERE workspace_id = $1 AND id = $2', [workspaceId, teamId]) : undefined;
  if (!t) throw actionError('invalid_team', 'The team this action names does not exist in the workspace');
  return t;
}

/** A text with {{customer.first_name}}-style variables filled for the run's customer and ticket; the workflow signs as the agent. */
export async function renderForRun(sql: Sql, input: ActionInput, text: string, customer: CustomerInfo, ticket?: Pick<TicketRow, 'number' | 'subject'>): Promise<string> {
  const ws = await sql.one<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [input.workspaceId]);
  const values = templateValues({
    customer,
    agent: { name: ws.name },
    ticket: { number: ticket?.number ?? 0, subject: ticket?.subject ?? '' },
    workspace: { name: ws.name },
  });
  return renderTemplate(text, values).text;
}

/**
 * Does an effect once per idempotency key: claims the key in the effect's own transaction (a
 * concurrent run with the same key waits for it, then finds it), runs fn, stores its result. A key
 * already done returns the stored result marked `repeated`, and fn does not run.
 */
export async function once(input: ActionInput, type: string, fn: (tx: Tx) => Promise<ActionResult>): Promise<ActionResult> {
  return input.ctx.db.tx(async (tx) => {
    const claimed = await tx.maybeOne(
      `INSERT INTO workflow_action_effects (workspace_id, key, action) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING key`,
      [input.workspaceId, input.idempotencyKey, type],
    );
    if (!claimed) {
      const prev = await tx.one<{ result: ActionResult | null }>('SELECT result FROM workflow_action_effects WHERE workspace_id = $1 AND key = $2', [input.workspaceId, input.idempotencyKey]);
      const r = prev.result ?? { summary: { key: `workflows:actions.summary.${type}` } };
      return { ...r, output: { ...r.output, repeated: true } };
    }
    const result = await fn(tx);
    await tx.query('UPDATE workflow_action_effects SET result = $3 WHERE workspace_id = $1 AND key = $2', [input.workspaceId, input.idempotencyKey, JSON.stringify(result)]);
    return result;
  });
}

/** Whether a key's effect was already done (an effect outside a transaction, such as an HTTP call, checks before and records after). */
export async function doneBefore(input: ActionInput): Promise<ActionResult | null> {
  const prev = await input.ctx.db.maybeOne<{ result: ActionResult | null }>('SELECT result FROM workflow_action_effects WHERE workspace_id = $1 AND key = $2', [input.workspaceId, input.idempotencyKey]);
  if (!prev?.result) return null;
  return { ...prev.result, output: { ...prev.result.output, repeated: true } };
}

/** Records an effect done outside a transaction (first writer wins). */
export async function recordDone(input: ActionInput, type: string, result: ActionResult): Promise<void> {
  await input.ctx.db.query(
    `INSERT INTO workflow_action_effects (workspace_id, key, action, result) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, key) DO NOTHING`,
    [input.workspaceId, input.idempotencyKey, type, JSON.stringify(result)],
  );
}

/** The summary of an action: an i18n key in the workflows namespace and its values. */
export const summary = (type: string, values?: Record<string, string | number>): ActionResult['summary'] => ({ key: `workflows:actions.summary.${type}`, ...(values ? { values } : {}) });

/** A test run's answer: what would be done, marked dryRun. */
export const wouldDo = (s: ActionResult['summary'], output: Record<string, unknown> = {}): ActionResult => ({ summary: s, output: { ...output, dryRun: true } });
