import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { ErrorSchema } from '../../../shared/common.js';
import { KB_LANGS, PublicArticleSchema, PublicHelpCentreSchema } from '../../../shared/knowledge.js';
import { retrieveKnowledge } from './queries/articles.js';
import { excerpt, helpCentreBySlug, publicArticle, publicHelpCentre } from './queries/public.js';

const errors = { 400: ErrorSchema, 404: ErrorSchema };
const tags = ['help centre'];
const slugParam = z.string().min(1).max(120);
const config = { public: true } as const;

/**
 * The public help centre (no login; the workspace chose to publish it): its front page, search over
 * published articles only, and one article. A disabled or unknown address is 404 kb.help_not_found.
 */
export const publicHelpRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/public/help/:slug',
    { config, schema: { tags, summary: 'A help centre’s categories and published articles', params: z.object({ slug: slugParam }), querystring: z.object({ lang: z.enum(KB_LANGS).optional() }), response: { 200: PublicHelpCentreSchema, ...errors } } },
    async (req) => publicHelpCentre(ctx.db, req.params.slug, req.query.lang),
  );

  app.get(
    '/public/help/:slug/search',
    {
      // Anonymous, and each search may cost a call to the workspace's embedding endpoint: bounded per visitor.
      config: { ...config, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Search the published articles (accents and tone placement ignored; fused with embeddings when the workspace has them)',
        params: z.object({ slug: slugParam }),
        querystring: z.object({ q: z.string().max(300).default(''), lang: z.enum(KB_LANGS).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ slug: z.string(), lang: z.enum(KB_LANGS), title: z.string(), excerpt: z.string() })) }), ...errors },
      },
    },
    async (req) => {
      const hc = await helpCentreBySlug(ctx.db, req.params.slug);
      const hits = await retrieveKnowledge(ctx, hc.workspaceId, req.query.q, { lang: req.query.lang, publishedOnly: true, limit: 10 });
      return { items: hits.map((h) => ({ slug: h.article.slug, lang: h.article.lang, title: h.article.title, excerpt: excerpt(h.passage, 200) })) };
    },
  );

  app.get(
    '/public/help/:slug/articles/:lang/:article',
    { config, schema: { tags, summary: 'One published article', params: z.object({ slug: slugParam, lang: z.enum(KB_LANGS), article: slugParam }), response: { 200: PublicArticleSchema, ...errors } } },
    async (req) => publicArticle(ctx.db, req.params.slug, req.params.lang, req.params.article),
  );
};
