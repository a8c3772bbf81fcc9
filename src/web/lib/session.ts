import { useQuery } from '@tanstack/react-query';
import type { User } from '../../shared/access';
import { api } from './api';
import { qk } from './queryKeys';

/** GET /api/auth/me: who is logged in and in which workspace. */
export interface Me {
  user: User | null;
  actor: { kind: 'user' | 'token'; id: string; role: string; name: string };
  workspace: { id: string; name: string; timezone: string; locale: string; currency: string };
}

/** The logged-in user and workspace; errors with ApiError 401 when nobody is logged in. */
export function useMe() {
  return useQuery({ queryKey: qk.me, queryFn: () => api<Me>('/auth/me'), retry: false, staleTime: 5 * 60_000 });
}

/** Whether this installation still needs its first-visit setup. */
export function useSetupNeeded() {
  return useQuery({ queryKey: qk.setup, queryFn: () => api<{ needed: boolean }>('/setup'), staleTime: 60_000 });
}
