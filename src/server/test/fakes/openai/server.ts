import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server speaking the OpenAI-compatible contract the assistant uses: POST /v1/chat/completions
 * (JSON or Server-Sent Events with `stream: true`, tool calls) and POST /v1/embeddings. Tests script
 * its answers with `reply` (a function of the request), so the same code path as production runs
 * against it: the base URL comes from the workspace's settings, nothing in the product knows it is a fake.
 */
export interface ChatRequest {
  model: string;
  messages: { role: string; content?: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
  stream?: boolean;
}

/** What the fake answers to one chat request. */
export type FakeAnswer =
  | { text: string }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[] }
  | { stream: string[] }
  | { delayMs: number; then?: FakeAnswer }
  /** Answers only once the test settles this promise (a request held open deterministically). */
  | { waitFor: Promise<unknown>; then: FakeAnswer }
  | { malformed: 'not_json' | 'no_choices' | 'bad_stream' }
  | { status: number };

export interface FakeOpenAi {
  url: string;
  /** Every chat request received, in order. */
  requests: ChatRequest[];
  /** Authorization headers received. */
  authHeaders: (string | undefined)[];
  reply: (req: ChatRequest) => FakeAnswer;
  /** Every /v1/embeddings request's model and input, in order. */
  embeddingRequests: { model: string; input: string[] }[];
  /** How /v1/embeddings answers: vectors (default), an HTTP error, or a malformed body. */
  embeddings: 'ok' | 'malformed' | { status: number };
  close(): Promise<void>;
}

/** The last user message's text, and whether a tool result is the last message (a second round). */
export const lastUser = (req: ChatRequest) => [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
export const afterTool = (req: ChatRequest) => req.messages[req.messages.length - 1]?.role === 'tool';
export const toolResults = (req: ChatRequest) => req.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '');

let callSeq = 0;

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = {
    url: '',
    requests: [],
    authHeaders: [],
    reply: () => ({ text: 'Dạ, em chào anh/chị ạ.' }),
    embeddingRequests: [],
    embeddings: 'ok',
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        let body: ChatRequest & { input?: string[] | string };
        try {
          body = JSON.parse(raw) as ChatRequest & { input?: string[] | string };
        } catch {
          res.writeHead(400).end('{"error":{"message":"bad json"}}');
          return;
        }
        if (req.url === '/v1/embeddings') {
          // The documented format: input is a string or an array of strings; data[] carries {object, index, embedding}.
          const input = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
          fake.embeddingRequests.push({ model: body.model, input });
          const mode = fake.embeddings;
          if (typeof mode === 'object') {
            res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{"error":{"message":"fake error"}}');
            return;
          }
          if (mode === 'malformed') {
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"index":0}]}');
            return;
          }
          const data = input.map((text, index) => ({ object: 'embedding', index, embedding: embedText(text) }));
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: input.length, total_tokens: input.length } }),
          );
          return;
        }
        if (req.url === '/v1/models') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'fake-model' }] }));
          return;
        }
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        fake.requests.push(body);
        fake.authHeaders.push(req.headers.authorization);
        await answer(fake.reply(body), body, res);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}

async function answer(a: FakeAnswer, req: ChatRequest, res: http.ServerResponse): Promise<void> {
  if ('delayMs' in a) {
    await new Promise((r) => setTimeout(r, a.delayMs));
    if (res.destroyed || res.writableEnded) return;
    return answer(a.then ?? { text: 'late' }, req, res);
  }
  if ('waitFor' in a) {
    await a.waitFor;
    if (res.destroyed || res.writableEnded) return;
    return answer(a.then, req, res);
  }
  if ('status' in a) {
    res.writeHead(a.status, { 'content-type': 'application/json' }).end('{"error":{"message":"fake error"}}');
    return;
  }
  if ('malformed' in a) {
    if (a.malformed === 'not_json') res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
    else if (a.malformed === 'no_choices') res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x","choices":[]}');
    else res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: {"choices": [ broken\n\n');
    return;
  }
  const id = `chatcmpl-${++callSeq}`;
  if ('stream' in a || req.stream) {
    const parts = 'stream' in a ? a.stream : 'text' in a ? [a.text] : [];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const p of parts) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model: req.model, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 5));
    }
    res.end(`data: ${JSON.stringify({ id, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    return;
  }
  const message =
    'toolCalls' in a
      ? { role: 'assistant', content: null, tool_calls: a.toolCalls.map((c, i) => ({ id: `call_${callSeq}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) }
      : { role: 'assistant', content: a.text };
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({ id, object: 'chat.completion', model: req.model, choices: [{ index: 0, message, finish_reason: 'toolCalls' in a ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
  );
}

/**
 * A toy thesaurus standing in for what a real embedding model learns: words of one group land on the
 * same dimension, so a paraphrase with no word in common with an article ("washer cleaning tips" vs
 * "Vệ sinh lồng giặt") still comes out close — which BM25 cannot do. Folded words (no diacritics).
 */
const CONCEPTS: string[][] = [
  ['washer', 'washing', 'laundry', 'giat'],
  ['clean', 'cleaning', 'cleanse', 've', 'sinh', 'rua'],
  ['refund', 'reimburse', 'reimbursement', 'money', 'hoan', 'tien'],
  ['broken', 'faulty', 'defective', 'hong', 'loi'],
  ['cold', 'cool', 'cooling', 'lanh', 'mat'],
  ['fridge', 'refrigerator', 'tu'],
  ['guide', 'manual', 'instructions', 'huong', 'dan'],
];
const CONCEPT_OF = new Map(CONCEPTS.flatMap((g, i) => g.map((w) => [w, `concept:${i}`] as const)));
const DIMS = 256;

/** A deterministic hashed bag-of-words embedding (256 dims, concept groups shared), enough for tests of the embeddings path. */
export function embedText(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const raw of text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    const w = CONCEPT_OF.get(raw) ?? raw;
    let h = 2166136261;
    for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    v[h % DIMS]! += 1;
  }
  return v;
}
