import type { AppContext } from '../../../core/context.js';
import { PermanentDeliveryError } from '../../../core/channels/delivery-failure.js';
import type { OutboundRequest, SendResult } from '../../../core/channels/types.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { SurveyMeta } from '../../surveys/index.js';
import type { DeliveryFailure } from '../../../../shared/channels.js';
import { isDemoAccount } from './can-send.js';
import { withZaloToken } from './errors.js';
import { zaloRequest, zaloUrl } from './outbound-http.js';
import { ZALO_FREE_REPLIES, zaloReplyWindow, type ZaloReplyWindow } from './reply-window.js';
import { zaloSurveyMessage, type ZaloButton } from './survey.js';
import { zaloAccessToken } from './tokens.js';
import { attachmentKind, gifSize, uploadToZalo, type ZaloUpload } from './upload.js';
import { purposeOf, znsTemplateFor } from './zns/config.js';
import { sendZnsTemplate, znsPhone, znsTemplateData, znsUnavailable, znsValues } from './zns/send-template.js';

/** Zalo's limit for a text message (message.text, tin Tư vấn). */
const TEXT_MAX = 2000;

/** One Zalo message of an agent's reply: Zalo takes one attachment per message, so a reply may be several. */
type Part = { text?: string; upload?: ZaloUpload; buttons?: ZaloButton[] };

/** What a sent Zalo reply keeps in `messages.meta.zalo`. */
interface ZaloSentMeta {
  via: 'cs' | 'zns';
  /** Zalo messages it took (each counts against the 8 free replies). */
  parts?: number;
  /** msg_ids of the parts sent so far, by part index: a retry after a partial failure sends only the rest. */
  sent?: (string | null)[];
  /** The user's message it answers (recipient.message_id), when known. */
  replyTo?: string;
  purpose?: string;
  templateId?: string;
  trackingId?: string;
  msgId?: string;
}

/**
 * Sends one agent message (or survey/notice) to a Zalo user.
 *
 * Inside Zalo's reply window (48 h since the user's last message, 8 free replies since) it goes through
 * POST {ZALO_API_BASE}/v3.0/oa/message/cs (header access_token) as a REPLY: `recipient.message_id` is
 * the user's last msg_id. Zalo's help centre counts a message sent without the user's message_id as
 * proactive (paid); the OA API documents "Gửi lệnh phản hồi người dùng — v3.0/oa/message/cs (dùng
 * message_id)": `{ "recipient": { "message_id": "…" }, "message": { "text": "…" } }`, up to 8 within
 * 48 h per incoming message, the message_id taken from the user_send_* webhook (as summarised in
 * public notes of the v3 docs; without a known msg_id we fall back to recipient.user_id).
 * Images go by upload/image → attachment_id (template "media"), files by upload/file → token.
 *
 * Outside the window, or with the free replies used up, only a message with a purpose (a survey, an
 * order notice, a reminder: message meta) can go, by the ZNS template mapped for it; anything else is
 * refused before calling Zalo, with the reason. A demo account never sends.
 */
export async function sendZalo(ctx: AppContext, req: OutboundRequest): Promise<SendResult> {
  const account = req.account;
  if (!account) throw new PermanentDeliveryError('no_account', 'This Zalo ticket has no Official Account to send from');
  if (isDemoAccount(account)) throw new PermanentDeliveryError('demo_account', 'Demo Zalo account: nothing is sent from the demo');
  if (!account.enabled) throw new PermanentDeliveryError('account_disabled', 'The Zalo account is switched off in settings');

  const previous = (req.message.meta.zalo ?? {}) as ZaloSentMeta;
  const parts = planParts(req);
  const sent = previous.via === 'cs' && previous.sent?.length === parts.length ? [...previous.sent] : parts.map(() => null);
  const remaining = sent.filter((x) => x === null).length;
  const userId = req.customer.identities.find((i) => i.kind === 'zalo')?.value;
  const window = await zaloReplyWindow(ctx.db, req.ticket.workspaceId, req.ticket.id, new Date(), req.message.id);
  const quotaLeft = window.open && window.repliesUsed + remaining <= ZALO_FREE_REPLIES;

  if (!userId || !quotaLeft) return sendOutsideWindow(ctx, req, account, window, userId);
  const recipient = window.lastInboundMsgId ? { message_id: window.lastInboundMsgId } : { user_id: userId };
  const meta = (): ZaloSentMeta => ({ via: 'cs', parts: parts.length, sent, ...(window.lastInboundMsgId ? { replyTo: window.lastInboundMsgId } : {}) });
  const token = (force: boolean) => zaloAccessToken(ctx, account, { forceRefresh: force });
  const apiBase = ctx.env.ZALO_API_BASE;

  for (let i = 0; i < parts.length; i++) {
    if (sent[i]) continue;
    const message = await withZaloToken(token, async (t) => zaloMessage(apiBase, t, parts[i]!));
    const data = await withZaloToken(token, (t) =>
      zaloRequest<{ message_id?: string | number; msg_id?: string | number }>('openapi', zaloUrl(apiBase, '/v3.0/oa/message/cs'), t, {
        method: 'POST',
        json: { recipient, message },
      }),
    );
    const id = data.message_id ?? data.msg_id;
    sent[i] = id === undefined ? '' : String(id);
    // Kept at once: if a later part fails, the retry does not send this one again.
    await ctx.db.query(`UPDATE messages SET meta = meta || jsonb_build_object('zalo', $3::jsonb) WHERE workspace_id = $1 AND id = $2`, [
      req.ticket.workspaceId,
      req.message.id,
      JSON.stringify(meta()),
    ]);
  }
  const ids = sent.filter((x): x is string => !!x);
  return { externalId: ids[ids.length - 1], status: 'sent', meta: { zalo: meta() }, threadKeys: ids };
}

/** The message body of one part (uploading its attachment first). */
async function zaloMessage(apiBase: string, token: string, p: Part): Promise<Record<string, unknown>> {
  if (p.buttons?.length) return { text: p.text ?? '', attachment: { type: 'template', payload: { buttons: p.buttons } } };
  if (!p.upload) return { text: p.text ?? '' };
  const kind = attachmentKind(p.upload);
  const ref = await uploadToZalo(apiBase, token, p.upload, kind);
  if (kind === 'file') return { attachment: { type: 'file', payload: { token: ref } } };
  const element = kind === 'gif' ? { media_type: 'gif', attachment_id: ref, ...gifSize(p.upload.data) } : { media_type: 'image', attachment_id: ref };
  return { ...(p.text ? { text: p.text } : {}), attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } } };
}

/**
 * The Zalo messages of a reply: a survey as its text with buttons; else the text (in 2,000-character
 * pieces), its last piece riding on the first image when there is one, then one message per other
 * attachment. Attachments Zalo cannot take are refused here, before anything is sent.
 */
export function planParts(req: Pick<OutboundRequest, 'message'>): Part[] {
  const survey = req.message.meta.survey as SurveyMeta | undefined;
  if (survey?.url) {
    const m = zaloSurveyMessage(survey);
    return [{ text: m.text.slice(0, TEXT_MAX), ...(m.buttons.length ? { buttons: m.buttons } : {}) }];
  }
  const uploads = req.message.attachments;
  for (const a of uploads) attachmentKind(a);
  const chunks = chunkText(req.message.body.trim());
  const parts: Part[] = [];
  // The text rides on the first image (a media message takes a text; a file message does not).
  const image = uploads.findIndex((u) => attachmentKind(u) !== 'file');
  const carried = image >= 0 && chunks.length > 0 ? chunks.pop() : undefined;
  for (const c of chunks) parts.push({ text: c });
  if (carried !== undefined) parts.push({ text: carried, upload: uploads[image]! });
  uploads.forEach((u, i) => {
    if (!(carried !== undefined && i === image)) parts.push({ upload: u });
  });
  if (parts.length === 0) throw new PermanentDeliveryError('recipient_rejected', 'An empty message cannot be sent on Zalo');
  return parts;
}

function chunkText(text: string): string[] {
  const out: string[] = [];
  for (let rest = text; rest.length > 0; ) {
    if (rest.length <= TEXT_MAX) {
      out.push(rest);
      break;
    }
    const cut = rest.lastIndexOf('\n', TEXT_MAX) > TEXT_MAX / 2 ? rest.lastIndexOf('\n', TEXT_MAX) : TEXT_MAX;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  return out;
}

/**
 * Outside the free window: a message with a purpose goes by its mapped ZNS template to the customer's
 * phone; anything else is refused with why (window closed, replies used up, no Zalo user) and what
 * would let it through. Never a paid proactive OA message.
 */
async function sendOutsideWindow(ctx: AppContext, req: OutboundRequest, account: ChannelAccount, w: ZaloReplyWindow, userId: string | undefined): Promise<SendResult> {
  const purpose = purposeOf(req.message.meta);
  const mapping = purpose ? znsTemplateFor(account.config, purpose) : undefined;
  const phone = znsPhone(req.customer.identities);
  const why = znsUnavailable(purpose, mapping, phone);
  if (why || !mapping || !phone) {
    let failure: DeliveryFailure;
    let detail: string;
    if (!userId) {
      failure = purpose && !mapping ? 'account_not_configured' : 'no_recipient';
      detail = 'The customer has no Zalo user id (they never wrote to the OA)';
    } else if (w.lastInboundAt && w.endsAt && w.endsAt.getTime() > Date.now()) {
      failure = 'reply_quota_used';
      detail = `The ${ZALO_FREE_REPLIES} free Zalo replies since the customer's last message are used up (${w.repliesUsed} sent)`;
    } else {
      failure = 'window_closed';
      detail = w.lastInboundAt ? `Zalo's 48-hour reply window ended ${w.endsAt!.toISOString()}` : 'The customer has not written on Zalo in this conversation';
    }
    throw new PermanentDeliveryError(failure, `${detail}; it cannot go by ZNS either: ${why}`);
  }
  const trackingId = req.message.id;
  const result = await withZaloToken(
    (force) => zaloAccessToken(ctx, account, { forceRefresh: force }),
    (t) => sendZnsTemplate(ctx.env.ZALO_ZNS_BASE, t, { phone, templateId: mapping.templateId, templateData: znsTemplateData(mapping, znsValues(req, (account.config.oaName as string | undefined) ?? account.name)), trackingId }),
  );
  const meta: ZaloSentMeta = { via: 'zns', purpose, templateId: mapping.templateId, trackingId, msgId: result.msgId };
  return { externalId: result.msgId, status: 'sent', meta: { zalo: meta }, threadKeys: [result.msgId] };
}
