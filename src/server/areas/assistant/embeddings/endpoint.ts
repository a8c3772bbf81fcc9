import type { AppContext, QueryEmbedding } from '../../../core/context.js';
import { endpointOf, loadSettingsRow } from '../commands/settings.js';
import { embed, LlmError, type LlmEndpoint } from '../llm/client.js';

type SettingsRow = Awaited<ReturnType<typeof loadSettingsRow>>;

/**
 * The endpoint and model that embed a workspace's knowledge base, or null (BM25 alone): the workspace's
 * "embeddings" switch with its own endpoint, or — on the env default endpoint — LLM_EMBEDDING_MODEL.
 * The model is the saved embedding model, else LLM_EMBEDDING_MODEL, else the chat model's name (an
 * Ollama or llama.cpp server that embeds with the same model).
 */
export function embeddingEndpoint(ctx: Pick<AppContext, 'env' | 'secrets'>, s: SettingsRow): LlmEndpoint | null {
  const ep = endpointOf(ctx, s);
  if (!ep) return null;
  const onEnvDefault = !s.base_url;
  if (!s.embeddings && !(onEnvDefault && ctx.env.LLM_EMBEDDING_MODEL)) return null;
  return { ...ep, model: s.embedding_model ?? ctx.env.LLM_EMBEDDING_MODEL ?? ep.model };
}

/** A question waits at most this long for its embedding before being answered by BM25 alone. */
const QUERY_TIMEOUT_MS = 5000;

/**
 * The embedding of a question for hybrid retrieval, or null — no endpoint with embeddings, or it failed
 * (timeout, HTTP error, malformed answer): then retrieval is BM25 alone, never an error to the customer.
 */
export async function queryEmbedding(ctx: Pick<AppContext, 'db' | 'env' | 'secrets'>, workspaceId: string, text: string): Promise<QueryEmbedding | null> {
  const ep = embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, workspaceId));
  const q = text.trim().slice(0, 4000);
  if (!ep || !q) return null;
  try {
    const [vector] = await embed({ ...ep, timeoutMs: Math.min(ep.timeoutMs, QUERY_TIMEOUT_MS) }, [q]);
    return vector ? { model: ep.model, vector } : null;
  } catch (err) {
    if (err instanceof LlmError) return null;
    throw err;
  }
}
