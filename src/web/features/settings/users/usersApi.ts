import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, User } from '../../../../shared/access';
import { api } from '../../../lib/api';
import { qk } from '../../../lib/queryKeys';

/** GET /api/users: the staff of the workspace. */
export function useUsers() {
  return useQuery({ queryKey: qk.users, queryFn: async () => (await api<{ users: User[] }>('/users')).users });
}

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: Role;
  locale: 'vi' | 'en';
}

/** POST /api/users (admin). */
export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api<{ user: User }>('/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.users }),
  });
}

/** PATCH /api/users/:id (admin): role, active. */
export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: Role; active?: boolean }) =>
      api<{ user: User }>(`/users/${id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.users });
      void qc.invalidateQueries({ queryKey: qk.teams });
    },
  });
}
