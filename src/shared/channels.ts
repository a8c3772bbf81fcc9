/** Channels: connected channel accounts (mailboxes, chat widgets, telephony endpoints). (API shapes shared by server and web.) */
import { z } from 'zod';

/** A connected channel account (mailbox, chat widget, telephony endpoint); secrets never leave the server. */
export const ChannelAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  address: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Which secret fields are set (e.g. { password: true }); their values are never returned. */
  secretsSet: z.record(z.string(), z.boolean()),
  status: z.enum(['ok', 'error', 'disabled']),
  statusMessage: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

export type ChannelAccountDto = z.infer<typeof ChannelAccountSchema>;

export const ChannelAccountCreateSchema = z.object({
  kind: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(120),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
});

export const ChannelAccountPatchSchema = ChannelAccountCreateSchema.omit({ kind: true }).partial();
