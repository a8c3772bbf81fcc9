import type { Sql } from '../../core/db/types.js';
import type { ObjectStore } from '../../core/storage/index.js';

/** Keys checked against the attachments table at once. */
const CHUNK = 500;

/**
 * Deletes the objects of deleted attachments (storage_garbage, filled by a trigger whatever deleted the
 * rows), then their garbage rows. Deleting an object twice is harmless, so two workers may overlap.
 */
export async function collectGarbage(db: Sql, store: ObjectStore): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await db.query<{ storage_key: string }>(
      'SELECT storage_key FROM storage_garbage WHERE stored_in = $1 ORDER BY deleted_at, storage_key LIMIT $2',
      [store.kind, CHUNK],
    );
    if (rows.length === 0) return deleted;
    const keys = rows.map((r) => r.storage_key);
    await inParallel(keys, 8, (k) => store.delete(k));
    await db.query('DELETE FROM storage_garbage WHERE storage_key = ANY($1::text[])', [keys]);
    deleted += keys.length;
  }
}

/**
 * Deletes attachment objects no row names and older than `graceMs`: an upload whose transaction rolled
 * back after its object was written, or an object left when a move back to the database stopped
 * between its update and the delete. The grace keeps uploads in flight (object written, row not yet
 * committed) safe.
 */
export async function sweepOrphans(db: Sql, store: ObjectStore, opts: { graceMs: number }): Promise<{ seen: number; deleted: number }> {
  const before = Date.now() - opts.graceMs;
  let seen = 0;
  let deleted = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const named = new Set(
      (await db.query<{ storage_key: string }>('SELECT storage_key FROM attachments WHERE storage_key = ANY($1::text[])', [chunk])).map((r) => r.storage_key),
    );
    const orphans = chunk.filter((k) => !named.has(k));
    await inParallel(orphans, 8, (k) => store.delete(k));
    if (orphans.length) await db.query('DELETE FROM storage_garbage WHERE storage_key = ANY($1::text[])', [orphans]);
    deleted += orphans.length;
    chunk = [];
  };
  for await (const o of store.list('attachments/')) {
    seen++;
    if (o.lastModified.getTime() >= before) continue;
    chunk.push(o.key);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return { seen, deleted };
}

/**
 * Runs fn over items, at most `width` at a time. On the first failure no new item starts; it throws
 * once the items already started have finished (so a caller that stops sees a settled state).
 */
export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      try {
        await fn(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failure) throw failure.error;
}
