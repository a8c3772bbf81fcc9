import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { channelKeys } from './channelsApi';

/** Where Zalo posts the OA's events for this account (the account's address is its webhook key). */
export const zaloWebhookUrl = (address: string, origin = window.location.origin) => `${origin}/api/hooks/zalo/${address}`;

/**
 * Starts Zalo's OAuth v4 (PKCE) for a saved account: the server keeps the verifier sealed with the
 * account and answers the permission page's address; the browser goes there and Zalo sends it back
 * to the server's callback, which stores the token pair and returns to Settings → Channels.
 */
export function useZaloConnect() {
  return useMutation({
    mutationFn: (accountId: string) => api<{ url: string }>(`/channels/zalo/accounts/${accountId}/oauth/start`, { method: 'POST', body: {} }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}

export interface PastedZaloTokens {
  accessToken: string;
  refreshToken?: string;
  oaId?: string;
}

/**
 * Stores a token pair a business took from its own Zalo app (POST …/tokens): the server keeps it like
 * a connected pair (expiry unknown: renewed at first use when a refresh token and the app secret are set).
 */
export function usePasteZaloTokens() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, tokens }: { accountId: string; tokens: PastedZaloTokens }) =>
      api<{ ok: true }>(`/channels/zalo/accounts/${accountId}/tokens`, { method: 'POST', body: tokens }),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.accounts }),
  });
}

/** What the OAuth callback says when it sends the admin back (?zalo=…). */
export const ZALO_CONNECT_RESULTS = ['connected', 'denied', 'missing_code', 'refused', 'unavailable'] as const;
