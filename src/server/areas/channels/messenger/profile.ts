import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { AppContext } from '../../../core/context.js';
import { fetchProfile } from './graph.js';

interface ProfileRow {
  first_name: string | null;
  last_name: string | null;
  profile_pic: string | null;
  fetched_at: Date | null;
  attempted_at: Date;
}

const RETRY_AFTER_MS = 3_600_000;

/** "Nguyễn Văn An": Vietnamese order would put the family name first, but Facebook's first/last split is what we have. */
const fullName = (p: Pick<ProfileRow, 'first_name' | 'last_name'>) => [p.first_name, p.last_name].filter(Boolean).join(' ').trim() || undefined;

/**
 * The person's name as this Page sees it, fetched once per PSID (GET /{PSID}?fields=first_name,last_name,
 * profile_pic) and kept in messenger_profiles with the picture. A failed fetch (no permission, Facebook
 * down) never stops the message: it is tried again with a later message, at most once an hour.
 */
export async function profileName(ctx: AppContext, account: ChannelAccount, pageId: string, psid: string): Promise<string | undefined> {
  const ws = account.workspaceId;
  const known = await ctx.db.maybeOne<ProfileRow>('SELECT * FROM messenger_profiles WHERE workspace_id = $1 AND page_id = $2 AND psid = $3', [ws, pageId, psid]);
  if (known?.fetched_at) return fullName(known);
  if (known && Date.now() - new Date(known.attempted_at).getTime() < RETRY_AFTER_MS) return undefined;
  const token = String(account.secrets.pageAccessToken ?? '');
  if (!token) return undefined;
  try {
    const p = await fetchProfile(ctx, token, psid);
    await ctx.db.query(
      `INSERT INTO messenger_profiles (workspace_id, page_id, psid, first_name, last_name, profile_pic, fetched_at, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now())
       ON CONFLICT (workspace_id, page_id, psid) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
         profile_pic = EXCLUDED.profile_pic, fetched_at = now(), attempted_at = now()`,
      [ws, pageId, psid, p.first_name ?? null, p.last_name ?? null, p.profile_pic ?? null],
    );
    return fullName({ first_name: p.first_name ?? null, last_name: p.last_name ?? null });
  } catch (err) {
    console.warn(`messenger: profile of a PSID not fetched (${(err as Error).message})`);
    await ctx.db.query(
      `INSERT INTO messenger_profiles (workspace_id, page_id, psid, attempted_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id, page_id, psid) DO UPDATE SET attempted_at = now()`,
      [ws, pageId, psid],
    );
    return undefined;
  }
}

/** Links the profile row to the customer the message landed on (the 360 can show the picture). */
export async function linkProfile(ctx: AppContext, ws: string, pageId: string, psid: string, customerId: string) {
  await ctx.db.query('UPDATE messenger_profiles SET customer_id = $4 WHERE workspace_id = $1 AND page_id = $2 AND psid = $3 AND customer_id IS DISTINCT FROM $4', [ws, pageId, psid, customerId]);
}
