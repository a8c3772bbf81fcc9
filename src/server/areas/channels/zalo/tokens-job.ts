import { listEnabledAccounts } from '../../../core/channels/accounts.js';
import { defineJob } from '../../../core/jobs/define.js';
import { z } from 'zod';
import { refreshDue, refreshZaloTokens } from './tokens.js';

export const REFRESH_JOB = 'zalo.refresh-tokens';
/** The sweep renews tokens this long before they expire: several sweeps (and their retries) fit in it. */
export const REFRESH_AHEAD_MS = 3 * 3600_000;

/**
 * Renews every Zalo OA's token pair well before the access token's 25 h run out, so sends rarely meet
 * an expired token and the 3-month refresh token keeps rolling. Durable by being a cron job (a missed
 * sweep is done by the next); one account's failure does not stop the others (it is shown on that
 * account: tokens.ts marks it). Accounts already marked 'reconnect_needed' are skipped.
 */
export const refreshTokensJob = defineJob({
  name: REFRESH_JOB,
  schema: z.object({ accountId: z.string().optional() }).passthrough(),
  cron: '*/15 * * * *',
  retryLimit: 0,
  async handle(ctx, data) {
    const accounts = (await listEnabledAccounts(ctx, 'zalo')).filter((a) => !data.accountId || a.id === data.accountId);
    for (const a of accounts) {
      if (!refreshDue(a, REFRESH_AHEAD_MS)) continue;
      try {
        await refreshZaloTokens(ctx, a.id);
      } catch (err) {
        // Shown on the account (status) when it is final; a network error is retried by the next sweep.
        console.warn(`zalo: refreshing the tokens of account ${a.id} failed: ${(err as Error).message}`);
      }
    }
  },
});
