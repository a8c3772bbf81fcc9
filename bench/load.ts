import http from 'node:http';

/** A small keep-alive HTTP client for the benchmark: node:http is far cheaper per request than fetch. */
export class Client {
  private agent: http.Agent;
  constructor(private readonly base: URL, sockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, json: parseBody(Buffer.concat(chunks).toString('utf8')), headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** A response body: its JSON (null when empty), or the text itself when it is not JSON. */
export function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * `json?.a?.[0]?.b` for a body of unknown shape: follows the keys while the value is an object or
 * array, undefined as soon as it is not.
 */
export function jsonAt(json: unknown, ...path: (string | number)[]): unknown {
  let v = json;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** The string at `path` in a body; throws (naming the path) when the answer has another shape. */
export function jsonString(json: unknown, ...path: (string | number)[]): string {
  const v = jsonAt(json, ...path);
  if (typeof v !== 'string') throw new Error(`expected a string at ${path.join('.')}: ${JSON.stringify(json)?.slice(0, 200)}`);
  return v;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Latencies in ms per named step (a scenario can time several requests per iteration). */
  latencies: Record<string, number[]>;
  firstError?: string;
}

/**
 * Runs `iteration` from `concurrency` workers until `durationMs` is over. An iteration times its own
 * requests through `time(step, fn)` and throws on an unexpected answer (counted as an error).
 */
export async function runLoad(opts: {
  concurrency: number;
  durationMs: number;
  /** First iteration index (distinct runs can then keep unique ids apart). */
  startIndex?: number;
  iteration: (i: number, time: <T>(step: string, fn: () => Promise<T>) => Promise<T>) => Promise<void>;
}): Promise<LoadResult> {
  const latencies: Record<string, number[]> = {};
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  let i = opts.startIndex ?? 0;
  const time = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    (latencies[step] ??= []).push(performance.now() - t0);
    requests++;
    return r;
  };
  const start = performance.now();
  const end = start + opts.durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      try {
        await opts.iteration(i++, time);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { requests, errors, seconds: (performance.now() - start) / 1000, latencies, firstError };
}

/** The p-th percentile (0–100) of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
