/** Access: users and roles, API tokens. (API shapes shared by server and web.) */
import { z } from 'zod';

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
  /** In the staff list: the app is open (a realtime socket connected). Available for new tickets = available && online. */
  online: z.boolean().optional(),
  locale: z.string(),
  createdAt: z.string(),
});

export type User = z.infer<typeof UserSchema>;

/** An API token as listed: the secret itself is shown only once, in the create response. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export type ApiToken = z.infer<typeof ApiTokenSchema>;
