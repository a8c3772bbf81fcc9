import type { Env } from '../env.js';
import type { Tx } from '../db/types.js';
import { AppError } from '../errors.js';
import { s3Store } from './s3.js';
import type { ObjectStore } from './types.js';

export type { ObjectStore } from './types.js';

/**
 * Where new attachments' bytes go: the database (default: every instance reads them, nothing to run)
 * or an S3-compatible bucket when S3_ENDPOINT and S3_BUCKET are set. The one place that chooses.
 */
export function createObjectStore(env: Env): ObjectStore | undefined {
  if (!env.S3_ENDPOINT || !env.S3_BUCKET) return undefined;
  return s3Store({
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
  });
}

// Set at boot (assembleContext). Commands that write attachments run inside a transaction and get no
// context, so the configured store is read here; a process has one configuration.
let configured: ObjectStore | undefined;

/** Boot: the store new attachments are written to (undefined: the database). */
export function useObjectStore(store: ObjectStore | undefined): void {
  configured = store;
}

/** The store configured at boot (undefined: attachments go to the database). */
export function objectStore(): ObjectStore | undefined {
  return configured;
}

/** The key an attachment's object has in the bucket. */
export const attachmentKey = (workspaceId: string, attachmentId: string) => `attachments/${workspaceId}/${attachmentId}`;

export interface NewBlob {
  id: string;
  workspaceId: string;
  messageId: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Inserts an attachment row; its bytes go where storage is configured. With a bucket the object is
 * written first (keyed by workspace and attachment id), so a committed row always has its bytes; a
 * transaction that then rolls back leaves an object no row names.
 */
export async function insertAttachment(tx: Tx, a: NewBlob): Promise<void> {
  if (!configured) {
    await tx.query(
      `INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [a.id, a.workspaceId, a.messageId, a.filename, a.contentType, a.data.length, a.data],
    );
    return;
  }
  const key = attachmentKey(a.workspaceId, a.id);
  await configured.put(key, a.data, a.contentType);
  await tx.query(
    `INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, stored_in, storage_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.id, a.workspaceId, a.messageId, a.filename, a.contentType, a.data.length, configured.kind, key],
  );
}

/** What readers select of an attachment row to get its bytes: `data, stored_in, storage_key`. */
export interface StoredBytes {
  data: Uint8Array | null;
  stored_in: 'db' | 's3';
  storage_key: string | null;
}

/** An attachment's bytes, from where that row says they are (rows from before a bucket keep reading from the database). */
export async function attachmentBytes(row: StoredBytes): Promise<Buffer> {
  if (row.stored_in === 'db') return Buffer.from(row.data!);
  if (!configured || configured.kind !== row.stored_in) {
    throw new AppError(503, 'attachment.storage_unavailable', 'This file is kept in object storage, which this server is not configured to reach');
  }
  const data = await configured.get(row.storage_key!);
  if (!data) throw new AppError(404, 'attachment.not_found', 'The file of this attachment is missing from object storage');
  return data;
}
