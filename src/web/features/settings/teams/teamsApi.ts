import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Team } from '../../../../shared/settings';
import { api } from '../../../lib/api';
import { qk } from '../../../lib/queryKeys';

/** GET /api/teams: departments with their members. */
export function useTeams() {
  return useQuery({ queryKey: qk.teams, queryFn: async () => (await api<{ teams: Team[] }>('/teams')).teams });
}

function useTeamMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: qk.teams }) });
}

/** POST /api/teams. */
export const useCreateTeam = () =>
  useTeamMutation((body: { name: string; description: string }) => api<{ team: Team }>('/teams', { method: 'POST', body }));

/** PATCH /api/teams/:id (rename, describe). */
export const useUpdateTeam = () =>
  useTeamMutation(({ id, ...body }: { id: string; name: string; description: string }) =>
    api<{ team: Team }>(`/teams/${id}`, { method: 'PATCH', body }),
  );

/** DELETE /api/teams/:id. */
export const useDeleteTeam = () => useTeamMutation((id: string) => api(`/teams/${id}`, { method: 'DELETE' }));

/** PUT /api/teams/:id/members: the full member list. */
export const useSetTeamMembers = () =>
  useTeamMutation(({ id, userIds }: { id: string; userIds: string[] }) =>
    api<{ team: Team }>(`/teams/${id}/members`, { method: 'PUT', body: { userIds } }),
  );
