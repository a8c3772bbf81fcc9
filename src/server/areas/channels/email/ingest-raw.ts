import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import { ingestInbound, type InboundMessage } from '../../tickets/index.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { applyBounce } from './bounce.js';
import { classifyEmail } from './classify.js';
import { foldReply } from './fold.js';
import { formatAddress, parseEmail, type ParsedEmail } from './parse.js';

export interface IngestRawResult {
  /** ingested: a new message; duplicate: seen before (same Message-ID); ignored: auto-reply/loop; bounce: a delivery report. */
  status: 'ingested' | 'duplicate' | 'ignored' | 'bounce';
  ticketId?: string;
  messageId?: string;
  reason?: string;
}

/** How many thread keys of one mail we look up (References of a long thread grow without bound). */
const MAX_THREAD_KEYS = 50;
/** References kept with an inbound mail, so that our reply to it continues its chain (RFC 5322 §3.6.4). */
const MAX_REFERENCES_KEPT = 20;

/** Our own outbound Message-IDs (send.ts): one coming back in as a new mail is a loop. */
const OWN_MESSAGE_ID = /^<tt-[0-9a-f-]{36}@/i;

/** The ticket reference we put in subjects: "Re: Đơn hàng [#1024]". */
export function ticketNumberFromSubject(subject: string | undefined): number | undefined {
  const m = /\[#(\d{1,9})\]/.exec(subject ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Files one raw RFC 822 message received for a mailbox (from IMAP or the SMTP receiver): parse,
 * classify (auto-reply, bounce), thread, ingest. Idempotent on the Message-ID (or `fallbackId` when
 * the message has none, e.g. `imap:<uidvalidity>:<uid>`; else a hash of the raw bytes).
 */
export async function ingestRawEmail(
  ctx: AppContext,
  account: ChannelAccount,
  raw: Buffer,
  opts: { source: 'imap' | 'smtp'; fallbackId?: string } = { source: 'smtp' },
): Promise<IngestRawResult> {
  const mail = await parseEmail(raw);
  const cls = classifyEmail(mail, account.address);

  if (cls.kind === 'bounce') {
    const failedId = await applyBounce(ctx, account, cls.report);
    return { status: 'bounce', messageId: failedId, reason: cls.report.reason };
  }
  if (cls.kind === 'ignored') return { status: 'ignored', reason: cls.reason };
  if (!mail.from) return { status: 'ignored', reason: 'no sender address' };
  if (mail.from.address === account.address.toLowerCase()) return { status: 'ignored', reason: 'sent by this mailbox (loop)' };
  if (mail.messageId && OWN_MESSAGE_ID.test(mail.messageId)) return { status: 'ignored', reason: 'our own message came back (loop)' };

  const input = toInbound(account, mail, raw, opts.fallbackId);
  const actor = { kind: 'system' as const, workspaceId: account.workspaceId };
  if (cls.kind === 'auto_reply') {
    // "Away until Monday" shows in the conversation it answers while that is open; otherwise it is dropped.
    const recorded = await ingestInbound(ctx.db, { ...input, meta: { ...input.meta, autoReason: cls.reason } }, actor, { mode: 'auto_reply' });
    if (!recorded) return { status: 'ignored', reason: cls.reason };
    return { status: recorded.duplicate ? 'duplicate' : 'ingested', ticketId: recorded.ticketId, messageId: recorded.messageId, reason: cls.reason };
  }
  const r = await ingestInbound(ctx.db, input, actor);
  if (!r.duplicate && mail.html?.includes('cid:')) {
    // The mail is filed: a failure here must not make the sender deliver it again (it would be a duplicate anyway).
    await linkInlineImages(ctx, account.workspaceId, r.messageId, mail.html, mail.inline).catch((err) => console.error('email: inline images not linked', err));
  }
  return { status: r.duplicate ? 'duplicate' : 'ingested', ticketId: r.ticketId, messageId: r.messageId };
}

/**
 * Points the HTML's `cid:` images at the stored attachments (`/api/attachments/<id>`, same origin, the
 * agent's session), so inline images show in the thread. After the ingest's commit: should this fail,
 * the message is there and only its inline images stay unresolved.
 */
async function linkInlineImages(ctx: AppContext, workspaceId: string, messageId: string, html: string, inline: Record<string, string>) {
  const rows = await ctx.db.query<{ id: string; filename: string }>('SELECT id, filename FROM attachments WHERE workspace_id = $1 AND message_id = $2', [workspaceId, messageId]);
  const idByName = new Map(rows.map((r) => [r.filename, r.id]));
  const linked = html.replace(/(["'])cid:([^"']+)\1/gi, (whole, q: string, cid: string) => {
    const id = idByName.get(inline[cid] ?? inline[safeDecode(cid)] ?? '');
    return id ? `${q}/api/attachments/${id}${q}` : whole;
  });
  if (linked === html) return;
  await ctx.db.query(`UPDATE messages SET meta = jsonb_set(meta, '{html}', to_jsonb($3::text)) WHERE workspace_id = $1 AND id = $2`, [workspaceId, messageId, linked]);
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * When the mail was written: its Date header, except for mail arriving within a minute of it, where
 * the arrival time is used: the header has whole seconds only, and a quick exchange must keep its order.
 */
function sentAt(date: Date | undefined): Date | undefined {
  if (!date) return undefined;
  return Math.abs(Date.now() - date.getTime()) < 60_000 ? new Date() : date;
}

/** The channel-neutral inbound message for a parsed mail. */
function toInbound(account: ChannelAccount, mail: ParsedEmail, raw: Buffer, fallbackId?: string): InboundMessage {
  const externalId = mail.messageId ?? fallbackId ?? `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
  const { visible, quoted } = foldReply(mail.text);
  let body = visible;
  if (mail.skipped.length > 0) {
    const list = mail.skipped.map((s) => `${s.filename} (${(s.size / 1024 / 1024).toFixed(1)} MB)`).join(', ');
    body = `${body}\n\n[Tệp đính kèm quá 5 MB không được lưu / Attachments over 5 MB not kept: ${list}]`.trim();
  }
  const replyAddress = (mail.replyTo ?? mail.from!).address;
  const meta: Record<string, unknown> = {
    subject: mail.subject,
    from: formatAddress(mail.from!),
    to: mail.to.map(formatAddress),
    cc: mail.cc.length ? mail.cc.map(formatAddress) : undefined,
    quoted,
    html: mail.html,
    // Server-side only (the presenter lists what browsers see): where a reply goes, and the ids we thread by.
    replyAddress,
    messageId: mail.messageId,
    references: mail.messageId ? [...mail.references, ...mail.inReplyTo.filter((id) => !mail.references.includes(id))].slice(-MAX_REFERENCES_KEPT) : undefined,
    skippedAttachments: mail.skipped.length ? mail.skipped : undefined,
  };
  for (const k of Object.keys(meta)) if (meta[k] === undefined) delete meta[k];
  const keys = [...new Set([...mail.inReplyTo, ...mail.references.slice().reverse()])].slice(0, MAX_THREAD_KEYS);
  return {
    channel: 'email',
    externalId,
    from: { kind: 'email', value: mail.from!.address, name: mail.from!.name },
    subject: mail.subject,
    body,
    contentType: 'text',
    attachments: mail.attachments,
    sentAt: sentAt(mail.date),
    channelAccountId: account.id,
    meta,
    threading: { keys, ticketNumber: ticketNumberFromSubject(mail.subject), newConversation: true },
    threadKeys: mail.messageId ? [mail.messageId] : undefined,
  };
}
