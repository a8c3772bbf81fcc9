import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { openAccount, type ChannelAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import { appendEvent } from '../../../core/events/append.js';
import { defineJob } from '../../../core/jobs/define.js';
import { followMerged, resolveCustomer } from '../../customers/index.js';
import { zaloAccessToken } from './tokens.js';
import { parseJsonKeepingIds } from './webhook-parse.js';
import { patchZaloAttributes } from './profile-attributes.js';

export const PROFILE_JOB = 'zalo.fetch-profile';

/** GET /v3.0/oa/user/detail's data, as documented (ids strings; shared_info only when the user shared it). */
interface ZaloUserDetail {
  user_id?: string;
  display_name?: string;
  avatar?: string;
  avatars?: Record<string, string>;
  user_is_follower?: boolean;
  shared_info?: { name?: string; phone?: string | number; address?: string; city?: string; district?: string };
}

/** Zalo's error for an access token it no longer accepts (refresh and try once more). */
const INVALID_TOKEN = -216;

/**
 * GET {ZALO_API_BASE}/v3.0/oa/user/detail?data={"user_id":"…"} with header access_token (OpenAPI v3,
 * "Lấy thông tin chi tiết người dùng"). Answers {error: 0, data} or {error: <negative>, message}.
 */
export async function fetchZaloUser(ctx: AppContext, account: ChannelAccount, userId: string): Promise<{ ok: true; data: ZaloUserDetail } | { ok: false; code: number; message: string }> {
  // The id goes in as a JSON string (never a number: it exceeds 2^53).
  const url = `${ctx.env.ZALO_API_BASE}/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: userId }))}`;
  let token = await zaloAccessToken(ctx, account);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { headers: { access_token: token }, signal: AbortSignal.timeout(15_000) });
    if (res.status >= 500) throw new Error(`Zalo user detail: HTTP ${res.status}`);
    const json = parseJsonKeepingIds(await res.text()) as { error?: number | string; message?: string; data?: ZaloUserDetail };
    const code = Number(json.error ?? 0);
    if (code === 0 && json.data) return { ok: true, data: json.data };
    if (code === INVALID_TOKEN && attempt === 0) {
      token = await zaloAccessToken(ctx, { ...account, secrets: { ...account.secrets, accessToken: token } }, { forceRefresh: true });
      continue;
    }
    return { ok: false, code, message: String(json.message ?? 'error') };
  }
}

/**
 * Fills a Zalo customer's profile once: display name (when the profile has none), avatar and follower
 * state in attributes.zalo, and a shared phone as a phone identity (linking to an existing customer
 * with that phone, as user_submit_info does). Marked attributes.zalo.profileFetchedAt, so it runs once
 * per customer; a user Zalo will not describe (-213: not a follower, or an unknown id) is marked too.
 */
export const fetchProfileJob = defineJob({
  name: PROFILE_JOB,
  schema: z.object({ accountId: z.string(), customerId: z.string(), userId: z.string() }),
  retryLimit: 3,
  retryDelay: 30,
  async handle(ctx, data) {
    const row = await ctx.db.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE id = $1 AND kind = 'zalo' AND enabled`, [data.accountId]);
    if (!row) return;
    const account = openAccount(ctx, row);
    const ws = account.workspaceId;
    const live = await followMerged(ctx.db, ws, data.customerId);
    if (!live) return;
    const already = await ctx.db.maybeOne<{ at: string | null }>(`SELECT attributes->'zalo'->>'profileFetchedAt' AS at FROM customers WHERE workspace_id = $1 AND id = $2`, [ws, live.id]);
    if (already?.at) return;
    const r = await fetchZaloUser(ctx, account, data.userId);
    const actor = { kind: 'system' as const, workspaceId: ws };
    await ctx.db.tx(async (tx) => {
      const now = new Date().toISOString();
      let customerId = live.id;
      if (!r.ok) {
        await patchZaloAttributes(tx, ws, customerId, { userId: data.userId, profileFetchedAt: now, profileError: r.code });
        return;
      }
      const d = r.data;
      const phone = d.shared_info?.phone !== undefined && d.shared_info.phone !== null ? String(d.shared_info.phone) : '';
      if (phone) {
        try {
          customerId = (await resolveCustomer(tx, { workspaceId: ws, identities: [{ kind: 'zalo', value: data.userId }, { kind: 'phone', value: phone }], actor })).customer.id;
        } catch {
          // An unreadable phone: the rest of the profile still counts.
        }
      }
      const avatar = d.avatars?.['240'] ?? d.avatar ?? '';
      const current = await tx.one<{ follow_at: string | null }>(`SELECT attributes->'zalo'->>'followChangedAt' AS follow_at FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, customerId]);
      await patchZaloAttributes(tx, ws, customerId, {
        userId: data.userId,
        displayName: d.display_name ?? '',
        ...(avatar ? { avatar } : {}),
        // follow/unfollow events are newer facts than a profile read: they win when present.
        ...(current.follow_at ? {} : { follower: d.user_is_follower ?? null }),
        profileFetchedAt: now,
      });
      const fields = ['attributes'];
      if (d.display_name) {
        const named = await tx.query(`UPDATE customers SET name = $3 WHERE workspace_id = $1 AND id = $2 AND coalesce(name, '') = '' RETURNING id`, [ws, customerId, d.display_name.slice(0, 200)]);
        if (named.length > 0) fields.push('name');
      }
      await appendEvent(tx, { workspaceId: ws, type: 'customer.updated', subjectType: 'customer', subjectId: customerId, actor, data: { fields } });
    });
  },
});
