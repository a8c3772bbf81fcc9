import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { openAccount, type ChannelAccount, type ChannelAccountRow } from '../../../core/channels/accounts.js';
import { findSentMessage, setDeliveryStatus } from '../../../core/channels/outbox.js';
import type { NewAttachment } from '../../../core/channels/types.js';
import { appendEvent } from '../../../core/events/append.js';
import { appendJob } from '../../../core/jobs/append.js';
import { defineJob, type JobAttempt } from '../../../core/jobs/define.js';
import { resolveCustomer } from '../../customers/index.js';
import { ingestInbound } from '../../tickets/index.js';
import { AttachmentUnavailable, downloadZaloAttachment } from './inbound-attachments.js';
import { eventTime, sendInFlight, type ZaloEvent } from './inbound-event.js';
import { recordEcho } from './inbound-echo.js';
import { PROFILE_JOB } from './profile.js';
import { recordZaloSurveyReply } from './survey.js';
import { patchZaloAttributes } from './profile-attributes.js';
import { parseJsonKeepingIds } from './webhook-parse.js';
import { WEBHOOK_JOB } from './webhook.routes.js';

/** What the webhook route committed: the account and the raw, verified body. */
const WebhookJobSchema = z.object({ accountId: z.string(), body: z.string(), receivedAt: z.string().optional() });

const USER_MESSAGE = /^(user_send_(text|image|gif|link|audio|video|sticker|location|file|business_card)|anonymous_send_(text|image|file|sticker))$/;

async function loadById(ctx: AppContext, id: string): Promise<ChannelAccount | undefined> {
  const row = await ctx.db.maybeOne<ChannelAccountRow>(`SELECT * FROM channel_accounts WHERE id = $1 AND kind = 'zalo' AND enabled`, [id]);
  return row && openAccount(ctx, row);
}

/**
 * Processes one accepted webhook delivery. Every branch is idempotent: messages on msg_id (the inbound
 * door's external id), receipts move delivery forward only, consent keeps the latest by Zalo's
 * timestamp, shared phones add an identity once — so Zalo's redeliveries and out-of-order events
 * change nothing.
 */
export async function processZaloEvent(ctx: AppContext, account: ChannelAccount, e: ZaloEvent, attempt?: JobAttempt) {
  const name = e.event_name ?? '';
  if (USER_MESSAGE.test(name)) return userMessage(ctx, account, e, attempt);
  if (name === 'follow' || name === 'unfollow') return consent(ctx, account, e);
  if (name === 'user_submit_info') return submitInfo(ctx, account, e);
  if (name === 'user_received_message' || name === 'user_seen_message') return receipt(ctx, account, e, attempt);
  if (name.startsWith('oa_send_')) return recordEcho(ctx, account, e, attempt);
  // Other events (user_reacted_message, shop events …) are not used yet: accepted and ignored.
}

/** The conversation's user: the sender of user_* events (anonymous ones get an "anon:" id of their own). */
function userOf(e: ZaloEvent) {
  const id = e.sender?.id ?? '';
  return e.event_name?.startsWith('anonymous_') ? `anon:${id}` : id;
}

async function userMessage(ctx: AppContext, account: ChannelAccount, e: ZaloEvent, attempt?: JobAttempt) {
  const msgId = e.message?.msg_id;
  const userId = userOf(e);
  if (!msgId || !e.sender?.id) return;
  const ws = account.workspaceId;
  // Known already (a redelivery): nothing to download.
  const known = await ctx.db.maybeOne('SELECT 1 FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3', [ws, 'zalo', msgId]);
  if (known) return;
  const text = (e.message?.text ?? '').trim();
  const lines: string[] = text ? [text] : [];
  const attachments: NewAttachment[] = [];
  const meta: Record<string, unknown> = {
    zalo: {
      event: e.event_name,
      userId,
      ...(e.message?.quote_msg_id ? { quoteMsgId: e.message.quote_msg_id } : {}),
      // Anonymous chats are answered by anonymous_id + conversation_id, not a user_id (Zalo's docs).
      ...(userId.startsWith('anon:') ? { anonymousId: e.sender.id, conversationId: e.message?.conversation_id ?? null } : {}),
    },
  };
  for (const [i, a] of (e.message?.attachments ?? []).entries()) {
    const p = a.payload ?? {};
    if (a.type === 'location' && p.coordinates) {
      const lat = String(p.coordinates.latitude ?? '');
      const lng = String(p.coordinates.longitude ?? '');
      meta.location = { latitude: lat, longitude: lng };
      lines.push(`📍 ${lat}, ${lng} — https://maps.google.com/?q=${encodeURIComponent(`${lat},${lng}`)}`);
      continue;
    }
    if (a.type === 'link') {
      if (p.url && !text.includes(p.url)) lines.push([p.title, p.url].filter(Boolean).join(' — '));
      continue;
    }
    if (!p.url) continue;
    try {
      attachments.push(await downloadZaloAttachment(a, msgId, i));
    } catch (err) {
      // A retry may fix a network error: leave it to the job, except on its last attempt.
      if (!(err instanceof AttachmentUnavailable) && attempt && !attempt.lastAttempt) throw err;
      lines.push(`${p.name ?? a.type ?? 'tệp'}: ${p.url}`);
    }
  }
  const body = lines.join('\n') || (attachments.length > 0 ? '' : `[${e.event_name}]`);
  const res = await ingestInbound(
    ctx.db,
    {
      channel: 'zalo',
      externalId: msgId,
      from: { kind: 'zalo', value: userId },
      body,
      contentType: 'text',
      attachments,
      sentAt: eventTime(e),
      channelAccountId: account.id,
      meta,
    },
    { kind: 'system', workspaceId: ws },
  );
  if (!res.duplicate && !userId.startsWith('anon:')) await requestProfile(ctx, account, res.customerId, userId);
  // A survey's answer typed or tapped (oa.query.show buttons arrive as user_send_text): recorded like the web chat's.
  if (!res.duplicate && text) await recordZaloSurveyReply(ctx, { workspaceId: ws, customerId: res.customerId, messageId: res.messageId, text });
}

/**
 * Asks for the user's Zalo profile once per customer (profile.ts; the job checks again). The request
 * is marked on the customer (attributes.zalo.profileRequestedAt) with the job in one transaction, so
 * the user's next messages cost one read, not another job.
 */
async function requestProfile(ctx: AppContext, account: ChannelAccount, customerId: string, userId: string) {
  const done = await ctx.db.maybeOne<{ fetched: string | null; asked: string | null }>(
    `SELECT attributes->'zalo'->>'profileFetchedAt' AS fetched, attributes->'zalo'->>'profileRequestedAt' AS asked FROM customers WHERE workspace_id = $1 AND id = $2`,
    [account.workspaceId, customerId],
  );
  // A request whose job gave up (Zalo down for hours) is asked again a day later.
  if (!done || done.fetched || (done.asked && Date.now() - new Date(done.asked).getTime() < 86400_000)) return;
  await ctx.db.tx(async (tx) => {
    await patchZaloAttributes(tx, account.workspaceId, customerId, { userId, profileRequestedAt: new Date().toISOString() });
    appendJob(tx, PROFILE_JOB, { accountId: account.id, customerId, userId }, { singletonKey: `zalo-profile:${account.workspaceId}:${userId}` });
  });
}

/**
 * follow/unfollow (follower.id): the user's consent to the OA's messages. Kept on the customer as
 * attributes.zalo.follower with the event's time; an older event than the one stored changes nothing
 * (out-of-order deliveries). A zalo.consent_changed event tells the rest (360, metrics).
 */
async function consent(ctx: AppContext, account: ChannelAccount, e: ZaloEvent) {
  const userId = e.follower?.id ?? e.sender?.id;
  if (!userId) return;
  const ws = account.workspaceId;
  const at = eventTime(e);
  const state = e.event_name === 'follow' ? 'follow' : 'unfollow';
  await ctx.db.tx(async (tx) => {
    const { customer } = await resolveCustomer(tx, { workspaceId: ws, identities: [{ kind: 'zalo', value: userId }], actor: { kind: 'system', workspaceId: ws } });
    const row = await tx.one<{ at: string | null }>(`SELECT attributes->'zalo'->>'followChangedAt' AS at FROM customers WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, customer.id]);
    if (row.at && new Date(row.at).getTime() >= at.getTime()) return;
    await patchZaloAttributes(tx, ws, customer.id, { userId, follower: state === 'follow', followChangedAt: at.toISOString() });
    await appendEvent(tx, {
      workspaceId: ws,
      type: 'zalo.consent_changed',
      subjectType: 'customer',
      subjectId: customer.id,
      actor: { kind: 'system', workspaceId: ws },
      data: { zaloUserId: userId, accountId: account.id, state, at: at.toISOString() },
    });
  });
}

/**
 * user_submit_info: the user shared their details with the OA (Zalo's own form, so the phone is the
 * one on their Zalo account — a verified identity, customers' resolveCustomer may link by it). The
 * phone joins the Zalo user's profile; when another profile already has that phone they are one
 * person and resolveCustomer merges them into the oldest (PRODUCT §1). Name and address fill empty fields.
 */
async function submitInfo(ctx: AppContext, account: ChannelAccount, e: ZaloEvent) {
  const userId = e.sender?.id;
  if (!userId) return;
  const ws = account.workspaceId;
  const info = e.info ?? {};
  const identities: { kind: string; value: string }[] = [{ kind: 'zalo', value: userId }];
  const phone = info.phone ? String(info.phone) : '';
  const actor = { kind: 'system' as const, workspaceId: ws };
  await ctx.db.tx(async (tx) => {
    let customer;
    try {
      customer = (await resolveCustomer(tx, { workspaceId: ws, identities: phone ? [...identities, { kind: 'phone', value: phone }] : identities, name: info.name, actor })).customer;
    } catch {
      // An unreadable phone: keep the Zalo user alone rather than lose the shared name.
      customer = (await resolveCustomer(tx, { workspaceId: ws, identities, name: info.name, actor })).customer;
    }
    const address = [info.address, info.ward, info.district, info.city].filter(Boolean).join(', ');
    await patchZaloAttributes(tx, ws, customer.id, { userId, sharedInfoAt: eventTime(e).toISOString(), ...(address ? { sharedAddress: address } : {}) });
    if (address) {
      const r = await tx.query(`UPDATE customers SET address = $3 WHERE workspace_id = $1 AND id = $2 AND coalesce(address, '') = '' RETURNING id`, [ws, customer.id, address]);
      if (r.length > 0) await appendEvent(tx, { workspaceId: ws, type: 'customer.updated', subjectType: 'customer', subjectId: customer.id, actor, data: { fields: ['address'], filledFrom: 'identities' } });
    }
  });
}

/**
 * user_received_message (message.msg_id) / user_seen_message (message.msg_ids[]): delivery and seen
 * state of our messages, found by their Zalo msg_id (the send's external id). Never backwards
 * (setDeliveryStatus). A receipt for a message whose send has not stored its id yet (Zalo can be that
 * fast) is retried while a Zalo send of this account is still in flight.
 */
async function receipt(ctx: AppContext, account: ChannelAccount, e: ZaloEvent, attempt?: JobAttempt) {
  const ids = [...(e.message?.msg_ids ?? []), ...(e.message?.msg_id ? [e.message.msg_id] : [])].map(String);
  const status = e.event_name === 'user_seen_message' ? 'seen' : 'delivered';
  const ws = account.workspaceId;
  let missing = 0;
  for (const id of new Set(ids)) {
    const messageId = await findSentMessage(ctx.db, { workspaceId: ws, channel: 'zalo', ids: [id] });
    if (!messageId) {
      missing++;
      continue;
    }
    await setDeliveryStatus(ctx.db, { workspaceId: ws, messageId }, status);
  }
  if (missing > 0 && attempt && !attempt.lastAttempt && (await sendInFlight(ctx, account))) {
    throw new Error(`zalo: ${missing} receipt(s) for messages not known yet; a send is in flight, retrying`);
  }
}

/** The job behind the webhook: one verified delivery (raw body) per job, retried on transient errors. */
export const webhookEventJob = defineJob({
  name: WEBHOOK_JOB,
  schema: WebhookJobSchema,
  retryLimit: 4,
  retryDelay: 3,
  retryBackoff: true,
  concurrency: 2,
  async handle(ctx, data, attempt) {
    const account = await loadById(ctx, data.accountId);
    if (!account) return; // removed or disabled since: nothing to file it into
    const event = parseJsonKeepingIds(data.body) as ZaloEvent;
    await processZaloEvent(ctx, account, event, attempt);
  },
});
