import type { Reaction } from '../../../core/events/reactions.js';
import { isEvent } from '../../../core/events/types.js';
import { articlesToEmbed, saveArticleEmbeddings } from '../../knowledge/index.js';
import { loadSettingsRow } from '../commands/settings.js';
import { embed } from '../llm/client.js';
import { embeddingEndpoint } from './endpoint.js';

/** Passages per /v1/embeddings request (endpoints limit a batch; llama.cpp's default is small). */
const BATCH = 16;

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
    for (const [workspaceId, ids] of byWorkspace) {
      const ep = embeddingEndpoint(ctx, await loadSettingsRow(ctx.db, workspaceId));
      if (!ep) continue;
      const todo = await articlesToEmbed(ctx.db, workspaceId, ep.model, ids === 'all' ? undefined : [...ids]);
      for (const article of todo) {
        const vectors: number[][] = [];
        for (let i = 0; i < article.texts.length; i += BATCH) vectors.push(...(await embed(ep, article.texts.slice(i, i + BATCH))));
        await saveArticleEmbeddings(ctx.db, workspaceId, article, ep.model, vectors);
      }
    }
  },
};
