import { useQuery } from '@tanstack/react-query';
import type { Team } from '../../shared/settings';
import type { User } from '../../shared/access';
import { api } from './api';
import { qk } from './queryKeys';

/** Staff of the workspace (GET /api/users), cached for pickers and name look-ups. */
export function useUsers() {
  return useQuery({ queryKey: qk.users, queryFn: async () => (await api<{ users: User[] }>('/users')).users, staleTime: 60_000 });
}

/** Teams / departments (GET /api/teams). */
export function useTeams() {
  return useQuery({ queryKey: qk.teams, queryFn: async () => (await api<{ teams: Team[] }>('/teams')).teams, staleTime: 60_000 });
}
