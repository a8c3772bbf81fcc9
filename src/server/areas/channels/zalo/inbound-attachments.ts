import { MAX_ATTACHMENT_BYTES, type NewAttachment } from '../../../core/channels/types.js';

/** One attachment of a user_send_* event as Zalo documents it: {type, payload: {url, thumbnail, name, size, coordinates …}}. */
export interface ZaloAttachment {
  type?: string;
  payload?: {
    url?: string;
    thumbnail?: string;
    name?: string;
    size?: string | number;
    type?: string;
    id?: string;
    title?: string;
    description?: string;
    coordinates?: { latitude?: string | number; longitude?: string | number };
  };
}

/** A download that cannot succeed by retrying (gone, refused, too large): the message keeps the link instead. */
export class AttachmentUnavailable extends Error {}

const DEFAULT_TYPES: Record<string, string> = {
  image: 'image/jpeg',
  gif: 'image/gif',
  sticker: 'image/png',
  audio: 'audio/aac',
  video: 'video/mp4',
  file: 'application/octet-stream',
};

function filenameFor(a: ZaloAttachment, url: URL, msgId: string, index: number) {
  if (a.payload?.name) return a.payload.name.slice(0, 200);
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (last && /\.[a-z0-9]{2,5}$/i.test(last)) return last.slice(0, 200);
  const ext = { image: 'jpg', gif: 'gif', sticker: 'png', audio: 'aac', video: 'mp4' }[a.type ?? ''] ?? 'bin';
  return `zalo-${msgId}-${index + 1}.${ext}`;
}

/**
 * Downloads an attachment from the URL in the (signed) event. Only http(s), at most 5 MB (checked on
 * the announced size and while reading). Network errors and 5xx throw a plain Error (the job retries);
 * 4xx, oversize and non-http throw AttachmentUnavailable (the message is filed with the link).
 */
export async function downloadZaloAttachment(a: ZaloAttachment, msgId: string, index: number): Promise<NewAttachment> {
  const raw = a.payload?.url ?? '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AttachmentUnavailable(`not a URL: ${raw.slice(0, 100)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AttachmentUnavailable('not an http(s) URL');
  if (Number(a.payload?.size ?? 0) > MAX_ATTACHMENT_BYTES) throw new AttachmentUnavailable('larger than 5 MB');
  const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(20_000) });
  if (res.status >= 400 && res.status < 500) throw new AttachmentUnavailable(`HTTP ${res.status}`);
  if (!res.ok || !res.body) throw new Error(`attachment download: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_ATTACHMENT_BYTES) throw new AttachmentUnavailable('larger than 5 MB');
    chunks.push(Buffer.from(chunk));
  }
  const header = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const contentType = header && header !== 'application/octet-stream' ? header : (DEFAULT_TYPES[a.type ?? ''] ?? 'application/octet-stream');
  return { filename: filenameFor(a, url, msgId, index), contentType, data: Buffer.concat(chunks) };
}
