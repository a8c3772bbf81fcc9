import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import type { Actor } from '../../../core/http/actor.js';
import { normalizeEmail } from '../../customers/index.js';
import { ingestInbound, mergeTickets, ticketsOwningKeys, type InboundMessage } from '../../tickets/index.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { FilteredMailReason } from '../../../../shared/filtered-mail.js';
import { applyBounce } from './bounce.js';
import { classifyEmail, type EmailClass } from './classify.js';
import { recordFilteredMail } from './filtered-mail.js';
import { foldReply } from './fold.js';
import { formatAddress, parseEmail, type EmailAddress, type ParsedEmail } from './parse.js';

export interface IngestRawResult {
  /** ingested: a new message; duplicate: seen before (same Message-ID and content); ignored: auto-reply/list/loop/no sender; bounce: a delivery report. */
  status: 'ingested' | 'duplicate' | 'ignored' | 'bounce';
  ticketId?: string;
  messageId?: string;
  reason?: string;
  /** The mailbox's filtered-mail record, when the mail was not filed as a message (or was a re-delivery). */
  filteredId?: string;
  /** Tickets of the same customer this mail showed to be one conversation, merged into ticketId. */
  mergedTicketIds?: string[];
}

/** How many thread keys of one mail we look up and store (References of a long thread grow without bound). */
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
 * classify (auto-reply, list, bounce), thread, ingest. Whatever is not filed as a message is recorded
 * in the mailbox's filtered mail with its reason (filtered-mail.ts). Idempotent on the Message-ID plus
 * a digest of the content (a different mail reusing a Message-ID is filed; without one: `fallbackId`,
 * e.g. `imap:<uidvalidity>:<uid>`, else the digest). `fileAnyway`: an admin files a filtered mail
 * (no classification, a placeholder identity when it has no sender at all).
 */
export async function ingestRawEmail(
  ctx: AppContext,
  account: ChannelAccount,
  raw: Buffer,
  opts: { source: 'imap' | 'smtp'; fallbackId?: string; fileAnyway?: boolean } = { source: 'smtp' },
): Promise<IngestRawResult> {
  const mail = await parseEmail(raw);
  const digest = contentDigest(mail);
  const filtered = async (kind: FilteredMailReason, reason: string, extra: Partial<IngestRawResult> = {}, duplicateOf?: string): Promise<IngestRawResult> => {
    const filteredId = await recordFilteredMail(ctx.db, { account, kind, reason, mail, raw, digest, duplicateOf });
    return { status: 'ignored', reason, ...extra, filteredId };
  };

  const cls: EmailClass = opts.fileAnyway ? { kind: 'normal' } : classifyEmail(mail, account.address);
  if (cls.kind === 'bounce') {
    const failedId = await applyBounce(ctx, account, cls.report);
    return filtered('bounce', cls.report.reason, { status: 'bounce', messageId: failedId });
  }
  if (cls.kind === 'ignored') return filtered(cls.category, cls.reason);
  const sender = senderOf(mail);
  if (!opts.fileAnyway) {
    if (!sender) return filtered('no_sender', 'no sender address');
    if (sender.address === account.address.toLowerCase()) return filtered('loop', 'sent by this mailbox (loop)');
    if (mail.messageId && OWN_MESSAGE_ID.test(mail.messageId)) return filtered('loop', 'our own message came back (loop)');
  }

  const input = toInbound(account, mail, sender, digest, opts.fallbackId);
  const actor = { kind: 'system' as const, workspaceId: account.workspaceId };
  const mode = cls.kind === 'auto_reply' ? 'auto_reply' : 'message';
  if (cls.kind === 'auto_reply') input.meta = { ...input.meta, autoReason: cls.reason };
  // "Away until Monday" shows in the conversation it answers while that is open; otherwise it is only recorded as filtered.
  const r = await ingestOnce(ctx, input, actor, mode, mail.messageId, digest);
  if (!r) return filtered('auto_reply', cls.kind === 'auto_reply' ? cls.reason : 'automatic reply');
  if (r.duplicate) {
    const f = opts.fileAnyway ? undefined : await filtered('duplicate', 'already received (same Message-ID and content)', {}, r.messageId);
    const merged = await joinLinkedTickets(ctx, account.workspaceId, input, r.ticketId);
    return { status: 'duplicate', ticketId: merged.ticketId, messageId: r.messageId, filteredId: f?.filteredId, mergedTicketIds: merged.mergedTicketIds };
  }
  if (mail.html?.includes('cid:')) {
    // The mail is filed: a failure here must not make the sender deliver it again (it would be a duplicate anyway).
    await linkInlineImages(ctx, account.workspaceId, r.messageId, mail.html, mail.inline).catch((err) => console.error('email: inline images not linked', err));
  }
  const merged = await joinLinkedTickets(ctx, account.workspaceId, input, r.ticketId);
  return { status: 'ingested', ticketId: merged.ticketId, messageId: r.messageId, reason: cls.kind === 'auto_reply' ? cls.reason : undefined, mergedTicketIds: merged.mergedTicketIds };
}

/**
 * Ingests by Message-ID, then checks the content: a mail reusing the Message-ID of a different one
 * (broken mailers do) is filed under `<id>#<digest>`; a true re-delivery answers duplicate.
 */
async function ingestOnce(ctx: AppContext, input: InboundMessage, actor: Actor, mode: 'message' | 'auto_reply', messageId: string | undefined, digest: string) {
  const r = await ingestInbound(ctx.db, input, actor, { mode });
  if (!r?.duplicate || !messageId || input.externalId !== messageId) return r;
  const prev = await ctx.db.maybeOne<{ digest: string | null }>(`SELECT meta->>'contentDigest' AS digest FROM messages WHERE workspace_id = $1 AND id = $2`, [actor.workspaceId, r.messageId]);
  // Messages filed before digests were kept have none: the Message-ID alone decides for them.
  if (!prev?.digest || prev.digest === digest) return r;
  return ingestInbound(ctx.db, { ...input, externalId: `${messageId}#${digest.slice(0, 16)}` }, actor, { mode });
}

/**
 * The JWZ rule: every Message-ID a mail names links one conversation, even through messages we never
 * received. When this mail's keys lead to several live tickets of one customer (a reply that came
 * before its parent, siblings of an unseen ancestor), they are one conversation: joined into the
 * oldest open one by the tickets' merge command. Tickets of different customers are never merged
 * (a colleague's reply threads by key, but two people's tickets stay theirs), nor finished ones.
 */
async function joinLinkedTickets(ctx: AppContext, ws: string, input: InboundMessage, ticketId: string): Promise<{ ticketId: string; mergedTicketIds?: string[] }> {
  const keys = [...new Set([...(input.threading?.keys ?? []), ...(input.threadKeys ?? [])])];
  const linked = (await ticketsOwningKeys(ctx.db, ws, 'email', keys)).filter((t) => t.status !== 'closed' && t.status !== 'resolved');
  const filed = linked.find((t) => t.id === ticketId);
  if (!filed) return { ticketId };
  const same = linked.filter((t) => t.customerId === filed.customerId);
  if (same.length < 2) return { ticketId };
  const [target, ...sources] = same; // oldest first
  const actor = { kind: 'system' as const, workspaceId: ws };
  const mergedTicketIds: string[] = [];
  for (const s of sources) {
    try {
      await mergeTickets(ctx.db, s.id, target.id, actor);
      mergedTicketIds.push(s.id);
    } catch (err) {
      // A concurrent delivery merged one of them first (409 already merged, 400 target merged): the
      // conversation is joined either way, and the next mail of the thread finds the survivor.
      if (!(err instanceof AppError && err.status < 500)) throw err;
    }
  }
  return { ticketId: target.id, mergedTicketIds };
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

/** The address a reply goes to when From is missing: Sender, Reply-To, then the envelope sender (Return-Path). */
function senderOf(mail: ParsedEmail): EmailAddress | undefined {
  if (mail.from) return mail.from;
  if (mail.sender) return mail.sender;
  if (mail.replyTo) return mail.replyTo;
  const rp = mail.headers.get('return-path') as { text?: string; value?: { address?: string }[] } | string | undefined;
  const text = typeof rp === 'string' ? rp : (rp?.value?.[0]?.address ?? rp?.text ?? '');
  const address = /<?\s*([^<>\s]+@[^<>\s]+?)\s*>?\s*$/.exec(text)?.[1];
  return address ? { address: address.toLowerCase() } : undefined;
}

/**
 * What a mail says, hashed: sender, subject, text, HTML, attachments and references. Headers an MTA
 * adds on the way (Received, Return-Path) are left out, so a re-delivery by another path has the same
 * digest and a different mail reusing the Message-ID has another. The Date is left out too: a client
 * that submits the same mail again stamps a new one, and that is still the same message.
 */
export function contentDigest(mail: ParsedEmail): string {
  const h = crypto.createHash('sha256');
  const parts = [
    mail.from?.address, mail.sender?.address, mail.subject, mail.text, mail.html,
    mail.inReplyTo.join(' '), mail.references.join(' '), ...mail.attachments.map((a) => `${a.filename}:${crypto.createHash('sha256').update(a.data).digest('hex')}`),
  ];
  for (const p of parts) h.update(`${p ?? ''}\u0001`);
  return h.digest('hex');
}

/**
 * The customer identity of a sender. An address customer profiles refuse (no top-level domain,
 * `jdoe@machine`, an obsolete comment form) still files, under a placeholder identity that keeps the
 * address as given; a mail with no sender at all (filed anyway by an admin) under one shared placeholder.
 */
function identityOf(sender: EmailAddress | undefined): InboundMessage['from'] {
  if (!sender) return { kind: 'external', value: 'email:(no sender)', name: '(no sender)' };
  const email = normalizeEmail(sender.address);
  if (email) return { kind: 'email', value: email, name: sender.name };
  return { kind: 'external', value: `email:${sender.address}`.slice(0, 300), name: sender.name ?? sender.address.slice(0, 200) };
}

/** The channel-neutral inbound message for a parsed mail. */
function toInbound(account: ChannelAccount, mail: ParsedEmail, sender: EmailAddress | undefined, digest: string, fallbackId?: string): InboundMessage {
  const externalId = mail.messageId ?? fallbackId ?? `sha256:${digest}`;
  const { visible, quoted } = foldReply(mail.text);
  let body = visible;
  if (mail.skipped.length > 0) {
    const list = mail.skipped.map((s) => `${s.filename} (${(s.size / 1024 / 1024).toFixed(1)} MB)`).join(', ');
    body = `${body}\n\n[Tệp đính kèm quá 5 MB không được lưu / Attachments over 5 MB not kept: ${list}]`.trim();
  }
  const replyAddress = (mail.replyTo ?? sender)?.address;
  const meta: Record<string, unknown> = {
    subject: mail.subject,
    from: sender ? formatAddress(sender) : undefined,
    to: mail.to.map(formatAddress),
    cc: mail.cc.length ? mail.cc.map(formatAddress) : undefined,
    quoted,
    html: mail.html,
    // Server-side only (the presenter lists what browsers see): where a reply goes, and the ids we thread by.
    replyAddress,
    messageId: mail.messageId,
    references: mail.messageId ? [...mail.references, ...mail.inReplyTo.filter((id) => !mail.references.includes(id))].slice(-MAX_REFERENCES_KEPT) : undefined,
    contentDigest: digest,
    skippedAttachments: mail.skipped.length ? mail.skipped : undefined,
  };
  for (const k of Object.keys(meta)) if (meta[k] === undefined) delete meta[k];
  // Every id the mail names, nearest first, its own included: a late parent finds the ticket its reply
  // opened, and siblings meet through an ancestor neither of us received (JWZ threading).
  const named = [...mail.inReplyTo, ...mail.references.slice().reverse()];
  const keys = [...new Set([...(mail.messageId ? [mail.messageId] : []), ...named])].slice(0, MAX_THREAD_KEYS);
  return {
    channel: 'email',
    externalId,
    from: identityOf(sender),
    subject: mail.subject,
    body,
    contentType: 'text',
    attachments: mail.attachments,
    sentAt: sentAt(mail.date),
    channelAccountId: account.id,
    meta,
    threading: { keys, ticketNumber: ticketNumberFromSubject(mail.subject), newConversation: true },
    threadKeys: keys,
  };
}
