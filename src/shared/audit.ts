/** The audit log: who changed what and when (API shapes shared by server and web). */
import { z } from 'zod';

/** What a change is about; `deletions` is a filter across kinds (removals, revocations, deletions). */
export const AUDIT_KINDS = ['settings', 'users', 'tokens', 'channels', 'workflows', 'merges', 'exports', 'webhooks'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const AUDIT_FILTER_KINDS = [...AUDIT_KINDS, 'deletions'] as const;

export const AUDIT_ACTOR_TYPES = ['user', 'token', 'system', 'customer', 'automation', 'ai'] as const;

export const AuditEntrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string().nullable(), name: z.string().nullable() }),
  ip: z.string().nullable(),
  kind: z.enum(AUDIT_KINDS),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), label: z.string().nullable() }),
  /** {field: {from, to}} or the change's details; secrets are never stored. */
  changes: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const AuditQuerySchema = z.object({
  kind: z.enum(AUDIT_FILTER_KINDS).optional(),
  actorType: z.enum(AUDIT_ACTOR_TYPES).optional(),
  actorId: z.string().max(64).optional(),
  /** Inclusive days (yyyy-MM-dd) in the workspace's time zone. */
  from: day.optional(),
  to: day.optional(),
  /** Words in the action, the target's name or the actor's name. */
  q: z.string().trim().max(200).optional(),
  /** The id of the last row of the previous page (newest first). */
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({ items: z.array(AuditEntrySchema), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;
