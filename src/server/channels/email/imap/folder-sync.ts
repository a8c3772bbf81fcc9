import type { ImapFlow } from 'imapflow';

/** Where an import stands in one folder: every message up to lastUid (under this UIDVALIDITY) is committed. */
export interface ImapCursor {
  uidValidity: number;
  lastUid: number;
}

export interface ImapMessage {
  uid: number;
  uidValidity: number;
  /** The raw RFC 822 source, exactly as stored on the server. */
  source: Buffer;
}

export interface FolderSyncOptions {
  /** Files one message; resolves only once it is committed (the cursor moves past it afterwards). */
  onMessage(msg: ImapMessage): Promise<void>;
  /** Persists the cursor; called after each batch and when the UIDVALIDITY changes. */
  saveCursor(cursor: ImapCursor): Promise<void>;
  /** UIDs to step over (a message that failed too often), so one bad mail cannot block a mailbox. */
  skip?: ReadonlySet<number>;
  /** Checked between messages: a stop request ends the pass early (the cursor stays exact). */
  shouldStop?(): boolean;
  batchSize?: number;
  batchBytes?: number;
}

const DEFAULT_BATCH = 100;
const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * One pass over the folder that is open (read-only) on `client`: every message with a UID above the
 * cursor, oldest first so an original is filed before its replies. Sources are fetched in batches
 * (BODY.PEEK — nothing is marked read), the next batch travelling over the wire while the current one
 * is being filed. A changed UIDVALIDITY means the server renumbered the folder: we start again from
 * UID 1 and the ingest's Message-ID idempotency keeps what we already have from coming in twice.
 */
export async function syncOpenFolder(client: ImapFlow, cursor: ImapCursor | null, opts: FolderSyncOptions): Promise<{ cursor: ImapCursor; imported: number }> {
  const box = client.mailbox;
  if (!box) throw new Error('no folder is open');
  const uidValidity = Number(box.uidValidity);
  let lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
  let savedUid = lastUid;
  if (!cursor || cursor.uidValidity !== uidValidity) await opts.saveCursor({ uidValidity, lastUid });
  const save = async () => {
    if (lastUid === savedUid) return;
    await opts.saveCursor({ uidValidity, lastUid });
    savedUid = lastUid;
  };
  if (!box.exists) return { cursor: { uidValidity, lastUid }, imported: 0 };

  // "N:*" also answers with the highest message when N is above it (RFC 3501), hence the filter.
  const listed = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
  const fresh = listed.filter((m) => m.uid > lastUid).sort((a, b) => a.uid - b.uid);
  if (!fresh.length) return { cursor: { uidValidity, lastUid }, imported: 0 };

  const batches: { first: number; last: number }[] = [];
  const limit = opts.batchSize ?? DEFAULT_BATCH;
  const bytes = opts.batchBytes ?? DEFAULT_BATCH_BYTES;
  let current: { first: number; last: number; count: number; size: number } | null = null;
  for (const m of fresh) {
    if (opts.skip?.has(m.uid)) continue;
    if (!current || current.count >= limit || (current.size + (m.size ?? 0) > bytes && current.count > 0)) {
      current = { first: m.uid, last: m.uid, count: 0, size: 0 };
      batches.push(current);
    }
    current.last = m.uid;
    current.count++;
    current.size += m.size ?? 0;
  }

  const fetchBatch = (b: { first: number; last: number }) => {
    const p = client.fetchAll(`${b.first}:${b.last}`, { uid: true, source: true }, { uid: true });
    p.catch(() => undefined); // awaited below; a pass stopped early must not leave it unhandled
    return p;
  };
  let imported = 0;
  const highest = fresh[fresh.length - 1].uid;
  let next = batches.length ? fetchBatch(batches[0]) : null;
  try {
    for (let i = 0; i < batches.length && next; i++) {
      const messages = (await next).filter((m) => m.uid > lastUid && m.source).sort((a, b) => a.uid - b.uid);
      next = i + 1 < batches.length ? fetchBatch(batches[i + 1]) : null;
      for (const m of messages) {
        if (opts.shouldStop?.()) return { cursor: { uidValidity, lastUid }, imported };
        if (opts.skip?.has(m.uid)) continue;
        await opts.onMessage({ uid: m.uid, uidValidity, source: m.source! });
        lastUid = m.uid;
        imported++;
      }
      // Skipped or vanished UIDs inside the batch count as done too.
      lastUid = Math.max(lastUid, batches[i].last);
      await save();
    }
    if (!opts.shouldStop?.() && highest > lastUid) lastUid = highest; // only skipped UIDs were left
    await save();
  } finally {
    // A failure part-way keeps what was committed: the cursor moves to the last filed message.
    await save().catch(() => undefined);
  }
  return { cursor: { uidValidity, lastUid }, imported };
}
