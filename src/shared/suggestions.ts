/** Cross-sell / upsell: items suggested to a customer from what the workspace's customers buy together. (API shapes shared by server and web.) */
import { z } from 'zod';

/**
 * Why an item is suggested. `bought_together`: customers who bought `sku` (which this customer has)
 * also bought the item in `confidence` of their orders, `lift` times more often than anyone does —
 * the web writes "Khách mua X thường mua thêm Y". `popular`: not enough history; a best seller.
 */
export const SuggestionReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bought_together'), sku: z.string(), name: z.string(), confidence: z.number(), lift: z.number(), pairCount: z.number().int() }),
  z.object({ kind: z.literal('popular'), orders: z.number().int() }),
]);
export type SuggestionReason = z.infer<typeof SuggestionReasonSchema>;

export const SuggestionSchema = z.object({ sku: z.string(), name: z.string(), score: z.number(), reason: SuggestionReasonSchema });
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const CustomerSuggestionsSchema = z.object({
  items: z.array(SuggestionSchema),
  /** When the co-occurrence table was last computed (null: never — no orders yet). */
  computedAt: z.string().nullable(),
  /** How many orders it was learned from. */
  baskets: z.number().int(),
});
export type CustomerSuggestions = z.infer<typeof CustomerSuggestionsSchema>;

export const SuggestionsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) });
