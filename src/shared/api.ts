import { z } from 'zod';

/**
 * API shapes shared by the server (response schemas, OpenAPI) and the web app (types).
 * No Node or DOM imports here.
 */
export const ErrorSchema = z.object({
  error: z.object({ id: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const RoleSchema = z.enum(['admin', 'supervisor', 'agent']);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  available: z.boolean(),
  locale: z.string(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const TICKET_STATUSES = ['received', 'verified', 'routed', 'responded', 'resolved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const CHANNELS = ['zalo', 'messenger', 'webchat', 'email', 'phone', 'api', 'manual'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const IDENTITY_KINDS = ['phone', 'email', 'zalo', 'messenger', 'webchat', 'external'] as const;
export const IdentityKindSchema = z.enum(IDENTITY_KINDS);

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'loyal', 'churned'] as const;
export const LifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
