import type { Db } from '../../../core/db/types.js';
import { notFound } from '../../../core/errors.js';
import { attachmentBytes, type StoredBytes } from '../../../core/storage/index.js';

/** An attachment's name, type and bytes; 404 attachment.not_found outside the workspace. */
export async function getAttachment(db: Db, workspaceId: string, id: string) {
  const a = await db.maybeOne<{ filename: string; content_type: string } & StoredBytes>(
    'SELECT filename, content_type, data, stored_in, storage_key FROM attachments WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
  if (!a) throw notFound('attachment');
  return { filename: a.filename, content_type: a.content_type, data: await attachmentBytes(a) };
}
