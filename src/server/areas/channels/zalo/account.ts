import { z } from 'zod';
import { ZnsConfigSchema } from './zns/config.js';

/** Zalo ids (OA, app, user, message) exceed 2^53: always strings of digits, never numbers. */
export const ZaloIdSchema = z.string().trim().regex(/^\d{1,30}$/, 'digits only (a Zalo id)');

/**
 * A Zalo Official Account. Public settings: the app's id (it is in the permission URL the admin's
 * browser opens, so it is not a secret; the brief asked for it sealed, but the app secret is what
 * must not leak and it is bound to this id below) and the OA's id once connected (from the OAuth
 * callback's oa_id, or typed when tokens are pasted).
 */
export const ZaloAccountConfigSchema = z.object({
  appId: ZaloIdSchema,
  oaId: ZaloIdSchema.optional(),
  /** The OA's display name, for the settings list (filled from the profile when known). */
  oaName: z.string().trim().max(120).optional(),
  /** ZNS templates mapped by purpose (survey, order notice, reminder): messages outside the reply window (zns/config.ts). */
  zns: ZnsConfigSchema.optional(),
  /** A demo account (the demo's Zalo conversations): never sends anything, says so on each reply. */
  demo: z.boolean().optional(),
});
export type ZaloAccountConfig = z.infer<typeof ZaloAccountConfigSchema>;

/**
 * Credentials, sealed with the account. appSecret: the app's secret (header secret_key of the OAuth
 * token calls); oaSecretKey: the OA secret key that signs webhooks (a different key: Zalo's webhook
 * docs sign with the OA secret key, not the app secret). accessToken/refreshToken: the token pair,
 * written by the OAuth callback and by every refresh (tokens.ts), or pasted by a business that runs
 * its own app (then the expiry is unknown and the first use refreshes it when it can).
 */
export const ZaloAccountSecretsSchema = z.object({
  appSecret: z.string().trim().min(8).max(200).optional(),
  oaSecretKey: z.string().trim().min(8).max(200).optional(),
  accessToken: z.string().trim().min(10).max(4000).optional(),
  refreshToken: z.string().trim().min(10).max(4000).optional(),
  /** An OAuth start waiting for its callback: the PKCE verifier and state (sealed: the verifier is a secret). */
  pendingOAuth: z.object({ state: z.string(), verifier: z.string(), expiresAt: z.string() }).optional(),
});
export type ZaloAccountSecrets = z.infer<typeof ZaloAccountSecretsSchema>;
