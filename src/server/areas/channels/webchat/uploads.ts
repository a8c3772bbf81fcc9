import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../core/db/types.js';
import { AppError, badRequest } from '../../../core/errors.js';
import { cleanString } from '../../../core/http/text-safety.js';
import type { NewAttachment } from '../../tickets/index.js';
import { checkWidgetFile, MAX_WIDGET_ATTACHMENTS } from './attachments.js';

const MB = 1024 * 1024;

/**
 * Visitors' files are public input: they are read as a stream with a byte cap (never a whole body in
 * memory before we know its size), a bounded number at once per process and one at a time per
 * visitor, and counted against per-visitor and per-widget daily byte quotas reserved before storing.
 */
export interface UploadLimits {
  visitorBytesPerDay: number;
  widgetBytesPerDay: number;
  concurrency: number;
}

export const uploadLimitsFrom = (env: { WIDGET_UPLOAD_VISITOR_MB_PER_DAY: number; WIDGET_UPLOAD_WIDGET_MB_PER_DAY: number; WIDGET_UPLOAD_CONCURRENCY: number }): UploadLimits => ({
  visitorBytesPerDay: Math.round(env.WIDGET_UPLOAD_VISITOR_MB_PER_DAY * MB),
  widgetBytesPerDay: Math.round(env.WIDGET_UPLOAD_WIDGET_MB_PER_DAY * MB),
  concurrency: env.WIDGET_UPLOAD_CONCURRENCY,
});

export const quotaExceeded = (scope: 'visitor' | 'widget') =>
  new AppError(
    429,
    'widget.upload_quota_exceeded',
    scope === 'visitor' ? 'You have sent as many files as this chat accepts today; try again tomorrow or write a message instead' : 'This chat accepts no more files today; please write a message instead',
    { scope },
  );

export const uploadsBusy = () => new AppError(429, 'widget.uploads_busy', 'Too many files are being sent right now; try again in a few seconds');

/**
 * How many uploads run at once in this process (each holds at most one file of the widget's size in
 * memory), and one per visitor. Full: 429 widget.uploads_busy at once, without reading the body.
 */
export class UploadGate {
  private running = 0;
  private visitors = new Set<string>();
  constructor(readonly slots: number) {}

  get inFlight() {
    return this.running;
  }

  /** Takes a slot for the visitor; returns the release function. */
  acquire(visitorId: string): () => void {
    if (this.running >= this.slots || this.visitors.has(visitorId)) throw uploadsBusy();
    this.running++;
    this.visitors.add(visitorId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.visitors.delete(visitorId);
    };
  }
}

const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** Whether the visitor or the widget has used up today's quota already (refuse before reading anything). */
export async function assertQuotaLeft(db: Db, w: { accountId: string; visitorId: string }, limits: UploadLimits) {
  const rows = await db.query<{ scope: string; bytes: string }>(
    `SELECT scope, bytes FROM webchat_upload_usage WHERE account_id = $1 AND day = ${TODAY} AND scope IN ('widget', $2)`,
    [w.accountId, w.visitorId],
  );
  for (const r of rows) {
    if (r.scope === 'widget' && Number(r.bytes) >= limits.widgetBytesPerDay) throw quotaExceeded('widget');
    if (r.scope !== 'widget' && Number(r.bytes) >= limits.visitorBytesPerDay) throw quotaExceeded('visitor');
  }
}

/**
 * Reserves `bytes` of today's quota for the visitor and the widget, atomically (a conditional upsert
 * per scope in one transaction): concurrent uploads cannot overshoot. 429 widget.upload_quota_exceeded
 * when either would go over; nothing is counted then.
 */
export async function reserveUploadBytes(db: Db, w: { workspaceId: string; accountId: string; visitorId: string }, bytes: number, limits: UploadLimits) {
  if (bytes <= 0) return;
  if (bytes > limits.visitorBytesPerDay) throw quotaExceeded('visitor');
  if (bytes > limits.widgetBytesPerDay) throw quotaExceeded('widget');
  await db.tx(async (tx) => {
    for (const [scope, cap] of [
      [w.visitorId, limits.visitorBytesPerDay],
      ['widget', limits.widgetBytesPerDay],
    ] as const) {
      const ok = await tx.maybeOne(
        `INSERT INTO webchat_upload_usage (workspace_id, account_id, scope, day, bytes) VALUES ($1, $2, $3, ${TODAY}, $4)
         ON CONFLICT (account_id, scope, day) DO UPDATE SET bytes = webchat_upload_usage.bytes + EXCLUDED.bytes
         WHERE webchat_upload_usage.bytes + EXCLUDED.bytes <= $5
         RETURNING bytes`,
        [w.workspaceId, w.accountId, scope, bytes, cap],
      );
      if (!ok) throw quotaExceeded(scope === 'widget' ? 'widget' : 'visitor');
    }
  });
}

export interface MultipartMessage {
  clientId: string;
  body: string;
  attachments: NewAttachment[];
}

const tooLarge = (maxBytes: number, filename?: string) =>
  new AppError(413, 'attachment.too_large', `${filename ? `"${filename}"` : 'A file'} is larger than ${Math.round(maxBytes / MB)} MB`, { maxBytes });

/**
 * Reads a multipart message (fields clientId and body, then up to 3 files) as a stream: each file is
 * read up to maxBytes and refused (413 attachment.too_large) the moment it goes past, so a large or
 * endless upload costs at most maxBytes of memory. `onFile` runs after each file is read (quota).
 */
export async function readMultipartMessage(req: FastifyRequest, maxBytes: number, onFile: (bytes: number) => Promise<void>): Promise<MultipartMessage> {
  const fields: Record<string, string> = {};
  const attachments: NewAttachment[] = [];
  try {
    const parts = req.parts({ limits: { fileSize: maxBytes, files: MAX_WIDGET_ATTACHMENTS, fields: 4, fieldSize: 20_000, parts: 8, fieldNameSize: 50 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'clientId' || part.fieldname === 'body') fields[part.fieldname] = cleanString(String(part.value ?? ''));
        continue;
      }
      const data = await part.toBuffer();
      if (part.file.truncated) throw tooLarge(maxBytes, part.filename);
      await onFile(data.length);
      attachments.push(checkWidgetFile(cleanString(part.filename || 'file'), part.mimetype || 'application/octet-stream', data));
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw badRequest('attachment.too_many', `At most ${MAX_WIDGET_ATTACHMENTS} files per message`);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badRequest('validation.failed', 'Too many form fields');
    if (code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw badRequest('validation.failed', 'Invalid form data');
    if (err instanceof AppError) throw err;
    // A malformed multipart body (busboy's own errors: missing boundary, unexpected end …).
    if (err instanceof Error && !(err as { statusCode?: number }).statusCode && /multipart|boundary|unexpected end|part/i.test(err.message)) throw badRequest('validation.failed', 'Invalid form data');
    throw err;
  }
  const clientId = fields.clientId ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) throw badRequest('validation.failed', 'Invalid clientId: a UUID is needed', [{ path: 'clientId', message: 'a UUID is needed' }]);
  const body = fields.body ?? '';
  if (body.length > 5000) throw badRequest('validation.failed', 'Invalid body: at most 5000 characters', [{ path: 'body', message: 'at most 5000 characters' }]);
  return { clientId, body, attachments };
}
