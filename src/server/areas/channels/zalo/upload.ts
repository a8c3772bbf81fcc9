import { PermanentDeliveryError } from '../../../core/channels/delivery-failure.js';
import { zaloRequest, zaloUrl } from './outbound-http.js';

/** One file of an agent's reply. */
export interface ZaloUpload {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * What Zalo's upload APIs take (developers.zalo.me "Upload hình ảnh / Upload file", v2.0 — v3.0 has
 * no upload endpoints of its own; the v3 message API references their results): images jpg/png up to
 * 1 MB → `attachment_id`; gif up to 5 MB → `attachment_id`; files PDF/DOC/DOCX/CSV up to 5 MB → `token`.
 */
export const ZALO_IMAGE_TYPES = ['image/jpeg', 'image/png'];
export const ZALO_FILE_TYPES = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/csv',
];
const IMAGE_MAX = 1024 * 1024;
const FILE_MAX = 5 * 1024 * 1024;

export type ZaloAttachmentKind = 'image' | 'gif' | 'file';

/** How an attachment goes to Zalo, or why it cannot (refused before anything is sent). */
export function attachmentKind(a: ZaloUpload): ZaloAttachmentKind {
  const type = a.contentType.toLowerCase().split(';')[0]!.trim();
  if (type === 'image/gif') {
    if (a.data.length > FILE_MAX) throw tooLarge(a, '5 MB');
    return 'gif';
  }
  if (ZALO_IMAGE_TYPES.includes(type)) {
    if (a.data.length > IMAGE_MAX) throw tooLarge(a, '1 MB');
    return 'image';
  }
  if (ZALO_FILE_TYPES.includes(type) || /\.(pdf|docx?|csv)$/i.test(a.filename)) {
    if (a.data.length > FILE_MAX) throw tooLarge(a, '5 MB');
    return 'file';
  }
  throw new PermanentDeliveryError(
    'recipient_rejected',
    `Zalo only takes JPG/PNG images (1 MB), GIFs (5 MB) and PDF, DOC, DOCX or CSV files (5 MB); "${a.filename}" is ${type || 'of an unknown type'}`,
  );
}

const tooLarge = (a: ZaloUpload, limit: string) =>
  new PermanentDeliveryError('recipient_rejected', `"${a.filename}" is larger than Zalo's ${limit} limit for this kind of attachment`);

/**
 * Uploads one attachment (multipart, field `file`) and returns what the message API references it by:
 * `attachment_id` for images and GIFs, `token` for files.
 */
export async function uploadToZalo(apiBase: string, token: string, a: ZaloUpload, kind: ZaloAttachmentKind): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(a.data)], { type: a.contentType }), a.filename);
  const path = kind === 'file' ? '/v2.0/oa/upload/file' : kind === 'gif' ? '/v2.0/oa/upload/gif' : '/v2.0/oa/upload/image';
  const data = await zaloRequest<{ attachment_id?: string; token?: string }>('openapi', zaloUrl(apiBase, path), token, { method: 'POST', form });
  const ref = kind === 'file' ? data.token : data.attachment_id;
  if (!ref) throw new Error(`Zalo's ${kind} upload answered without ${kind === 'file' ? 'token' : 'attachment_id'}`);
  return String(ref);
}

/** A GIF's width and height from its header (Zalo's media element needs them for gifs); 0 when unreadable. */
export function gifSize(data: Buffer): { width: number; height: number } {
  if (data.length < 10 || data.subarray(0, 3).toString('latin1') !== 'GIF') return { width: 0, height: 0 };
  return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
}
