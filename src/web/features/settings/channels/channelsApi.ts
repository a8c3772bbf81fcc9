import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { api } from '../../../lib/api';

/** What a channel kind can do (GET /api/channels); the reply box and settings follow these, never the kind's name. */
export interface ChannelKind {
  kind: string;
  send: boolean;
  attachments: boolean;
  html: boolean;
  typing: boolean;
  buttons: boolean;
  replyWindowHours: number | null;
  hasAccounts: boolean;
}

export const channelKeys = {
  kinds: ['channels'] as const,
  accounts: ['channel-accounts'] as const,
};

/** Every channel kind with its capabilities; changes only with a deploy, so cached for long. */
export function useChannelKinds(enabled = true) {
  return useQuery({
    queryKey: channelKeys.kinds,
    queryFn: () => api<{ channels: ChannelKind[] }>('/channels').then((r) => r.channels),
    staleTime: 30 * 60_000,
    enabled,
  });
}

/** The capabilities of one kind; undefined while loading or for kinds without an adapter (api, manual …). */
export function useChannelCapabilities(kind: string | undefined) {
  const kinds = useChannelKinds(!!kind);
  return kinds.data?.find((k) => k.kind === kind);
}

export function useChannelAccounts(enabled: boolean) {
  return useQuery({
    queryKey: channelKeys.accounts,
    queryFn: () => api<{ accounts: ChannelAccountDto[] }>('/channel-accounts').then((r) => r.accounts),
    enabled,
  });
}

export interface AccountInput {
  kind: string;
  name: string;
  config: Record<string, unknown>;
  /** Only the secrets the admin typed; left out = kept as stored. */
  secrets?: Record<string, string>;
  enabled?: boolean;
}

/** Creates (no id) or changes (id) an account; the server tests the settings before saving. */
export function useSaveChannelAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: AccountInput }) => {
      if (id) {
        const { kind: _kind, ...patch } = input;
        return api<ChannelAccountDto>(`/channel-accounts/${id}`, { method: 'PATCH', body: patch });
      }
      return api<ChannelAccountDto>('/channel-accounts', { method: 'POST', body: input });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.accounts }),
  });
}

export function useToggleChannelAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      api<ChannelAccountDto>(`/channel-accounts/${id}`, { method: 'PATCH', body: { enabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.accounts }),
  });
}

export function useDeleteChannelAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/channel-accounts/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: channelKeys.accounts }),
  });
}
