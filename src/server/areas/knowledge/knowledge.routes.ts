import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import {
  HelpCentreSettingsSchema, KbArticleSchema, KbArticleWriteSchema, KbCategorySchema, KbCategoryWriteSchema, KbHitSchema, KbSearchQuerySchema,
} from '../../../shared/knowledge.js';
import { deleteArticle, saveArticle } from './commands/save-article.js';
import { deleteCategory, saveCategory } from './commands/save-category.js';
import { getHelpCentre, saveHelpCentre } from './commands/help-centre.js';
import { getArticle, listArticles, listCategories, presentHit, retrieveKnowledge } from './queries/articles.js';
import { ticketQuestion } from './queries/ticket-question.js';
import { presentArticle } from './rows.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['knowledge'];

/** The knowledge base for staff: articles and categories (CRUD), search, suggestions for a ticket, help-centre settings. */
export const knowledgeRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/kb/articles',
    { config: { action: 'knowledge:read' }, schema: { tags, summary: 'Articles (all languages and states unless filtered), by category and title', querystring: KbSearchQuerySchema.omit({ q: true, limit: true }), response: { 200: z.object({ items: z.array(KbArticleSchema) }), ...errors } } },
    async (req) => ({ items: (await listArticles(ctx.db, actorOf(req).workspaceId, req.query)).map(presentArticle) }),
  );

  app.get(
    '/kb/search',
    { config: { action: 'knowledge:read' }, schema: { tags, summary: 'Search articles, ignoring accents and tone placement ("hoà" = "hòa" = "hoa"), fused with embeddings when the model endpoint has them; best passage per article', querystring: KbSearchQuerySchema, response: { 200: z.object({ items: z.array(KbHitSchema) }), ...errors } } },
    async (req) => {
      const { q, lang, status, limit } = req.query;
      const hits = await retrieveKnowledge(ctx, actorOf(req).workspaceId, q, { lang, publishedOnly: status === 'published', limit });
      return { items: hits.filter((h) => !status || h.article.status === status).map(presentHit) };
    },
  );

  app.get(
    '/kb/suggestions',
    { config: { action: 'knowledge:read' }, schema: { tags, summary: 'Published articles that answer a ticket’s latest customer messages (the reply box)', querystring: z.object({ ticketId: z.string().uuid(), limit: z.coerce.number().int().min(1).max(10).default(3) }), response: { 200: z.object({ question: z.string(), items: z.array(KbHitSchema) }), ...errors } } },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const question = await ticketQuestion(ctx.db, ws, req.query.ticketId);
      const hits = question ? await retrieveKnowledge(ctx, ws, question, { publishedOnly: true, limit: req.query.limit }) : [];
      return { question, items: hits.map(presentHit) };
    },
  );

  app.post(
    '/kb/articles',
    { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Write an article (409 kb.slug_taken)', body: KbArticleWriteSchema, response: { 201: z.object({ article: KbArticleSchema }), ...errors } } },
    async (req, reply) => reply.code(201).send({ article: presentArticle(await saveArticle(ctx.db, actorOf(req), req.body)) }),
  );

  app.get('/kb/articles/:id', { config: { action: 'knowledge:read' }, schema: { tags, summary: 'One article', params: idParams, response: { 200: z.object({ article: KbArticleSchema }), ...errors } } }, async (req) => ({
    article: presentArticle(await getArticle(ctx.db, actorOf(req).workspaceId, req.params.id)),
  }));

  app.put(
    '/kb/articles/:id',
    { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Replace an article', params: idParams, body: KbArticleWriteSchema, response: { 200: z.object({ article: KbArticleSchema }), ...errors } } },
    async (req) => ({ article: presentArticle(await saveArticle(ctx.db, actorOf(req), req.body, req.params.id)) }),
  );

  app.delete('/kb/articles/:id', { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Delete an article', params: idParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteArticle(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/kb/categories', { config: { action: 'knowledge:read' }, schema: { tags, summary: 'Categories with their article counts', response: { 200: z.object({ items: z.array(KbCategorySchema) }), ...errors } } }, async (req) => ({
    items: await listCategories(ctx.db, actorOf(req).workspaceId),
  }));

  app.post(
    '/kb/categories',
    { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Add a category (409 kb.category_taken)', body: KbCategoryWriteSchema, response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (req, reply) => reply.code(201).send({ id: (await saveCategory(ctx.db, actorOf(req), req.body)).id }),
  );

  app.put(
    '/kb/categories/:id',
    { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Rename or move a category', params: idParams, body: KbCategoryWriteSchema, response: { 200: z.object({ id: z.string() }), ...errors } } },
    async (req) => ({ id: (await saveCategory(ctx.db, actorOf(req), req.body, req.params.id)).id }),
  );

  app.delete('/kb/categories/:id', { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Delete a category (its articles stay, uncategorised)', params: idParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteCategory(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/kb/help-centre', { config: { action: 'knowledge:read' }, schema: { tags, summary: 'The public help centre’s address, title and whether it is on', response: { 200: HelpCentreSettingsSchema, ...errors } } }, async (req) =>
    getHelpCentre(ctx.db, actorOf(req).workspaceId),
  );

  app.put(
    '/kb/help-centre',
    { config: { action: 'knowledge:manage' }, schema: { tags, summary: 'Set the help centre’s address (409 kb.help_slug_taken), title and whether it is public', body: HelpCentreSettingsSchema, response: { 200: HelpCentreSettingsSchema, ...errors } } },
    async (req) => saveHelpCentre(ctx.db, actorOf(req), req.body),
  );
};
