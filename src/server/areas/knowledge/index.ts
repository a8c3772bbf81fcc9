/** Knowledge base: articles (vi/en) with categories, diacritic-insensitive search and the public help centre. */
import type { Area } from '../../core/area.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { publicHelpRoutes } from './public.routes.js';
// The knowledge base's event types, merged into core's EventCatalog.
import './events.js';

export { searchKnowledge, retrieveKnowledge, knowledgeIndex } from './queries/articles.js';
export { ticketQuestion } from './queries/ticket-question.js';
export { saveArticle } from './commands/save-article.js';
export { saveCategory } from './commands/save-category.js';
export { saveHelpCentre, getHelpCentre } from './commands/help-centre.js';
export { splitPassages, KnowledgeIndex, type RetrievalHit, type IndexedArticle } from './retrieval/bm25.js';
export { guessLang, words as retrievalWords } from './retrieval/text.js';
export { articleUrl } from './article-url.js';
export { articlesToEmbed, embeddingStatus, saveArticleEmbeddings, type ArticleToEmbed } from './queries/embeddings.js';
export type { QueryEmbedding } from './retrieval/hybrid.js';
export { usageGuidesFor, type UsageGuideItem } from './queries/usage-guides.js';

export const knowledgeArea: Area = {
  name: 'knowledge',
  routes: [{ plugin: knowledgeRoutes }, { plugin: publicHelpRoutes }],
};
