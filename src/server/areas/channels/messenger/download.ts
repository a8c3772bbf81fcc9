import { MAX_ATTACHMENT_BYTES, type NewAttachment } from '../../../core/channels/types.js';

const TIMEOUT_MS = 20_000;

/** The file's name from its URL ("…/12345_678_n.jpg?…"), else `<type>-<n>`. */
function nameOf(url: URL, type: string, n: number, contentType: string): string {
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (/^[\w.\- ]{1,120}\.\w{1,8}$/.test(last)) return last;
  const ext = contentType.split('/')[1]?.split(/[;+]/)[0] ?? 'bin';
  return `${type}-${n}.${ext}`;
}

/**
 * Downloads one attachment of a customer's message from the URL in the (signed) webhook: Facebook's
 * CDN links expire, so the bytes are kept. At most 5 MB (MAX_ATTACHMENT_BYTES), read as a stream and cut
 * off the moment it is passed. Returns undefined when too large or gone (the message keeps the link instead).
 */
export async function downloadAttachment(href: string, type: string, n: number): Promise<NewAttachment | undefined> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  // An expired or removed link (4xx) will not come back: the message keeps the link. Other failures retry the job.
  if (res.status >= 400 && res.status < 500) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok || !res.body) throw new Error(`attachment download answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_ATTACHMENT_BYTES) {
    await res.body.cancel();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_ATTACHMENT_BYTES) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  const contentType = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
  return { filename: nameOf(url, type, n, contentType), contentType, data: Buffer.concat(chunks) };
}
