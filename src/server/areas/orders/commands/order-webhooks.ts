import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import type { Sql } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/lib/ids.js';
import type { OrderWebhook } from '../../../../shared/orders.js';

export interface OrderSourceRow {
  id: string;
  workspace_id: string;
  kind: 'kiotviet' | 'haravan' | 'webhook';
  name: string;
  key: string;
  secrets: string | null;
  enabled: boolean;
  last_received_at: Date | null;
  created_at: Date;
}

export function presentOrderWebhook(r: OrderSourceRow): OrderWebhook {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    enabled: r.enabled,
    path: `/api/hooks/orders/${r.kind}/${r.key}`,
    hasSecret: !!r.secrets,
    lastReceivedAt: r.last_received_at ? new Date(r.last_received_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export const listOrderWebhooks = (sql: Sql, workspaceId: string) =>
  sql.query<OrderSourceRow>('SELECT * FROM order_sources WHERE workspace_id = $1 ORDER BY created_at', [workspaceId]);

/** Connects a platform: an unguessable URL key and the signing secret, sealed (a generated one is returned once). */
export async function createOrderWebhook(
  ctx: AppContext,
  workspaceId: string,
  input: { kind: OrderSourceRow['kind']; name?: string; signingSecret?: string; enabled?: boolean },
): Promise<{ row: OrderSourceRow; generatedSecret: string | null }> {
  const name = input.name ?? input.kind;
  const generatedSecret = input.signingSecret ? null : crypto.randomBytes(24).toString('base64url');
  const secret = input.signingSecret ?? generatedSecret!;
  const key = crypto.randomBytes(18).toString('base64url');
  const row = await ctx.db.maybeOne<OrderSourceRow>(
    `INSERT INTO order_sources (id, workspace_id, kind, name, key, secrets, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (workspace_id, name) DO NOTHING RETURNING *`,
    [newId(), workspaceId, input.kind, name, key, ctx.secrets.seal({ signingSecret: secret }), input.enabled ?? true],
  );
  if (!row) throw conflict('order_webhook.name_taken', `A webhook named "${name}" exists already: give this one another name`);
  return { row, generatedSecret };
}

export async function updateOrderWebhook(ctx: AppContext, workspaceId: string, id: string, patch: { enabled?: boolean; signingSecret?: string }): Promise<OrderSourceRow> {
  const row = await ctx.db.maybeOne<OrderSourceRow>(
    `UPDATE order_sources SET enabled = coalesce($3, enabled), secrets = coalesce($4, secrets), updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING *`,
    [workspaceId, id, patch.enabled ?? null, patch.signingSecret ? ctx.secrets.seal({ signingSecret: patch.signingSecret }) : null],
  );
  if (!row) throw notFound('order_webhook');
  return row;
}

export async function deleteOrderWebhook(ctx: AppContext, workspaceId: string, id: string): Promise<void> {
  const rows = await ctx.db.query('DELETE FROM order_sources WHERE workspace_id = $1 AND id = $2 RETURNING id', [workspaceId, id]);
  if (rows.length === 0) throw notFound('order_webhook');
}

/** The enabled source behind a webhook URL, with its secret opened; undefined when none. */
export async function findOrderSource(ctx: AppContext, kind: string, key: string): Promise<(OrderSourceRow & { signingSecret: string }) | undefined> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(key)) return undefined;
  const row = await ctx.db.maybeOne<OrderSourceRow>('SELECT * FROM order_sources WHERE key = $1 AND kind = $2 AND enabled', [key, kind]);
  if (!row) return undefined;
  const opened = row.secrets ? ctx.secrets.open(row.secrets) : {};
  return { ...row, signingSecret: String(opened.signingSecret ?? '') };
}

export const markReceived = (sql: Sql, id: string) => sql.query('UPDATE order_sources SET last_received_at = now() WHERE id = $1', [id]);
