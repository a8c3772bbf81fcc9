import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken } from '../../../../shared/access';
import { api } from '../../../lib/api';

const key = ['tokens'] as const;

/** GET /api/tokens (admin): the list, never the secrets. */
export function useApiTokens(enabled: boolean) {
  return useQuery({ queryKey: key, queryFn: async () => (await api<{ tokens: ApiToken[] }>('/tokens')).tokens, enabled });
}

/** POST /api/tokens: answers the secret once, with the listed row. */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<{ token: string; apiToken: ApiToken }>('/tokens', { method: 'POST', body: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

/** DELETE /api/tokens/:id: revokes at once. */
export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
