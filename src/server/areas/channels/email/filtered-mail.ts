import type { Db, Sql } from '../../../core/db/types.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { newId } from '../../../core/lib/ids.js';
import type { FilteredMail, FilteredMailReason } from '../../../../shared/filtered-mail.js';
import { formatAddress, type ParsedEmail } from './parse.js';

/** Larger mails are recorded without their bytes (they cannot be filed later): the table must not hold a second copy of every newsletter's attachments. */
export const MAX_FILTERED_RAW_BYTES = 5 * 1024 * 1024;
const PREVIEW_CHARS = 300;

/**
 * Records a mail the mailbox did not file as a message, with why, so nothing vanishes without a trace:
 * an admin finds it in the mailbox's filtered mail and may file it anyway. Once per content (digest):
 * a re-delivery of the same suppressed mail returns the first record.
 */
export async function recordFilteredMail(
  db: Sql,
  input: { account: ChannelAccount; kind: FilteredMailReason; reason: string; mail: ParsedEmail; raw: Buffer; digest: string; duplicateOf?: string },
): Promise<string> {
  const { account, mail, raw } = input;
  const from = mail.from ?? mail.sender ?? mail.replyTo;
  const preview = mail.text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS) || null;
  const row = await db.one<{ id: string }>(
    `INSERT INTO filtered_mail (id, workspace_id, channel_account_id, reason_kind, reason, message_id, from_address, subject, preview, digest, size, raw, duplicate_of_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (workspace_id, channel_account_id, digest) DO UPDATE SET digest = EXCLUDED.digest
     RETURNING id`,
    [
      newId(), account.workspaceId, account.id, input.kind, input.reason.slice(0, 1000), mail.messageId ?? null, from ? formatAddress(from).slice(0, 500) : null,
      mail.subject ?? null, preview, input.digest, raw.length, raw.length <= MAX_FILTERED_RAW_BYTES ? raw : null, input.duplicateOf ?? null,
    ],
  );
  return row.id;
}

interface FilteredRow {
  id: string;
  reason_kind: FilteredMailReason;
  reason: string;
  from_address: string | null;
  subject: string | null;
  preview: string | null;
  size: number;
  has_raw: boolean;
  received_at: Date;
  filed_at: Date | null;
  ticket_id: string | null;
  ticket_number: number | null;
}

const present = (r: FilteredRow): FilteredMail => ({
  id: r.id,
  reasonKind: r.reason_kind,
  reason: r.reason,
  from: r.from_address,
  subject: r.subject,
  preview: r.preview,
  size: r.size,
  receivedAt: new Date(r.received_at).toISOString(),
  canFile: r.has_raw && !r.filed_at && r.reason_kind !== 'duplicate',
  ticketId: r.ticket_id,
  ticketNumber: r.ticket_number,
  filedAt: r.filed_at ? new Date(r.filed_at).toISOString() : null,
});

const SELECT = `
  SELECT f.id, f.reason_kind, f.reason, f.from_address, f.subject, f.preview, f.size, f.raw IS NOT NULL AS has_raw, f.received_at, f.filed_at,
         t.id AS ticket_id, t.number AS ticket_number
    FROM filtered_mail f
    LEFT JOIN messages m ON m.workspace_id = f.workspace_id AND m.id = coalesce(f.filed_message_id, f.duplicate_of_message_id)
    LEFT JOIN tickets t ON t.workspace_id = m.workspace_id AND t.id = m.ticket_id`;

/** A mailbox's filtered mail, newest first, a page at a time (cursor: the last item's received time and id). */
export async function listFilteredMail(db: Db, ws: string, accountId: string, opts: { limit: number; cursor?: string; reason?: FilteredMailReason }) {
  const [at, id] = opts.cursor ? opts.cursor.split('|') : [];
  const rows = await db.query<FilteredRow>(
    `${SELECT}
     WHERE f.workspace_id = $1 AND f.channel_account_id = $2 AND ($3::text IS NULL OR f.reason_kind = $3)
       AND ($4::timestamptz IS NULL OR (f.received_at, f.id) < ($4::timestamptz, $5::uuid))
     ORDER BY f.received_at DESC, f.id DESC LIMIT $6`,
    [ws, accountId, opts.reason ?? null, at ?? null, id ?? null, opts.limit + 1],
  );
  const items = rows.slice(0, opts.limit).map(present);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, nextCursor: last ? `${new Date(last.received_at).toISOString()}|${last.id}` : null };
}

/** One filtered mail with its raw bytes (for filing it anyway). */
export async function loadFilteredMail(db: Sql, ws: string, accountId: string, id: string) {
  return db.maybeOne<{ id: string; raw: Buffer | null; reason_kind: FilteredMailReason; filed_message_id: string | null; duplicate_of_message_id: string | null }>(
    `SELECT id, raw, reason_kind, filed_message_id, duplicate_of_message_id FROM filtered_mail WHERE workspace_id = $1 AND channel_account_id = $2 AND id = $3`,
    [ws, accountId, id],
  );
}

/** Notes that a filtered mail was filed anyway, by whom and as which message. */
export async function markFiled(db: Sql, ws: string, id: string, messageId: string, userId: string | null) {
  await db.query(`UPDATE filtered_mail SET filed_message_id = $3, filed_at = now(), filed_by = $4 WHERE workspace_id = $1 AND id = $2 AND filed_at IS NULL`, [ws, id, messageId, userId]);
}
