import { z } from 'zod';
import { listEnabledAccounts, loadAccount, type ChannelAccount } from '../../../core/channels/accounts.js';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { defineJob } from '../../../core/jobs/define.js';
import { messengerConfig } from './account.js';
import { receiveEcho } from './echo.js';
import { MessagingEventSchema, type WebhookEntry } from './events-schema.js';
import { receiveMessage } from './inbound.js';
import { receiveReceipt } from './receipts.js';

export const WEBHOOK_JOB = 'messenger.webhook';

/**
 * The Page an entry is about. One Facebook app posts every Page it serves to one callback URL, so an
 * entry may name another connected Page than the URL's account: any enabled Messenger account with that
 * Page id whose app secret is the one that signed this delivery (a signature by one app never feeds a
 * Page connected with another).
 */
async function accountsOfPage(ctx: AppContext, signer: ChannelAccount, pageId: string): Promise<ChannelAccount[]> {
  if (messengerConfig(signer.config).pageId === pageId) return [signer];
  const all = await listEnabledAccounts(ctx, 'messenger');
  return all.filter((a) => a.config.pageId === pageId && a.secrets.appSecret && a.secrets.appSecret === signer.secrets.appSecret);
}

/** One event, by what it carries. Unknown kinds (reactions, referrals, opt-ins) are ignored. */
async function handleEvent(ctx: AppContext, account: ChannelAccount, pageId: string, raw: unknown) {
  const parsed = MessagingEventSchema.safeParse(raw);
  if (!parsed.success) {
    console.warn(`messenger: an event of Page ${pageId} was skipped (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    return;
  }
  const ev = parsed.data;
  if (ev.message?.is_echo) return receiveEcho(ctx, account, pageId, ev);
  if (ev.message || ev.postback) return receiveMessage(ctx, account, pageId, ev);
  if (ev.delivery) return receiveReceipt(ctx, account, ev.sender.id, 'delivered', ev.delivery.watermark, ev.delivery.mids);
  if (ev.read) return receiveReceipt(ctx, account, ev.sender.id, 'seen', ev.read.watermark);
}

/**
 * Processes a delivery's entries in order. One event failing (the database busy, Facebook's CDN down)
 * does not hold back the others: every event is tried, then the first error fails the job, whose retry
 * redoes only what is missing (each event is idempotent, so the ones already filed change nothing).
 */
export async function processEntries(ctx: AppContext, signer: ChannelAccount, entries: WebhookEntry[]) {
  let failed: unknown;
  for (const entry of entries) {
    const accounts = await accountsOfPage(ctx, signer, entry.id);
    if (accounts.length === 0) continue;
    // Within one entry Facebook may batch out of order: oldest first keeps the thread in order.
    const events = [...(entry.messaging ?? [])].sort((a, b) => timeOf(a) - timeOf(b));
    for (const account of accounts) {
      for (const ev of events) {
        try {
          await handleEvent(ctx, account, entry.id, ev);
        } catch (err) {
          // Refused as data (a value our own rules do not take): retrying cannot help, so it is skipped.
          if (err instanceof AppError && err.status < 500) console.warn(`messenger: an event of Page ${entry.id} was skipped (${err.id})`);
          else failed ??= err;
        }
      }
    }
  }
  if (failed) throw failed;
}

const timeOf = (ev: unknown) => {
  const t = (ev as { timestamp?: unknown } | null)?.timestamp;
  return typeof t === 'number' ? t : 0;
};

/** The accepted webhook delivery, processed after the 200 (retried with backoff if anything fails). */
export const messengerWebhookJob = defineJob({
  name: WEBHOOK_JOB,
  schema: z.object({ workspaceId: z.string().uuid(), accountId: z.string().uuid(), entries: z.array(z.any()) }),
  retryLimit: 8,
  retryDelay: 5,
  retryBackoff: true,
  concurrency: 4,
  async handle(ctx, data) {
    const account = await loadAccount(ctx, data.workspaceId, data.accountId);
    if (!account || !account.enabled) return;
    await processEntries(ctx, account, data.entries as WebhookEntry[]);
  },
  async onGaveUp(_ctx, data, error) {
    console.error(`messenger: a webhook delivery for account ${data.accountId} could not be processed: ${error.message}`);
  },
});
