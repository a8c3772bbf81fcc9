import { z } from 'zod';

/** Why a mailbox did not file a mail as a message (email channel, issue 9 §3). */
export const FILTERED_MAIL_REASONS = ['list', 'auto_reply', 'bounce', 'report', 'duplicate', 'loop', 'no_sender'] as const;
export type FilteredMailReason = (typeof FILTERED_MAIL_REASONS)[number];

/** One suppressed mail as the settings page lists it. */
export const FilteredMailSchema = z.object({
  id: z.string(),
  reasonKind: z.enum(FILTERED_MAIL_REASONS),
  /** The rule that matched, as the classifier wrote it ("mailing list (List-Id)", "Auto-Submitted: auto-replied" …). */
  reason: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  preview: z.string().nullable(),
  size: z.number(),
  receivedAt: z.string(),
  /** False when the raw mail was too large to keep, or it is already filed. */
  canFile: z.boolean(),
  /** The ticket it is in: filed anyway, or (duplicate) the ticket of the message it repeats. */
  ticketId: z.string().nullable(),
  ticketNumber: z.number().nullable(),
  filedAt: z.string().nullable(),
});
export type FilteredMail = z.infer<typeof FilteredMailSchema>;

export const FilteredMailListSchema = z.object({ items: z.array(FilteredMailSchema), nextCursor: z.string().nullable() });
export type FilteredMailList = z.infer<typeof FilteredMailListSchema>;

export const FiledMailSchema = z.object({ ticketId: z.string(), ticketNumber: z.number(), duplicate: z.boolean() });
export type FiledMail = z.infer<typeof FiledMailSchema>;
