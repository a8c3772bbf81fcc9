import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api';

/** Where Zalo posts the OA's events for this account (the account's address is its webhook key). */
export const zaloWebhookUrl = (address: string, origin = window.location.origin) => `${origin}/api/hooks/zalo/${address}`;

/**
 * Starts Zalo's OAuth v4 (PKCE) for a saved account: the server keeps the verifier sealed with the
 * account and answers the permission page's address; the browser goes there and Zalo sends it back
 * to the server's callback, which stores the token pair and returns to Settings → Channels.
 */
export function useZaloConnect() {
  return useMutation({
    mutationFn: (accountId: string) => api<{ url: string }>(`/channel-accounts/${accountId}/zalo/connect`, { method: 'POST', body: {} }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}
