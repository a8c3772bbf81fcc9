/** Assistant: the AI agent on chat channels, the model endpoint, and drafts and summaries for agents. */
import type { Area } from '../../core/area.js';
import { assistantRoutes } from './assistant.routes.js';
import { aiAgentReaction } from './reactions.js';
import { embedKnowledgeReaction, reembedJob } from './embeddings/embed-knowledge.js';
import { handoffSummaryReaction } from './agent/handoff-summary.js';
// The assistant's event types, merged into core's EventCatalog.
import './events.js';

export { assistantMetrics } from './queries/metrics.js';
export { respondToMessage } from './agent/respond.js';
export { queryEmbedding } from './embeddings/endpoint.js';

export const assistantArea: Area = {
  name: 'assistant',
  routes: [{ plugin: assistantRoutes }],
  jobs: [reembedJob],
  reactions: [aiAgentReaction, embedKnowledgeReaction, handoffSummaryReaction],
};
