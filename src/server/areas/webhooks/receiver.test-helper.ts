import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP receiver for webhook tests: records each request (headers, raw body) and answers what `reply` says. */
export async function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string; path: string }[] = [];
  const state = { replies: [] as number[], fallback: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/' });
      const code = state.replies.shift() ?? state.fallback;
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(code >= 200 && code < 300 ? 'ok' : `lỗi ${code} `.repeat(400));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** The status codes of the next answers, in order; after them `fallback`. */
    reply(...codes: number[]) {
      state.replies.push(...codes);
    },
    set fallback(code: number) {
      state.fallback = code;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
