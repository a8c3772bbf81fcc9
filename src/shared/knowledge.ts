/** Knowledge base: articles (vi/en) with categories, accent-insensitive search, the public help centre. (API shapes shared by server and web.) */
import { z } from 'zod';

export const KB_LANGS = ['vi', 'en'] as const;
export type KbLang = (typeof KB_LANGS)[number];
export const KB_STATUSES = ['draft', 'published'] as const;

/** Lower-case ASCII words joined by '-' (made from the title when not given). */
export const SlugSchema = z.string().trim().min(1).max(120).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

export const KbCategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().int(),
  articleCount: z.number().int(),
});
export type KbCategory = z.infer<typeof KbCategorySchema>;
export const KbCategoryWriteSchema = z.object({ name: z.string().trim().min(1).max(100), position: z.number().int().min(0).max(10_000).default(0) });

export const KbArticleSchema = z.object({
  id: z.string(),
  lang: z.enum(KB_LANGS),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  status: z.enum(KB_STATUSES),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type KbArticle = z.infer<typeof KbArticleSchema>;

export const KbArticleWriteSchema = z.object({
  lang: z.enum(KB_LANGS),
  slug: SlugSchema.optional(),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(100_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  status: z.enum(KB_STATUSES),
  categoryId: z.string().uuid().nullable().default(null),
});
export type KbArticleWrite = z.infer<typeof KbArticleWriteSchema>;

/** A search hit: the article, its score and the passage that matched best. */
export const KbHitSchema = z.object({
  id: z.string(),
  lang: z.enum(KB_LANGS),
  slug: z.string(),
  title: z.string(),
  status: z.enum(KB_STATUSES),
  categoryName: z.string().nullable(),
  score: z.number(),
  /** 0–1: how much of the question the passage covers (the AI agent's threshold reads it). */
  confidence: z.number(),
  passage: z.string(),
});
export type KbHit = z.infer<typeof KbHitSchema>;

export const KbSearchQuerySchema = z.object({
  q: z.string().max(500).default(''),
  lang: z.enum(KB_LANGS).optional(),
  status: z.enum(KB_STATUSES).optional(),
  categoryId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const HelpCentreSettingsSchema = z.object({ slug: SlugSchema, title: z.string().trim().max(120), enabled: z.boolean() });
export type HelpCentreSettings = z.infer<typeof HelpCentreSettingsSchema>;

/** What the public help centre shows (no login): published articles only. */
export const PublicHelpCentreSchema = z.object({
  slug: z.string(),
  title: z.string(),
  categories: z.array(z.object({ id: z.string(), name: z.string() })),
  articles: z.array(z.object({ slug: z.string(), lang: z.enum(KB_LANGS), title: z.string(), categoryId: z.string().nullable(), excerpt: z.string() })),
});
export type PublicHelpCentre = z.infer<typeof PublicHelpCentreSchema>;

export const PublicArticleSchema = z.object({ slug: z.string(), lang: z.enum(KB_LANGS), title: z.string(), body: z.string(), categoryName: z.string().nullable(), updatedAt: z.string() });
export type PublicArticle = z.infer<typeof PublicArticleSchema>;

/** Makes a URL slug from a title: accents removed (đ → d), lower-case, words joined by '-'. */
export function slugify(title: string): string {
  const s = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');
  return s || 'bai-viet';
}
