import type { ChannelAccountRow } from '../../../core/channels/accounts.js';
import type { Db } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';

/** The workspace's connected accounts (optionally of one kind), by kind then age. */
export async function listChannelAccounts(db: Db, workspaceId: string, kind?: string) {
  return db.query<ChannelAccountRow>(
    `SELECT * FROM channel_accounts WHERE workspace_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY kind, created_at, id`,
    [workspaceId, kind ?? null],
  );
}

/** One account of the workspace; 404 channel_account.not_found otherwise. */
export async function getChannelAccount(db: Db, workspaceId: string, id: string) {
  const row = await db.maybeOne<ChannelAccountRow>('SELECT * FROM channel_accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!row) throw notFound('Channel account', 'channel_account.not_found');
  return row;
}
