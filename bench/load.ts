import http from 'node:http';

/** A small keep-alive HTTP client for the benchmark: node:http is far cheaper per request than fetch. */
export class Client {
  private agent: http.Agent;
  constructor(private readonly base: URL, sockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; json: any; headers: http.IncomingHttpHeaders }> {
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
            const text = Buffer.concat(chunks).toString('utf8');
            let json: any = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
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
