import type { ImapFlow } from 'imapflow';
import { headerKeys } from './header-keys.js';

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

/** A message the handler could not file; the cursor stays before it. */
export class ImapMessageError extends Error {
  constructor(
    public readonly uid: number,
    public readonly uidValidity: number,
    public override readonly cause: unknown,
  ) {
    super(`could not import message UID ${uid}: ${(cause as Error)?.message ?? String(cause)}`);
  }
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
  /** Messages per FETCH (default 100). */
  batchSize?: number;
  /** Bytes per FETCH, so large attachments do not pile up in memory (default 16 MB). */
  batchBytes?: number;
  /** Messages filed at the same time (default 1). See syncOpenFolder for the order that is kept. */
  concurrency?: number;
}

const DEFAULT_BATCH = 100;
const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * One pass over the folder that is open (read-only) on `client`: every message with a UID above the
 * cursor. Sources are fetched in batches (BODY.PEEK — nothing is marked read), the next batch
 * travelling over the wire while the current one is being filed.
 *
 * Order: with `concurrency` > 1 several mails are filed at once, but a mail always waits for every
 * earlier mail it answers (In-Reply-To/References) and for the previous mail from the same sender, so
 * a reply never overtakes its original and one customer's mails are filed in arrival order. The cursor
 * only moves over an unbroken run of committed UIDs: a crash re-fetches at most the mails in flight,
 * and re-filing them is harmless (ingest is idempotent on the Message-ID).
 *
 * A changed UIDVALIDITY means the server renumbered the folder: we start again from UID 1 and the
 * same idempotency keeps what we already have from coming in twice.
 */
export async function syncOpenFolder(client: ImapFlow, cursor: ImapCursor | null, opts: FolderSyncOptions): Promise<{ cursor: ImapCursor; imported: number }> {
  const box = client.mailbox;
  if (!box) throw new Error('no folder is open');
  const uidValidity = Number(box.uidValidity);
  let lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
  let savedUid = lastUid;
  if (!cursor || cursor.uidValidity !== uidValidity) await opts.saveCursor({ uidValidity, lastUid });
  if (!box.exists) return { cursor: { uidValidity, lastUid }, imported: 0 };

  // "N:*" also answers with the highest message when N is above it (RFC 3501), hence the filter.
  const listed = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
  const fresh = listed.filter((m) => m.uid > lastUid).sort((a, b) => a.uid - b.uid);
  if (!fresh.length) return { cursor: { uidValidity, lastUid }, imported: 0 };

  const order = fresh.map((m) => m.uid);
  const done = new Set<number>();
  let next = 0; // index into order of the first UID not known to be done
  const advance = () => {
    while (next < order.length && done.has(order[next])) lastUid = order[next++];
  };
  const save = async () => {
    advance();
    if (lastUid === savedUid) return;
    await opts.saveCursor({ uidValidity, lastUid });
    savedUid = lastUid;
  };

  const batches: { first: number; last: number }[] = [];
  const limit = opts.batchSize ?? DEFAULT_BATCH;
  const bytes = opts.batchBytes ?? DEFAULT_BATCH_BYTES;
  let current: { first: number; last: number; count: number; size: number } | null = null;
  for (const m of fresh) {
    if (opts.skip?.has(m.uid)) {
      done.add(m.uid);
      continue;
    }
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
    p.catch(() => undefined); // awaited below; a pass ended early must not leave it unhandled
    return p;
  };

  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const running = new Set<Promise<void>>();
  const byMessageId = new Map<string, Promise<void>>();
  const bySender = new Map<string, Promise<void>>();
  let failure: ImapMessageError | null = null;
  let imported = 0;

  const file = (m: { uid: number; source: Buffer }) => {
    const keys = headerKeys(m.source);
    const after = [...keys.refs.map((r) => byMessageId.get(r)), keys.from ? bySender.get(keys.from) : undefined].filter((p): p is Promise<void> => !!p);
    const task = (async () => {
      if (after.length) await Promise.all(after);
      if (failure) return; // something it may depend on failed: leave it for the retry
      try {
        await opts.onMessage({ uid: m.uid, uidValidity, source: m.source });
        done.add(m.uid);
        imported++;
      } catch (err) {
        failure ??= new ImapMessageError(m.uid, uidValidity, err);
      }
    })();
    if (keys.id) byMessageId.set(keys.id, task);
    if (keys.from) bySender.set(keys.from, task);
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  let pending = batches.length ? fetchBatch(batches[0]) : null;
  try {
    outer: for (let i = 0; i < batches.length && pending; i++) {
      const messages = (await pending).sort((a, b) => a.uid - b.uid);
      pending = i + 1 < batches.length ? fetchBatch(batches[i + 1]) : null;
      const present = new Set<number>();
      for (const m of messages) {
        if (m.uid <= lastUid || !m.source || opts.skip?.has(m.uid)) continue;
        present.add(m.uid);
        while (running.size >= concurrency) await Promise.race(running);
        if (failure || opts.shouldStop?.()) break outer;
        file({ uid: m.uid, source: m.source });
      }
      // UIDs of this batch that vanished (expunged meanwhile) count as done.
      for (const uid of order) if (uid >= batches[i].first && uid <= batches[i].last && !present.has(uid)) done.add(uid);
      await save();
    }
    await Promise.all(running);
    await save();
  } finally {
    // Also on failure or stop: keep what was committed.
    await Promise.allSettled(running);
    await save().catch(() => undefined);
  }
  if (failure) throw failure;
  return { cursor: { uidValidity, lastUid }, imported };
}
