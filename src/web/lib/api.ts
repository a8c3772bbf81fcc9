import type { z } from 'zod';
import type { ErrorSchema } from '../../shared/common';

type ErrorBody = z.infer<typeof ErrorSchema>;

/** Error answered by the API as `{ error: { id, message } }`; `id` is stable, `message` readable. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly id: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

/** Builds `/api/...?a=1&b=2`, skipping empty values; arrays repeat the key. */
export function apiUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** JSON fetch against the API with the session cookie; throws ApiError on any non-2xx answer. */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal: opts.signal,
  };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network.unreachable', 'The server cannot be reached');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) throw apiErrorOf(res, data);
  return data as T;
}

const isErrorBody = (data: unknown): data is ErrorBody =>
  typeof data === 'object' && data !== null && typeof (data as Partial<ErrorBody>).error === 'object';

/** The ApiError for a non-2xx answer whose body (parsed JSON, if any) may be the API's `{ error }`. */
export function apiErrorOf(res: Response, data: unknown): ApiError {
  const e = isErrorBody(data) ? data.error : undefined;
  return new ApiError(res.status, e?.id ?? `http.${res.status}`, e?.message ?? res.statusText, e?.details);
}

/** True when the error means "not logged in". */
export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One entry of an error's details: a validation issue `{ path, message }`, or what a refusal names (`{ field, customerId … }`). */
export interface ErrorDetail {
  /** Where the bad input was: "body.email", or as parts ["config", "imap", "host"]. */
  path: string[];
  field: string | null;
  message: string | null;
  raw: Record<string, unknown>;
}

/** The entries of an ApiError's details: a list of validation issues, or the one object a refusal carries. */
export function errorDetails(err: ApiError): ErrorDetail[] {
  const list: unknown[] = Array.isArray(err.details) ? err.details : err.details !== undefined ? [err.details] : [];
  return list.filter(isRecord).map((d) => ({
    path: Array.isArray(d.path) ? d.path.map(String) : typeof d.path === 'string' && d.path ? d.path.split('.') : [],
    field: typeof d.field === 'string' ? d.field : null,
    message: typeof d.message === 'string' ? d.message : null,
    raw: d,
  }));
}

/** A text value the error's details name, e.g. the `customerId` of customer.identity_taken. */
export function errorDetail(err: ApiError, key: string): string | null {
  const v = isRecord(err.details) ? err.details[key] : undefined;
  return typeof v === 'string' ? v : null;
}
