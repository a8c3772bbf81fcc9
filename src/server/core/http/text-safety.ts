import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Text that PostgreSQL cannot store is cleaned where it enters, once for every route:
 * NUL (U+0000) is removed (a text column refuses it) and a lone UTF-16 surrogate becomes U+FFFD
 * (it has no UTF-8 form). We clean rather than refuse: such characters come from broken clients and
 * copy-paste far more often than from attackers, and a visitor's message should still arrive.
 * Nesting deeper than MAX_DEPTH is refused (400 request.too_deep): no API of ours needs it, and
 * validating it would only cost stack.
 */
export const MAX_DEPTH = 32;

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- NUL is exactly what we look for
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string holds NUL or a lone surrogate. */
export const isUnsafeText = (s: string) => UNSAFE.test(s);

/** A string PostgreSQL can store: NUL removed, lone surrogates replaced by U+FFFD. */
export function cleanString(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

const tooDeep = () => new AppError(400, 'request.too_deep', `The request nests values more than ${MAX_DEPTH} levels deep`);

/**
 * Cleans every string (object keys too) of a parsed JSON-like value in place and returns it (a
 * top-level string is returned cleaned). Buffers, dates, maps and sets are left alone.
 * Throws 400 request.too_deep beyond MAX_DEPTH levels.
 */
export function cleanValue<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T;
  // Iterative walk: a hostile depth must not exhaust the stack before we can refuse it.
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) throw tooDeep();
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (typeof v[i] === 'string') v[i] = cleanString(v[i]);
        else if (v[i] && typeof v[i] === 'object') stack.push({ v: v[i], depth: depth + 1 });
      }
      continue;
    }
    // Buffers and other built-ins are not text (the router's params object has its own prototype, so no prototype check).
    if (ArrayBuffer.isView(v) || v instanceof Date || v instanceof Map || v instanceof Set) continue;
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      let k = key;
      if (UNSAFE.test(key)) {
        k = cleanString(key);
        const moved = obj[key];
        delete obj[key];
        obj[k] = moved;
      }
      const child = obj[k];
      if (typeof child === 'string') obj[k] = cleanString(child);
      else if (child && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
    }
  }
  return value;
}

/** Cleans a request's params, querystring and parsed (object) body. Raw string bodies (signed webhooks) are the route's to clean after verifying. */
export function cleanRequest(req: FastifyRequest) {
  if (req.params && typeof req.params === 'object') cleanValue(req.params);
  if (req.query && typeof req.query === 'object') cleanValue(req.query);
  if (req.body && typeof req.body === 'object') cleanValue(req.body);
}

/**
 * Registers the cleaning for every route: path parameters and querystring as the request arrives
 * (onRequest hooks of areas already read them, e.g. the widget key), the parsed body before schema
 * validation, so handlers only ever see storable text.
 */
export function registerTextSafety(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (req.params && typeof req.params === 'object') cleanValue(req.params);
    if (req.query && typeof req.query === 'object') cleanValue(req.query);
  });
  app.addHook('preValidation', async (req) => cleanRequest(req));
}

// SQLSTATE-bearing errors (pg, PGlite) carry the statement's parameters and a detail that quotes
// values (names, emails, phone numbers): none of that may reach a log.
const PG_VALUE_IN_MESSAGE = /(:\s*)"[^"]*"/g;

/**
 * An error as it may be logged: type, message, stack, code and status, but never the query's
 * parameters, a database error's detail/where, a request body or anything else hung on the error.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  // Already made loggable (the error handler does, then the logger's serializer sees it again).
  if (typeof err === 'object' && err !== null && made.has(err)) return err as Record<string, unknown>;
  if (!(err instanceof Error)) return { type: typeof err, message: 'non-error thrown' };
  const e = err as Error & { code?: unknown; statusCode?: unknown; query?: unknown; routine?: unknown };
  const isDb = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  const message = isDb ? e.message.replace(PG_VALUE_IN_MESSAGE, '$1"…"') : e.message;
  const stack = e.stack ? e.stack.replace(e.message, message) : undefined;
  const out = {
    type: e.constructor?.name ?? 'Error',
    message,
    stack,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    // The statement text is ours (parameterised): useful, and free of personal data.
    ...(isDb && typeof e.query === 'string' ? { query: e.query.slice(0, 500) } : {}),
    ...(isDb && typeof e.routine === 'string' ? { routine: e.routine } : {}),
    ...(err.cause ? { cause: loggableError(err.cause) } : {}),
  };
  made.add(out);
  return out;
}

const made = new WeakSet<object>();
