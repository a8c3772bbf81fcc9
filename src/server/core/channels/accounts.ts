import type { AppContext } from '../context.js';
import type { Sql } from '../db/types.js';

/** A connected channel account with its credentials opened (server-side only; never presented). */
export interface ChannelAccount {
  id: string;
  workspaceId: string;
  kind: string;
  name: string;
  address: string;
  config: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the adapter sealed; unknown once email/imap/mailbox-poller.ts narrows imapPassword (channels/, outside this change)
  secrets: Record<string, any>;
  state: Record<string, unknown>;
  status: 'ok' | 'error' | 'disabled';
  statusMessage: string | null;
  enabled: boolean;
  createdAt: Date;
}

export interface ChannelAccountRow {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  address: string;
  config: Record<string, unknown>;
  secrets: string | null;
  state: Record<string, unknown>;
  status: 'ok' | 'error' | 'disabled';
  status_message: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export function openAccount(ctx: Pick<AppContext, 'secrets'>, row: ChannelAccountRow): ChannelAccount {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    config: row.config ?? {},
    secrets: row.secrets ? ctx.secrets.open(row.secrets) : {},
    state: row.state ?? {},
    status: row.status,
    statusMessage: row.status_message,
    enabled: row.enabled,
    createdAt: row.created_at,
  };
}

/** An account of the workspace by id (undefined when missing or another workspace's). */
export async function loadAccount(ctx: Pick<AppContext, 'secrets' | 'db'>, workspaceId: string, id: string, sql: Sql = ctx.db) {
  const row = await sql.maybeOne<ChannelAccountRow>('SELECT * FROM channel_accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  return row && openAccount(ctx, row);
}

/** The enabled account that owns an address on a channel (routes inbound traffic to its workspace). */
export async function findAccountByAddress(ctx: Pick<AppContext, 'secrets' | 'db'>, kind: string, address: string) {
  const row = await ctx.db.maybeOne<ChannelAccountRow>(
    'SELECT * FROM channel_accounts WHERE kind = $1 AND lower(address) = lower($2) AND enabled',
    [kind, address],
  );
  return row && openAccount(ctx, row);
}

/** Every enabled account of a kind, across workspaces (for listeners such as IMAP pollers). */
export async function listEnabledAccounts(ctx: Pick<AppContext, 'secrets' | 'db'>, kind: string) {
  const rows = await ctx.db.query<ChannelAccountRow>('SELECT * FROM channel_accounts WHERE kind = $1 AND enabled ORDER BY created_at', [kind]);
  return rows.map((r) => openAccount(ctx, r));
}

/** Adapter bookkeeping (IMAP UIDVALIDITY/last UID …): merged into state, never touches settings. */
export async function saveAccountState(sql: Sql, accountId: string, patch: Record<string, unknown>) {
  await sql.query(`UPDATE channel_accounts SET state = state || $2::jsonb WHERE id = $1`, [accountId, JSON.stringify(patch)]);
}

/** Shows a connection problem (or its end) on the settings page. */
export async function setAccountStatus(sql: Sql, accountId: string, status: 'ok' | 'error', message: string | null) {
  await sql.query(`UPDATE channel_accounts SET status = $2, status_message = $3 WHERE id = $1 AND status <> 'disabled'`, [accountId, status, message]);
}
