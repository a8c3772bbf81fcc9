import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { MAX_ATTACHMENT_BYTES, type NewAttachment } from '../../tickets/index.js';
import { fixHeaderBytes } from './header-bytes.js';
import { sanitizeEmailHtml } from './html.js';
import { storable } from './text-clean.js';

export interface EmailAddress {
  address: string;
  name?: string;
}

/** What the email channel needs of one raw message, decoded (RFC 2047 words, any charset, MIME). */
export interface ParsedEmail {
  messageId?: string;
  inReplyTo: string[];
  references: string[];
  subject?: string;
  from?: EmailAddress;
  /** The Sender header (who sent it on From's behalf: a list, a secretary); a fallback when From is missing. */
  sender?: EmailAddress;
  replyTo?: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  date?: Date;
  /** The plain text (mailparser derives it from the HTML when the mail has no text part). */
  text: string;
  /** Sanitised for display; undefined when the mail had no HTML (or too much of it). */
  html?: string;
  attachments: NewAttachment[];
  /** Inline images: Content-ID (without brackets) → the attachment's filename (unique within the mail). */
  inline: Record<string, string>;
  /** Attachments left out (over the per-attachment limit), named for a note to the agent. */
  skipped: { filename: string; size: number }[];
  /** Lower-cased header name → decoded value(s), as mailparser gives them. */
  headers: ParsedMail['headers'];
  /** MIME parts kept for reports (bounces): delivery-status text and the returned message's headers. */
  reportParts: { contentType: string; content: string }[];
}

/**
 * Longest Message-ID we keep as a key: ids are unique-indexed (messages.external_id, thread_keys), and
 * a btree entry has a size limit, so a hostile 10 KB id must not make a mail impossible to file.
 */
export const MAX_MESSAGE_ID_CHARS = 500;

/** Every `<id>` in a header value (Message-ID lists); a bare id without brackets is wrapped; over-long ids are dropped. */
export function messageIds(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : value == null ? [] : [value];
  const out: string[] = [];
  for (const p of parts) {
    const s = storable(String(p));
    const found = s.match(/<[^<>\s]+>/g);
    if (found) out.push(...found);
    else if (s.trim() && !/\s/.test(s.trim())) out.push(`<${s.trim()}>`);
  }
  return [...new Set(out)].filter((id) => id.length <= MAX_MESSAGE_ID_CHARS);
}

function addresses(v: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  const out: EmailAddress[] = [];
  const walk = (items: AddressObject['value']) => {
    for (const a of items) {
      if (a.group) walk(a.group);
      else if (a.address) {
        // Look-alike brackets around an address ("Tuấn" ‹tuan@khach.vn>) are not part of it.
        const address = storable(a.address).trim().toLowerCase().replace(/^[‹«<"'\s]+|[›»>"'\s]+$/g, '');
        if (address) out.push({ address, name: storable(a.name)?.trim() || undefined });
      }
    }
  };
  for (const o of list) walk(o.value);
  return out;
}

/** "Tên <a@b.vn>" for display in the thread. */
export function formatAddress(a: EmailAddress): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

const EXT: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf',
  'text/plain': 'txt', 'text/html': 'html', 'text/calendar': 'ics', 'message/rfc822': 'eml',
};

const REPORT_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/feedback-report', 'text/rfc822-headers', 'message/rfc822-headers']);

/** Parses one raw message. Never throws for malformed mail: mailparser is lenient and so are we. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(fixHeaderBytes(raw), { skipImageLinks: true, skipTextLinks: true });
  const attachments: NewAttachment[] = [];
  const skipped: ParsedEmail['skipped'] = [];
  const reportParts: ParsedEmail['reportParts'] = [];
  const inline: Record<string, string> = {};
  const taken = new Set<string>();
  const contentType = (mail.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() ?? '';
  const isReport = contentType === 'multipart/report';
  mail.attachments.forEach((a: Attachment, i: number) => {
    const type = (a.contentType || 'application/octet-stream').toLowerCase();
    if (REPORT_TYPES.has(type) || (isReport && type === 'message/rfc822')) {
      // Only the headers of a returned message matter (its Message-ID); cap what we keep in memory.
      reportParts.push({ contentType: type, content: storable(a.content.subarray(0, 64 * 1024).toString('utf8')) });
      if (type !== 'message/rfc822') return;
    }
    let filename = storable(a.filename)?.trim() || `attachment-${i + 1}.${EXT[type] ?? 'bin'}`;
    // Unique names, so that an inline image's cid maps to exactly one stored attachment.
    for (let k = 2; taken.has(filename); k++) filename = filename.replace(/( \(\d+\))?(\.[^.]*)?$/, (_m, _n, ext = '') => ` (${k})${ext}`);
    taken.add(filename);
    if (a.size > MAX_ATTACHMENT_BYTES || a.content.length > MAX_ATTACHMENT_BYTES) {
      skipped.push({ filename, size: a.content.length });
      return;
    }
    attachments.push({ filename, contentType: type, data: a.content });
    if (a.cid) inline[a.cid.replace(/^<|>$/g, '')] = filename;
  });
  const html = typeof mail.html === 'string' ? sanitizeEmailHtml(storable(mail.html)) : undefined;
  const from = addresses(mail.from)[0];
  const sender = addresses(mail.headers.get('sender') as AddressObject | undefined)[0];
  const replyTo = addresses(mail.replyTo)[0];
  return {
    messageId: messageIds(mail.messageId)[0],
    inReplyTo: messageIds(mail.inReplyTo),
    references: messageIds(mail.references),
    subject: storable(mail.subject)?.replace(/\s+/g, ' ').trim().slice(0, 500) || undefined,
    from,
    sender,
    replyTo,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined,
    text: storable(mail.text ?? '').replace(/\r\n/g, '\n'),
    html,
    attachments,
    skipped,
    inline,
    headers: mail.headers,
    reportParts,
  };
}
