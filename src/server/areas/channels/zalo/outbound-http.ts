import { ZaloApiError } from './errors.js';

/** Zalo's envelope: `error` 0 on success (HTTP 200 either way as a rule), `data` the result. */
interface ZaloEnvelope<T> {
  error?: number;
  message?: string;
  data?: T;
}

const TIMEOUT_MS = 20_000;

/**
 * One call to a Zalo API with the `access_token` header (how both the OpenAPI and ZNS take it). A
 * non-zero `error` becomes a ZaloApiError with Zalo's code; a non-JSON or 5xx answer an ordinary
 * Error (the job retries it as server_unavailable).
 */
export async function zaloRequest<T>(
  api: ZaloApiError['api'],
  url: string,
  token: string,
  init: { method: 'GET' | 'POST'; json?: unknown; form?: FormData },
): Promise<T> {
  const headers: Record<string, string> = { access_token: token };
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  const res = await fetch(url, { method: init.method, headers, body, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let parsed: ZaloEnvelope<T>;
  try {
    parsed = JSON.parse(text) as ZaloEnvelope<T>;
  } catch {
    throw new Error(`Zalo answered HTTP ${res.status} without JSON`);
  }
  const code = Number(parsed.error ?? 0);
  if (code !== 0) throw new ZaloApiError(api, code, parsed.message ?? 'error');
  if (!res.ok) throw new Error(`Zalo answered HTTP ${res.status}`);
  return (parsed.data ?? {}) as T;
}

/** Joins a base URL setting (ZALO_API_BASE, ZALO_ZNS_BASE) and a path. */
export const zaloUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;
