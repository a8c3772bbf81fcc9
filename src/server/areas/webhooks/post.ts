import http from 'node:http';
import https from 'node:https';
import { guardedLookup, urlProblem } from './url-guard.js';

/** What one attempt got: the status (null: no answer), the answer's first KB, or why it failed. */
export interface PostResult {
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_CHARS = 1000;
const MAX_READ_BYTES = 64 * 1024;

/**
 * POSTs a body once: no redirects followed (a 3xx is a failure), the whole attempt bounded by timeoutMs,
 * at most 64 KB of the answer read. Never throws: a failure is in the result.
 */
export function postOnce(url: string, headers: Record<string, string>, body: string, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const problem = urlProblem(url, opts.allowPrivate);
  if (problem) return Promise.resolve(done({ statusCode: null, excerpt: null, error: `refused: ${problem}` }));
  return new Promise((resolve) => {
    let settled = false;
    // eslint-disable-next-line prefer-const -- assigned once the request exists; finish() may run before that
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    let req: http.ClientRequest;
    try {
      req = lib.request(
        u,
        { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(opts.allowPrivate) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const end = () => {
            const text = Buffer.concat(chunks).toString('utf8');
            finish({ statusCode: res.statusCode ?? null, excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text, error: null });
            res.destroy();
          };
          res.on('data', (c: Buffer) => {
            if (size < MAX_READ_BYTES) chunks.push(c);
            size += c.length;
            if (size >= MAX_READ_BYTES) end();
          });
          res.on('end', end);
          res.on('error', end);
        },
      );
    } catch (err) {
      finish({ statusCode: null, excerpt: null, error: (err as Error).message });
      return;
    }
    timer = setTimeout(() => {
      finish({ statusCode: null, excerpt: null, error: `timeout after ${opts.timeoutMs} ms` });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ statusCode: null, excerpt: null, error: err.code === 'EWEBHOOKBLOCKED' ? `refused: ${err.message}` : err.code ? `${err.code}: ${err.message}` : err.message });
    });
    req.end(body);
  });
}
