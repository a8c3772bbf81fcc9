import { AppError, badRequest } from '../../../core/errors.js';
import type { NewAttachment } from '../../tickets/index.js';

export const MAX_WIDGET_ATTACHMENTS = 3;

/** File types a visitor may upload: pictures, PDF, plain text and office documents. */
export const ALLOWED_FILE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

// Types whose first bytes are known: the content must match the declared type, so a script or an
// HTML page cannot be passed off as a picture.
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

const notAllowed = (filename: string, type: string) =>
  new AppError(415, 'widget.file_type_not_allowed', `"${filename}" (${type}) is not a file type this chat accepts`, { allowed: ALLOWED_FILE_TYPES });

/**
 * Checks one uploaded file (already read, within the size cap): an allowed type whose content matches
 * it (415 widget.file_type_not_allowed); returns it with a safe filename.
 */
export function checkWidgetFile(filename: string, contentType: string, data: Buffer): NewAttachment {
  const type = contentType.toLowerCase().split(';')[0].trim();
  if (!(ALLOWED_FILE_TYPES as readonly string[]).includes(type)) throw notAllowed(filename, type);
  if (MAGIC[type] && !MAGIC[type](data)) throw notAllowed(filename, type);
  return { filename: filename.replace(/[\\/\0]/g, '_').trim().slice(0, 200) || 'file', contentType: type, data };
}

/**
 * Decodes a visitor's base64 attachments: at most 3, each ≤ maxBytes (413 attachment.too_large), of an
 * allowed type whose content matches it (415 widget.file_type_not_allowed).
 */
export function decodeWidgetAttachments(list: { filename: string; contentType: string; dataBase64: string }[] | undefined, maxBytes: number): NewAttachment[] {
  if (!list || list.length === 0) return [];
  if (list.length > MAX_WIDGET_ATTACHMENTS) throw badRequest('attachment.too_many', `At most ${MAX_WIDGET_ATTACHMENTS} files per message`);
  return list.map((a) => {
    const type = a.contentType.toLowerCase().split(';')[0].trim();
    if (!(ALLOWED_FILE_TYPES as readonly string[]).includes(type)) throw notAllowed(a.filename, type);
    const b64 = a.dataBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64) || b64.length % 4 === 1) throw badRequest('attachment.invalid_base64', `File "${a.filename}" is not valid base64`);
    const tooLarge = new AppError(413, 'attachment.too_large', `"${a.filename}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, { maxBytes });
    if (Math.floor((b64.length * 3) / 4) - 2 > maxBytes) throw tooLarge;
    const data = Buffer.from(b64, 'base64');
    if (data.length > maxBytes) throw tooLarge;
    if (MAGIC[type] && !MAGIC[type](data)) throw notAllowed(a.filename, type);
    const filename = a.filename.replace(/[\\/\0]/g, '_').trim().slice(0, 200) || 'file';
    return { filename, contentType: type, data };
  });
}
