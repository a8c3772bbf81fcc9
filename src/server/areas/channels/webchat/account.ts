import { z } from 'zod';

const fieldRule = z.enum(['off', 'optional', 'required']);

/** A website chat widget's settings (the account's address is its public widget key, generated). */
export const WebchatAccountConfigSchema = z.object({
  title: z.string().trim().min(1).max(80).default('Chat với chúng tôi'),
  greeting: z.string().trim().max(500).default('Xin chào! Chúng tôi có thể giúp gì cho anh/chị?'),
  /** The business's colour for the bubble and header. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0b7285').default('#0b7285'),
  language: z.enum(['vi', 'en']).default('vi'),
  position: z.enum(['right', 'left']).default('right'),
  /** Origins allowed to embed the widget ("https://shop.vn"); empty = any origin. */
  allowedOrigins: z.array(z.string().trim().url().max(200)).max(50).default([]),
  preChat: z
    .object({ name: fieldRule.default('optional'), phone: fieldRule.default('optional'), email: fieldRule.default('off') })
    .default({ name: 'optional', phone: 'optional', email: 'off' }),
  /** A visitor who leaves unanswered after waiting this long counts as an abandoned chat. */
  abandonAfterSeconds: z.coerce.number().int().min(10).max(3600).default(120),
  maxUploadMb: z.coerce.number().int().min(1).max(10).default(5),
});
export type WebchatAccountConfig = z.infer<typeof WebchatAccountConfigSchema>;

export const WebchatAccountSecretsSchema = z.object({});
