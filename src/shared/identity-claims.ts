import { z } from 'zod';

/** A phone or email the customer typed themselves (e.g. the chat's pre-chat form): unverified until an agent confirms it. */
export const IdentityClaimSchema = z.object({
  id: z.string(),
  kind: z.enum(['phone', 'email']),
  value: z.string(),
  /** Where it was typed ('webchat'). */
  source: z.string(),
  ticketId: z.string().nullable(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedCustomerId: z.string().nullable(),
  /** Another live profile that already has this phone/email: confirming merges this profile into it. */
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type IdentityClaim = z.infer<typeof IdentityClaimSchema>;

export const IdentityClaimListSchema = z.object({ claims: z.array(IdentityClaimSchema) });

export const IdentityClaimConfirmedSchema = z.object({
  claim: IdentityClaimSchema,
  /** The profile the conversation now belongs to (the owner after a merge, else the same). */
  customerId: z.string(),
  mergeId: z.string().nullable(),
});
