import type { AppContext } from '../../context.js';
import type { ChannelAccount } from '../accounts.js';

export interface IngestRawResult {
  /** ingested: a new message; duplicate: seen before (same Message-ID); ignored: auto-reply/loop; bounce: a delivery report. */
  status: 'ingested' | 'duplicate' | 'ignored' | 'bounce';
  ticketId?: string;
  messageId?: string;
  reason?: string;
}

/**
 * Files one raw RFC 822 message received for a mailbox (from IMAP or the SMTP receiver): parse,
 * classify (auto-reply, bounce), thread, ingest. Idempotent on the Message-ID (or `fallbackId` when
 * the message has none, e.g. `imap:<uidvalidity>:<uid>`).
 */
export async function ingestRawEmail(
  _ctx: AppContext,
  _account: ChannelAccount,
  _raw: Buffer,
  _opts: { source: 'imap' | 'smtp'; fallbackId?: string } = { source: 'smtp' },
): Promise<IngestRawResult> {
  throw new Error('ingestRawEmail: not built yet');
}
