import { z } from 'zod';

/**
 * A telephony endpoint: a PBX or call provider posts signed call events to
 * POST /api/hooks/phone/<address> (the account's generated key).
 */
export const PhoneAccountConfigSchema = z.object({
  /** Free text for the admin ("3CX văn phòng", "Stringee") — not used by the code. */
  provider: z.string().trim().max(80).optional(),
  /** The hotline number(s) this endpoint answers, for display. */
  hotline: z.string().trim().max(40).optional(),
});
export type PhoneAccountConfig = z.infer<typeof PhoneAccountConfigSchema>;

export const PhoneAccountSecretsSchema = z.object({
  /** HMAC-SHA256 key shared with the PBX; at least 16 characters. */
  signingSecret: z.string().min(16, 'at least 16 characters').max(200),
});
