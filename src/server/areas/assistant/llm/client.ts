import { z } from 'zod';

/**
 * A small client for any OpenAI-compatible endpoint (OpenAI, llama.cpp server, Ollama, vLLM …):
 * `/v1/chat/completions` with tools and streaming, `/v1/embeddings`. Every answer is validated; a
 * timeout, an HTTP error or a malformed answer is an LlmError, which callers turn into a hand-off
 * (the AI agent) or a retrieval-only suggestion (drafts) — never a half-written reply.
 */
export interface LlmEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  timeoutMs: number;
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export class LlmError extends Error {
  constructor(
    readonly kind: 'timeout' | 'http' | 'malformed' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

const ToolCallSchema = z.object({ id: z.string(), type: z.literal('function').default('function'), function: z.object({ name: z.string(), arguments: z.string() }) });
const CompletionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ role: z.string(), content: z.string().nullable().optional(), tool_calls: z.array(ToolCallSchema).optional() }), finish_reason: z.string().nullable().optional() }))
    .min(1),
});
const ChunkSchema = z.object({ choices: z.array(z.object({ delta: z.object({ content: z.string().nullable().optional() }).passthrough() })).optional() });
const EmbeddingsSchema = z.object({ data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int() })).min(1) });

/** `<base>/chat/completions` whether the base URL was given with its /v1 or without. */
export function endpointUrl(baseUrl: string, path: 'chat/completions' | 'embeddings' | 'models'): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(base) ? `${base}/${path}` : `${base}/v1/${path}`;
}

/** POST with one retry when the connection itself failed (a kept-alive socket the server had closed). */
async function post(ep: LlmEndpoint, path: 'chat/completions' | 'embeddings', body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await postOnce(ep, path, body, signal);
  } catch (err) {
    if (err instanceof LlmError && err.kind === 'unreachable' && !signal?.aborted) return postOnce(ep, path, body, signal);
    throw err;
  }
}

async function postOnce(ep: LlmEndpoint, path: 'chat/completions' | 'embeddings', body: unknown, signal?: AbortSignal): Promise<Response> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new LlmError('timeout', `no answer within ${ep.timeoutMs} ms`)), ep.timeoutMs);
  signal?.addEventListener('abort', () => ctrl.abort(signal.reason));
  try {
    const res = await fetch(endpointUrl(ep.baseUrl, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: ctrl.signal,
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new LlmError('http', `HTTP ${res.status}`);
    }
    // The caller reads the body; the timer keeps running for it (streams end or time out).
    const clear = () => clearTimeout(timer);
    (res as Response & { done?: () => void }).done = clear;
    return res;
  } catch (err) {
    clearTimeout(timer);
    throw asLlmError(err, ctrl.signal);
  }
}

function asLlmError(err: unknown, signal?: AbortSignal): LlmError {
  if (err instanceof LlmError) return err;
  if (signal?.aborted && signal.reason instanceof LlmError) return signal.reason;
  if ((err as Error)?.name === 'AbortError' || (err as Error)?.name === 'TimeoutError') return new LlmError('timeout', 'timed out');
  if (err instanceof SyntaxError || err instanceof z.ZodError) return new LlmError('malformed', 'the answer is not an OpenAI-compatible completion');
  return new LlmError('unreachable', (err as Error)?.message ?? 'unreachable');
}

const finish = (res: Response) => (res as Response & { done?: () => void }).done?.();

/** One chat completion (tools optional): the assistant's text and tool calls. */
export async function chat(ep: LlmEndpoint, messages: ChatMessage[], opts: { tools?: ToolSpec[]; temperature?: number; maxTokens?: number } = {}): Promise<{ content: string | null; toolCalls: ToolCall[]; model: string | null }> {
  const res = await post(ep, 'chat/completions', { model: ep.model, messages, tools: opts.tools?.length ? opts.tools : undefined, temperature: opts.temperature ?? 0.2, max_tokens: opts.maxTokens ?? 600, stream: false });
  try {
    const parsed = CompletionSchema.parse(JSON.parse(await res.text()));
    const m = parsed.choices[0]!.message;
    return { content: m.content ?? null, toolCalls: m.tool_calls ?? [], model: parsed.model ?? null };
  } catch (err) {
    throw asLlmError(err);
  } finally {
    finish(res);
  }
}

/** A streamed chat completion: yields text as it comes (Server-Sent Events, `data: {…}` … `data: [DONE]`). */
export async function* chatStream(ep: LlmEndpoint, messages: ChatMessage[], opts: { temperature?: number; maxTokens?: number; signal?: AbortSignal } = {}): AsyncGenerator<string> {
  const res = await post(ep, 'chat/completions', { model: ep.model, messages, temperature: opts.temperature ?? 0.3, max_tokens: opts.maxTokens ?? 800, stream: true }, opts.signal);
  if (!res.body) throw new LlmError('malformed', 'no body');
  const decoder = new TextDecoder();
  let buf = '';
  let sawDone = false;
  let any = false;
  try {
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(part, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          sawDone = true;
          continue;
        }
        const chunk = ChunkSchema.parse(JSON.parse(data));
        const text = chunk.choices?.[0]?.delta.content;
        if (text) {
          any = true;
          yield text;
        }
      }
    }
    if (!sawDone && !any) throw new LlmError('malformed', 'the stream ended without data');
  } catch (err) {
    throw asLlmError(err, undefined);
  } finally {
    finish(res);
  }
}

/** Embeddings of texts, in input order. */
export async function embed(ep: LlmEndpoint, input: string[]): Promise<number[][]> {
  const res = await post(ep, 'embeddings', { model: ep.model, input });
  try {
    const parsed = EmbeddingsSchema.parse(JSON.parse(await res.text()));
    const out: number[][] = [];
    for (const d of parsed.data) out[d.index] = d.embedding;
    if (out.length !== input.length || out.some((v) => !v)) throw new LlmError('malformed', 'embeddings missing');
    return out;
  } catch (err) {
    throw asLlmError(err);
  } finally {
    finish(res);
  }
}
