import type { AppContext } from '../../../core/context.js';
import { GRAPH_API_VERSION } from './account.js';

/** An error answer of the Graph API: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    readonly subcode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/** The Graph API could not be reached (DNS, refused, timeout). */
export class GraphUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphUnreachableError';
  }
}

const TIMEOUT_MS = 20_000;

/** `{GRAPH_API_BASE}/v<version>` — the one place the version is put into a URL. */
export function graphUrl(ctx: Pick<AppContext, 'env'>, path: string): string {
  return `${ctx.env.GRAPH_API_BASE.replace(/\/+$/, '')}/${GRAPH_API_VERSION}/${path.replace(/^\/+/, '')}`;
}

/**
 * One Graph API call with the Page token (sent as a Bearer header, never in the URL, so it stays out of
 * proxy logs). JSON bodies as JSON, uploads as multipart. Throws GraphApiError with Facebook's code.
 */
export async function graphCall<T>(
  ctx: Pick<AppContext, 'env'>,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: { json: unknown } | { form: FormData },
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(graphUrl(ctx, path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && 'json' in body ? { 'content-type': 'application/json' } : {}) },
      body: body ? ('json' in body ? JSON.stringify(body.json) : body.form) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new GraphUnreachableError(`Graph API unreachable: ${(err as Error).message}`, { cause: err });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  const error = (json as { error?: { message?: unknown; code?: unknown; error_subcode?: unknown } } | undefined)?.error;
  if (!res.ok || error) {
    const code = typeof error?.code === 'number' ? error.code : null;
    const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
    throw new GraphApiError(res.status, code, subcode, `Graph API ${res.status}${code !== null ? ` (#${code}${subcode !== null ? `/${subcode}` : ''})` : ''}: ${message}`);
  }
  if (json === undefined) throw new GraphApiError(res.status, null, null, `Graph API ${res.status}: the answer is not JSON`);
  return json as T;
}

/** The Send API's answer. */
export interface SendApiResult {
  recipient_id?: string;
  message_id: string;
}

/** POST /{PAGE_ID}/messages. */
export function sendApi(ctx: Pick<AppContext, 'env'>, token: string, pageId: string, body: Record<string, unknown>) {
  return graphCall<SendApiResult>(ctx, token, 'POST', `${encodeURIComponent(pageId)}/messages`, { json: body });
}

/** The attachment types of the Send API, from a file's MIME type. */
export function attachmentType(contentType: string): 'image' | 'video' | 'audio' | 'file' {
  const t = contentType.toLowerCase();
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('video/')) return 'video';
  if (t.startsWith('audio/')) return 'audio';
  return 'file';
}

/**
 * Uploads a file (POST /{PAGE_ID}/message_attachments, multipart: `message` names its type, `filedata`
 * the bytes) and returns its attachment_id for the Send API.
 */
export async function uploadAttachment(ctx: Pick<AppContext, 'env'>, token: string, pageId: string, file: { filename: string; contentType: string; data: Buffer }) {
  const form = new FormData();
  form.set('message', JSON.stringify({ attachment: { type: attachmentType(file.contentType), payload: { is_reusable: false } } }));
  form.set('filedata', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
  const r = await graphCall<{ attachment_id?: string | number }>(ctx, token, 'POST', `${encodeURIComponent(pageId)}/message_attachments`, { form });
  if (r.attachment_id === undefined) throw new GraphApiError(200, null, null, 'Graph API: the upload answered no attachment_id');
  return String(r.attachment_id);
}

/** A person's public profile as a Page sees it (GET /{PSID}?fields=first_name,last_name,profile_pic). */
export interface GraphProfile {
  first_name?: string;
  last_name?: string;
  profile_pic?: string;
}

export function fetchProfile(ctx: Pick<AppContext, 'env'>, token: string, psid: string) {
  return graphCall<GraphProfile>(ctx, token, 'GET', `${encodeURIComponent(psid)}?fields=first_name,last_name,profile_pic`);
}

/** The Page a token belongs to (GET /{PAGE_ID}?fields=id,name): the settings' test. */
export function fetchPage(ctx: Pick<AppContext, 'env'>, token: string, pageId: string) {
  return graphCall<{ id?: string; name?: string }>(ctx, token, 'GET', `${encodeURIComponent(pageId)}?fields=id,name`);
}
