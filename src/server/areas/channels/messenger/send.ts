import { setAccountStatus } from '../../../core/channels/accounts.js';
import { PermanentDeliveryError } from '../../../core/channels/delivery-failure.js';
import type { OutboundRequest, SendResult } from '../../../core/channels/types.js';
import type { AppContext } from '../../../core/context.js';
import type { SurveyMeta } from '../../surveys/index.js';
import { messengerConfig } from './account.js';
import { OUR_METADATA_PREFIX } from './echo.js';
import { attachmentType, sendApi, uploadAttachment } from './graph.js';
import { deliveryErrorOf } from './send-errors.js';
import { surveyMessage } from './survey-replies.js';
import { windowDecision } from './window.js';

/** The Send API takes at most 2,000 characters of text per message. */
const MAX_TEXT = 2000;

/** Splits a long reply at line or word ends into messages of at most 2,000 characters. */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** The PSID the conversation is with on this Page: the latest customer message's, else the customer's only Messenger id. */
export function recipientOf(req: OutboundRequest, pageId: string): string | undefined {
  for (const m of [...req.thread].reverse()) {
    const mm = m.meta.messenger as { psid?: unknown; pageId?: unknown } | undefined;
    if (m.direction === 'inbound' && typeof mm?.psid === 'string' && (mm.pageId === undefined || mm.pageId === pageId)) return mm.psid;
  }
  const ids = req.customer.identities.filter((i) => i.kind === 'messenger');
  return ids.length === 1 ? ids[0].value : undefined;
}

/** When the customer last wrote in this conversation (the window counts from it; automatic answers excepted). */
async function lastCustomerMessageAt(ctx: AppContext, workspaceId: string, ticketId: string): Promise<Date | null> {
  const r = await ctx.db.maybeOne<{ at: Date | null }>(
    `SELECT max(created_at) AS at FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' AND NOT coalesce(meta ? 'auto', false)`,
    [workspaceId, ticketId],
  );
  return r?.at ? new Date(r.at) : null;
}

/**
 * Sends an agent's reply (or a survey) to the customer's PSID: text first (split at 2,000 characters;
 * a survey as one message with quick replies), then each file uploaded and sent by attachment_id. The
 * window is decided here again at send time (the job may run after it closed): RESPONSE within 24 h,
 * MESSAGE_TAG + HUMAN_AGENT up to 7 days when the account has that permission, else refused before
 * calling Facebook. Every message carries our metadata so its echo is recognised. A demo account sends
 * nothing. Failures map to stable codes (send-errors.ts); an invalid token also marks the account.
 * At-least-once: a failure after some parts went out resends those parts on retry.
 */
export async function sendMessenger(ctx: AppContext, req: OutboundRequest): Promise<SendResult> {
  const account = req.account;
  if (!account) throw new PermanentDeliveryError('no_account', 'This conversation has no Messenger Page');
  const config = messengerConfig(account.config);
  if (config.demo) throw new PermanentDeliveryError('demo_account', 'demo: not sent (a demo Messenger Page)');
  if (!account.enabled) throw new PermanentDeliveryError('account_disabled', 'The Messenger Page is switched off in settings');
  const token = String(account.secrets.pageAccessToken ?? '');
  if (!token) throw new PermanentDeliveryError('account_not_configured', 'The Messenger Page has no access token');
  const psid = recipientOf(req, config.pageId);
  if (!psid) throw new PermanentDeliveryError('no_recipient', 'The customer has no Messenger id on this Page');

  const window = windowDecision(await lastCustomerMessageAt(ctx, req.ticket.workspaceId, req.ticket.id), config.humanAgentTag);
  if (!window.ok) throw new PermanentDeliveryError(window.reason, window.detail);
  const policy = window.messagingType === 'RESPONSE' ? { messaging_type: 'RESPONSE' } : { messaging_type: 'MESSAGE_TAG', tag: window.tag };
  const metadata = `${OUR_METADATA_PREFIX}${req.message.id}`;
  const survey = req.message.meta.survey as (SurveyMeta & { linkOnly?: boolean }) | undefined;

  const messages: Record<string, unknown>[] = [];
  if (survey && typeof survey.token === 'string' && !survey.linkOnly) messages.push(surveyMessage(survey));
  else for (const text of splitText(req.message.body)) messages.push({ text });
  const mids: string[] = [];
  // Before the first call: Facebook stamps the message after this, so a watermark covering it is later (receipts.ts).
  const startedAt = new Date();
  try {
    for (const message of messages) mids.push((await sendApi(ctx, token, config.pageId, { recipient: { id: psid }, ...policy, message: { ...message, metadata } })).message_id);
    for (const file of req.message.attachments) {
      const attachmentId = await uploadAttachment(ctx, token, config.pageId, file);
      const message = { attachment: { type: attachmentType(file.contentType), payload: { attachment_id: attachmentId } }, metadata };
      mids.push((await sendApi(ctx, token, config.pageId, { recipient: { id: psid }, ...policy, message })).message_id);
    }
  } catch (err) {
    const e = deliveryErrorOf(err);
    if (e.code === 'reconnect_needed') await setAccountStatus(ctx.db, account.id, 'error', 'Facebook refused the Page access token: connect the Page again (new token)');
    throw e;
  }
  if (mids.length === 0) throw new PermanentDeliveryError('recipient_rejected', 'Nothing to send: the reply has no text and no file');
  return {
    externalId: mids[0],
    status: 'sent',
    meta: { messenger: { psid, pageId: config.pageId, mids, sentAt: startedAt.toISOString(), messagingType: policy.messaging_type } },
    threadKeys: mids,
  };
}
