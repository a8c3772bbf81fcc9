import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import type { Reaction } from '../../../core/events/reactions.js';
import { isEvent } from '../../../core/events/types.js';
import { defineJob } from '../../../core/jobs/define.js';
import { articlesToEmbed, saveArticleEmbeddings } from '../../knowledge/index.js';
import { loadSettingsRow } from '../commands/settings.js';
import { embed } from '../llm/client.js';
import { embeddingEndpoint } from './endpoint.js';

/** Passages per /v1/embeddings request (endpoints limit a batch; llama.cpp's default is small). */
const BATCH = 16;

/**
 * Embeds a workspace's articles (these ids, or all) whose stored passages are missing or stale — every
 * one with `force`. An endpoint failure throws (the job retries); articles done before it stay done.
 */
export async function embedArticles(ctx: AppContext, workspaceId: string, ids: string[] | 'all', force = false): Promise<number> {
  const ep = embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, workspaceId));
  if (!ep) return 0;
  const todo = await articlesToEmbed(ctx.db, workspaceId, ep.model, ids === 'all' ? undefined : ids, force);
  for (const article of todo) {
    const vectors: number[][] = [];
    for (let i = 0; i < article.texts.length; i += BATCH) vectors.push(...(await embed(ep, article.texts.slice(i, i + BATCH))));
    await saveArticleEmbeddings(ctx.db, workspaceId, article, ep.model, vectors);
  }
  return todo.length;
}

/**
 * Embeds knowledge-base articles for hybrid retrieval, durably: a saved article (its passages, if the
 * text changed), or every article when the embeddings are switched on or the model changes. An endpoint
 * failure throws, so the job retries with back-off; until it succeeds, search is BM25 for that article.
 */
export const embedKnowledgeReaction: Reaction = {
  name: 'assistant.embed_knowledge',
  handles: ['kb_article.saved', 'assistant.settings_saved'],
  retryLimit: 4,
  concurrency: 1,
  async run(ctx, events) {
    const byWorkspace = new Map<string, Set<string> | 'all'>();
    for (const e of events) {
      if (isEvent(e, 'assistant.settings_saved')) byWorkspace.set(e.workspace_id, 'all');
      else if (isEvent(e, 'kb_article.saved')) {
        const ids = byWorkspace.get(e.workspace_id) ?? new Set<string>();
        if (ids !== 'all') byWorkspace.set(e.workspace_id, ids.add(e.subject_id));
      }
    }
    for (const [workspaceId, ids] of byWorkspace) await embedArticles(ctx, workspaceId, ids === 'all' ? 'all' : [...ids]);
  },
};

export const REEMBED_JOB = 'assistant.reembed';

/** An admin's "re-embed everything" (Settings → AI assistant): every article again, current or not. */
export const reembedJob = defineJob({
  name: REEMBED_JOB,
  schema: z.object({ workspaceId: z.string().uuid() }),
  retryLimit: 4,
  retryBackoff: true,
  concurrency: 1,
  expireInSeconds: 3600,
  async handle(ctx, data) {
    await embedArticles(ctx, data.workspaceId, 'all', true);
  },
});
