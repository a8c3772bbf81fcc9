import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessHours, Holiday, WorkspaceSettings } from '../../../../shared/settings';
import { api } from '../../../lib/api';
import { qk } from '../../../lib/queryKeys';

const workspaceKey = ['settings', 'workspace'] as const;
const holidaysKey = ['settings', 'holidays'] as const;

/** GET /api/settings/workspace: name, time zone, weekly business hours. */
export function useWorkspaceSettings() {
  return useQuery({
    queryKey: workspaceKey,
    queryFn: async () => (await api<{ workspace: WorkspaceSettings }>('/settings/workspace')).workspace,
  });
}

/** PATCH /api/settings/workspace (admin). */
export function useUpdateWorkspaceSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; timezone?: string; businessHours?: BusinessHours }) =>
      api<{ workspace: WorkspaceSettings }>('/settings/workspace', { method: 'PATCH', body }),
    onSuccess: ({ workspace }) => {
      qc.setQueryData(workspaceKey, workspace);
      // The header shows the workspace name and dates follow its zone.
      void qc.invalidateQueries({ queryKey: qk.me });
    },
  });
}

/** GET /api/settings/holidays. */
export function useHolidays() {
  return useQuery({ queryKey: holidaysKey, queryFn: async () => (await api<{ holidays: Holiday[] }>('/settings/holidays')).holidays });
}

/** PUT /api/settings/holidays: replaces the whole list (admin). */
export function useReplaceHolidays() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (holidays: Holiday[]) => api<{ holidays: Holiday[] }>('/settings/holidays', { method: 'PUT', body: { holidays } }),
    onSuccess: ({ holidays }) => qc.setQueryData(holidaysKey, holidays),
  });
}
