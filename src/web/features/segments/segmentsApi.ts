import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Segment, SegmentGroup, SegmentPreviewSchema } from '../../../shared/segments';
import { api, apiErrorOf, apiUrl } from '../../lib/api';
import { saveResponseAsFile } from '../../lib/saveFile';

type SegmentPreview = z.infer<typeof SegmentPreviewSchema>;
const key = ['segments'] as const;

/** GET /api/segments. */
export function useSegments() {
  return useQuery({ queryKey: [...key, 'list'], queryFn: ({ signal }) => api<{ items: Segment[] }>('/segments', { signal }).then((r) => r.items) });
}

/** POST /api/segments/preview for the rule being edited (the caller debounces it): the count and the first 20 members. */
export function useSegmentPreview(rule: SegmentGroup) {
  return useQuery({
    queryKey: [...key, 'preview', JSON.stringify(rule)],
    queryFn: ({ signal }) => {
      const t0 = performance.now();
      return api<SegmentPreview>('/segments/preview', { body: { rule }, signal }).then((r) => ({ ...r, tookMs: Math.round(performance.now() - t0) }));
    },
    placeholderData: (prev) => prev,
    retry: false,
  });
}

export interface SegmentInput {
  name: string;
  description: string;
  rule: SegmentGroup;
}

/** POST /api/segments (new) or PUT /api/segments/:id. */
export function useSaveSegment(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SegmentInput) =>
      api<{ segment: Segment }>(id ? `/segments/${id}` : '/segments', { method: id ? 'PUT' : 'POST', body }).then((r) => r.segment),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/segments/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

/** GET /api/segments/:id/export.csv, saved as a file. */
export async function downloadSegmentCsv(id: string, filename: string) {
  const res = await fetch(apiUrl(`/segments/${id}/export.csv`), { credentials: 'same-origin' });
  if (!res.ok) throw apiErrorOf(res, await res.json().catch(() => null));
  await saveResponseAsFile(res, filename);
}
