import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Priority } from '../../../../shared/common';
import type { SlaPolicy } from '../../../../shared/settings';
import { api } from '../../../lib/api';

const key = ['sla-policies'] as const;

/** GET /api/sla-policies: targets per priority, in business minutes. */
export function useSlaPolicies() {
  return useQuery({ queryKey: key, queryFn: async () => (await api<{ slaPolicies: SlaPolicy[] }>('/sla-policies')).slaPolicies });
}

/** PUT /api/sla-policies/:priority (admin). */
export function useSetSlaPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ priority, ...body }: { priority: Priority; firstResponseMinutes: number; resolutionMinutes: number }) =>
      api<{ slaPolicy: SlaPolicy }>(`/sla-policies/${priority}`, { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
