import http from 'node:http';

/** One request as the fake Zalo's route files see it (body kept raw; JSON and form parsed when they parse). */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body as JSON when it is JSON (undefined otherwise). */
  json?: unknown;
  /** The body as a form (application/x-www-form-urlencoded), else empty. */
  form: URLSearchParams;
}

export interface FakeResponse {
  status?: number;
  json?: unknown;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** A tiny exact-path router: route files register their paths on it (server.ts composes them). */
export class FakeRouter {
  private routes = new Map<string, FakeHandler>();
  /** Every request received, oldest first (tests assert on what was called and how). */
  readonly calls: FakeRequest[] = [];

  private prefixes: { method: string; prefix: string; handler: FakeHandler }[] = [];

  on(method: 'GET' | 'POST', path: string, handler: FakeHandler) {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Every path starting with prefix (e.g. /files/<name>) when no exact route matches. */
  onPrefix(method: 'GET' | 'POST', prefix: string, handler: FakeHandler) {
    this.prefixes.push({ method, prefix, handler });
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const type = String(req.headers['content-type'] ?? '');
    let json: unknown;
    if (type.includes('json')) {
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
    }
    const form = type.includes('x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
    const fr: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, json, form };
    this.calls.push(fr);
    const handler =
      this.routes.get(`${fr.method} ${fr.path}`) ?? this.prefixes.find((p) => p.method === fr.method && fr.path.startsWith(p.prefix))?.handler;
    let out: FakeResponse;
    try {
      out = handler ? await handler(fr) : { status: 404, json: { error: 404, message: `fake zalo: no route ${fr.method} ${fr.path}` } };
    } catch (err) {
      out = { status: 500, json: { error: 500, message: String(err) } };
    }
    if (out.json !== undefined) {
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.json));
    } else {
      res.writeHead(out.status ?? 200, out.headers ?? {});
      res.end(out.body ?? '');
    }
  }
}
