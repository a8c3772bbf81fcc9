import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { Onboarding } from '../../../shared/onboarding';

export const onboardingKey = ['onboarding'] as const;

/**
 * The getting-started state (admins only: the server answers 403 to others). Always refetched when the
 * home opens (staleTime 0), so a step done in settings is ticked on the way back.
 */
export function useOnboarding(enabled: boolean) {
  return useQuery({
    queryKey: onboardingKey,
    queryFn: async () => (await api<{ onboarding: Onboarding }>('/onboarding')).onboarding,
    enabled,
    staleTime: 0,
  });
}

/** Hides the checklist for the whole workspace. */
export function useDismissOnboarding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api<{ onboarding: Onboarding }>('/onboarding/dismiss', { method: 'POST' })).onboarding,
    onSuccess: (data) => queryClient.setQueryData(onboardingKey, data),
  });
}
