import { z } from 'zod';

/**
 * A connected mailbox. Inbound either by IMAP (we fetch from an existing mailbox) or by forwarding
 * to the built-in SMTP receiver (mail for `address` is accepted there). Outbound always by SMTP.
 */
export const EmailAccountConfigSchema = z
  .object({
    /** The support address customers write to and replies come from. */
    address: z.email().transform((v) => v.toLowerCase()),
    /** Shown as the sender name ("CSKH Cửa hàng ABC"). */
    displayName: z.string().trim().max(120).optional(),
    inbound: z.enum(['imap', 'forward']).default('imap'),
    imap: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: z.coerce.number().int().min(1).max(65535).default(993),
        /** TLS from the start (993); false = plain, upgraded with STARTTLS when the server offers it. */
        secure: z.boolean().default(true),
        user: z.string().trim().min(1).max(255),
        folder: z.string().trim().min(1).max(255).default('INBOX'),
      })
      .optional(),
    smtp: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: z.coerce.number().int().min(1).max(65535).default(587),
        secure: z.boolean().default(false),
        user: z.string().trim().max(255).optional(),
      })
      .optional(),
  })
  .refine((c) => c.inbound !== 'imap' || !!c.imap, { message: 'IMAP settings are needed to fetch mail', path: ['imap'] });
export type EmailAccountConfig = z.infer<typeof EmailAccountConfigSchema>;

export const EmailAccountSecretsSchema = z.object({
  imapPassword: z.string().max(500).optional(),
  smtpPassword: z.string().max(500).optional(),
});
export type EmailAccountSecrets = z.infer<typeof EmailAccountSecretsSchema>;
