import type { ParsedEmail } from './parse.js';
import { messageIds } from './parse.js';

/** A delivery report's essentials: whose mail failed and why. */
export interface DeliveryReport {
  /** Message-IDs the report is about (the returned message's, then In-Reply-To/References). */
  originalIds: string[];
  recipient?: string;
  /** The human-readable reason, e.g. "550 5.1.1 User unknown". */
  reason: string;
  /** True for a failure; delayed/relayed/delivered reports carry no failure. */
  failed: boolean;
}

export type EmailClass =
  | { kind: 'normal' }
  /** Out-of-office and other auto-responders: never open a ticket, never get an answer. */
  | { kind: 'auto_reply'; reason: string }
  /** Mailing lists and bulk mail (category list), abuse reports and read receipts (report): never filed. */
  | { kind: 'ignored'; category: 'list' | 'report'; reason: string }
  | { kind: 'bounce'; report: DeliveryReport };

const header = (m: ParsedEmail, name: string): string | undefined => {
  const v = m.headers.get(name);
  if (v == null) return undefined;
  if (typeof v === 'string') return v;
  // Address headers come as { value: [...], text }, structured ones (Content-Type) as { value: string, params }.
  if (typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') return (v as { text: string }).text;
  if (typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string') return (v as { value: string }).value;
  return String(v);
};

const DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|noreply-dmarc-support)@/i;
const AUTO_SUBJECT = /^\s*(auto(matic)?[ -]?reply|autoreply|auto:|out of (the )?office|abwesenheitsnotiz|réponse automatique|trả lời tự động|thư trả lời tự động)/i;
/** Tags ticket systems put before the marker: RT's "[rt.example.org #33575] AutoReply: …". */
const SUBJECT_TAGS = /^\s*(\[[^\]]{0,200}\]\s*)+/;
/**
 * Addresses list managers send from or bounce to: LISTSERV/Majordomo `owner-list@`, Mailman
 * `list-bounces(+…)@` / `list-owner@` / `list-request@`, mlmmj `list+owner@` / `list+bounces-…@`,
 * and the managers themselves (`listserv@`, `majordomo@` …). Local part only, so a domain never matches.
 */
const LIST_MANAGER_LOCAL = /^(owner-.+|.+[-+]owner|.+-request|.+-bounces(\+.*)?|.+\+bounces-.*|listserv|majordomo|mailman|mlmmj|sympa|ezmlm)$/i;

const localPart = (address: string | undefined) => (address ?? '').replace(/^\s*<|>\s*$/g, '').trim().split('@')[0] ?? '';

/** A list manager's address among Return-Path, Sender and From, with the header it was in. */
function listManager(m: ParsedEmail, returnPath: string | undefined): string | undefined {
  const candidates: [string, string | undefined][] = [['Return-Path', returnPath], ['Sender', m.sender?.address], ['From', m.from?.address]];
  for (const [name, address] of candidates) {
    const local = localPart(address);
    if (local && LIST_MANAGER_LOCAL.test(local)) return `${name}: ${address!.replace(/^\s*<|>\s*$/g, '').trim()}`;
  }
  return undefined;
}

/**
 * Classifies one inbound mail before it can open a ticket. Order matters: a delivery report is a
 * bounce even though it is also auto-submitted. `ownAddress` is the mailbox's address: a mailing
 * list that *is* the support address (a Google Group forwarding to us) is not bulk mail.
 */
export function classifyEmail(m: ParsedEmail, ownAddress: string): EmailClass {
  const ct = m.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType = ct?.value?.toLowerCase() === 'multipart/report' ? ct.params?.['report-type']?.toLowerCase() : undefined;
  const from = m.from?.address ?? '';
  if (reportType === 'delivery-status' || (DAEMON.test(from) && !reportType)) {
    return { kind: 'bounce', report: deliveryReport(m) };
  }
  if (reportType === 'feedback-report') return { kind: 'ignored', category: 'report', reason: 'abuse report (ARF)' };
  if (reportType === 'disposition-notification') return { kind: 'ignored', category: 'report', reason: 'read receipt' };
  if (reportType) return { kind: 'ignored', category: 'report', reason: `report (${reportType})` };

  const autoSubmitted = header(m, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  if (m.headers.has('x-autoreply') || m.headers.has('x-autorespond')) return { kind: 'auto_reply', reason: 'X-Autoreply' };
  if (m.headers.has('x-auto-response-suppress')) {
    const v = header(m, 'x-auto-response-suppress')!.toLowerCase();
    // Exchange marks its own automatic messages with All/OOF/AutoReply; "None" is an ordinary mail.
    if (!/^\s*none\s*$/.test(v)) return { kind: 'auto_reply', reason: `X-Auto-Response-Suppress: ${v}` };
  }
  // mailparser gathers List-* headers under 'list' ({ id, post, unsubscribe … }).
  const list = m.headers.get('list') as { id?: unknown; post?: unknown } | undefined;
  const ownList = JSON.stringify(list?.post ?? '').toLowerCase().includes(ownAddress.toLowerCase());
  const precedence = header(m, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply') return { kind: 'auto_reply', reason: 'Precedence: auto_reply' };
  if (!ownList && (precedence === 'bulk' || precedence === 'junk' || precedence === 'list')) {
    return { kind: 'ignored', category: 'list', reason: `Precedence: ${precedence}` };
  }
  if (!ownList && (list?.id || m.headers.has('list-id'))) return { kind: 'ignored', category: 'list', reason: 'mailing list (List-Id)' };
  const subject = m.subject ?? '';
  if (AUTO_SUBJECT.test(subject) || AUTO_SUBJECT.test(subject.replace(SUBJECT_TAGS, ''))) return { kind: 'auto_reply', reason: 'auto-reply subject' };
  const returnPath = header(m, 'return-path');
  if (returnPath !== undefined && /^\s*<?\s*>?\s*$/.test(returnPath)) return { kind: 'auto_reply', reason: 'null sender (Return-Path: <>)' };
  // LISTSERV and mlmmj mark list mail by their addresses only (no List-Id): the envelope goes to the list's owner.
  const manager = ownList ? undefined : listManager(m, returnPath);
  if (manager) return { kind: 'ignored', category: 'list', reason: `mailing list (${manager})` };
  return { kind: 'normal' };
}

/** Reads the DSN fields (RFC 3464) and the returned message's Message-ID out of a report. */
export function deliveryReport(m: ParsedEmail): DeliveryReport {
  // mailparser inlines message/delivery-status into the text; report parts hold what it kept apart.
  const statusText = [m.text, ...m.reportParts.filter((p) => p.contentType.includes('delivery-status')).map((p) => p.content)].join('\n');
  const fields = dsnFields(statusText);
  const failedBlock = fields.find((f) => (f.action ?? '').toLowerCase() === 'failed') ?? fields.find((f) => /^5/.test(f.status ?? ''));
  const block = failedBlock ?? fields[0];
  const originalIds: string[] = [];
  for (const part of m.reportParts.filter((p) => p.contentType.includes('rfc822'))) {
    const headerSection = part.content.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
    const id = /^message-id:\s*(.+)$/im.exec(headerSection)?.[1];
    if (id) originalIds.push(...messageIds(id));
  }
  // A returned-headers part inlined into the text, or a plain-text bounce quoting our mail.
  for (const match of statusText.matchAll(/^message-id:\s*(<[^<>\s]+>)/gim)) originalIds.push(match[1]);
  originalIds.push(...m.inReplyTo, ...m.references);
  let reason: string;
  if (block?.diagnostic) {
    const diag = block.diagnostic.replace(/^\s*(smtp|x-[\w-]+)\s*;\s*/i, '').trim();
    reason = block.status && !diag.includes(block.status) ? `${diag} (${block.status})` : diag;
  } else if (block?.status) {
    reason = `${block.status} ${block.action ?? 'failed'}`.trim();
  } else {
    // A bounce without a DSN part: the first SMTP-looking line of its text.
    reason = /\b[45]\d\d[ -][45]?\.?\d?\.?\d?.{0,200}/.exec(m.text)?.[0]?.trim() ?? m.subject ?? 'delivery failed';
  }
  const failed = block ? (block.action ?? 'failed').toLowerCase() === 'failed' || /^5/.test(block.status ?? '') : true;
  return { originalIds: [...new Set(originalIds)], recipient: block?.recipient, reason: reason.slice(0, 1000), failed };
}

interface DsnBlock {
  recipient?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

/** Per-recipient groups of a message/delivery-status body (RFC 3464: field groups separated by blank lines). */
function dsnFields(text: string): DsnBlock[] {
  const blocks: DsnBlock[] = [];
  const unfolded = text.replace(/\r\n/g, '\n').replace(/\n[ \t]+(?=\S)/g, ' ');
  for (const group of unfolded.split(/\n\s*\n/)) {
    const b: DsnBlock = {};
    for (const line of group.split('\n')) {
      const m = /^(final-recipient|action|status|diagnostic-code)\s*:\s*(.*)$/i.exec(line.trim());
      if (!m) continue;
      const key = m[1].toLowerCase();
      const value = m[2].trim();
      if (key === 'final-recipient') b.recipient = value.replace(/^rfc822\s*;\s*/i, '');
      else if (key === 'action') b.action = value;
      else if (key === 'status') b.status = value;
      else b.diagnostic = value;
    }
    if (b.recipient || b.action || b.status || b.diagnostic) blocks.push(b);
  }
  return blocks;
}
