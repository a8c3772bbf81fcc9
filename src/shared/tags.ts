import { z } from 'zod';

/** GET /api/tickets/tags and /api/customers/tags: the workspace's tags, most used first, searched without accents. */
export const TagListQuerySchema = z.object({
  q: z.string().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TagListQuery = z.infer<typeof TagListQuerySchema>;

export const TagCountSchema = z.object({ tag: z.string(), count: z.number().int() });
export const TagListSchema = z.object({ items: z.array(TagCountSchema) });
export type TagCount = z.infer<typeof TagCountSchema>;
