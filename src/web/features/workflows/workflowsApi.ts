import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { NodeKind, RunDetail, RunSummary, SampleEventsSchema, TestRunRequest, TestRunResult, ValidationResult, WorkflowCatalog, WorkflowDetail, WorkflowGraph, WorkflowSummary, WorkflowVersionDetail } from '../../../shared/workflows';
import type { TagCount } from '../../../shared/tags';
import type { WorkflowTemplate } from '../../../shared/workflow-templates';
import { api } from '../../lib/api';
import type { JsonSchema } from './editor/SchemaForm';

/** Text in both languages (templates). */
export type Bilingual = { vi: string; en: string };

export type { RunDetail, RunStep, RunSummary, TestRunResult, ValidationProblem as Problem, WorkflowDetail, WorkflowSummary } from '../../../shared/workflows';

/** One node type the palette offers, with the JSON schema its config is checked against. */
export interface CatalogEntry {
  kind: NodeKind;
  type: string;
  /** Palette group of a trigger (ticket, message, date…). */
  group?: string;
  configSchema: JsonSchema;
}

export interface Catalog {
  entries: CatalogEntry[];
  /** Fields a condition can test, with their operators. */
  fields: WorkflowCatalog['conditions']['fields'];
}

/** One step of a test run (or of a logged run, which also has its timing and attempts). */
export type TestStep = TestRunResult['steps'][number];

export type SampleEvent = z.infer<typeof SampleEventsSchema>['items'][number];

export type Template = WorkflowTemplate;

export interface RunFilters {
  workflowId?: string;
  status?: string;
  customerId?: string;
  ticketId?: string;
  cursor?: string;
}

const key = ['workflows'] as const;
export const wfKeys = {
  all: key,
  list: [...key, 'list'] as const,
  one: (id: string) => [...key, 'one', id] as const,
  version: (id: string, version: number) => [...key, 'one', id, 'version', version] as const,
  catalog: [...key, 'catalog'] as const,
  templates: [...key, 'templates'] as const,
  samples: (id: string) => [...key, 'samples', id] as const,
  runs: (f: RunFilters) => [...key, 'runs', f] as const,
  run: (id: string) => [...key, 'run', id] as const,
};

/** GET /api/workflows. */
export function useWorkflows() {
  return useQuery({ queryKey: wfKeys.list, queryFn: ({ signal }) => api<{ items: WorkflowSummary[] }>('/workflows', { signal }).then((r) => r.items) });
}

/** GET /api/workflows/:id: the workflow with its draft and published versions. */
export function useWorkflow(id: string) {
  return useQuery({ queryKey: wfKeys.one(id), queryFn: ({ signal }) => api<WorkflowDetail>(`/workflows/${id}`, { signal }) });
}

/** GET /api/workflows/:id/versions/:version: an earlier published version, to look at read-only. */
export function useWorkflowVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: wfKeys.version(id, version ?? 0),
    queryFn: ({ signal }) => api<WorkflowVersionDetail>(`/workflows/${id}/versions/${version}`, { signal }),
    enabled: version !== null,
    staleTime: Infinity, // a published version never changes
  });
}

/** POST /api/workflows/:id/versions/:version/restore: that version's graph becomes the draft. */
export function useRestoreVersion(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api<WorkflowDetail>(`/workflows/${id}/versions/${version}/restore`, { body: {} }),
    onSuccess: (w) => {
      qc.setQueryData(wfKeys.one(id), w);
      void qc.invalidateQueries({ queryKey: wfKeys.list });
    },
  });
}

/** GET /api/tickets/tags or /api/customers/tags: tags in use with their counts, for the tag pickers. */
export function useTagOptions(scope: 'ticket' | 'customer', q: string) {
  return useQuery<TagCount[]>({
    queryKey: ['tags', scope, q],
    queryFn: ({ signal }) => api<{ items: TagCount[] }>(scope === 'ticket' ? '/tickets/tags' : '/customers/tags', { query: { q, limit: 30 }, signal }).then((r) => r.items),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** GET /api/workflow-catalog: every trigger, condition, switch, wait and action with its config schema. */
export function useCatalog() {
  return useQuery({ queryKey: wfKeys.catalog, queryFn: ({ signal }) => api<WorkflowCatalog>('/workflow-catalog', { signal }).then(flattenCatalog), staleTime: 10 * 60_000 });
}

/** The catalogue as one list for the palette. */
export function flattenCatalog(c: WorkflowCatalog): Catalog {
  const js = (x: Record<string, unknown>) => x as JsonSchema;
  return {
    entries: [
      ...c.triggers.map((e) => ({ kind: 'trigger' as const, type: e.type, group: e.group, configSchema: js(e.configSchema) })),
      ...c.conditions.nodes.map((e) => ({ kind: e.kind, type: e.type, configSchema: js(e.configSchema) })),
      ...c.waits.map((e) => ({ kind: 'wait' as const, type: e.type, configSchema: js(e.configSchema) })),
      ...c.actions.map((e) => ({ kind: 'action' as const, type: e.type, configSchema: js(e.configSchema) })),
    ],
    fields: c.conditions.fields,
  };
}

/** GET /api/workflow-templates?lang=: the ready-made workflows, written in the language shown. */
export function useTemplates(lang: string) {
  const l = lang.startsWith('en') ? 'en' : 'vi';
  return useQuery({ queryKey: [...wfKeys.templates, l], queryFn: ({ signal }) => api<{ items: Template[] }>('/workflow-templates', { query: { lang: l }, signal }).then((r) => r.items), staleTime: 10 * 60_000 });
}

/** POST /api/workflows: a blank workflow, or one from a template. */
export function useCreateWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description?: string; templateId?: string; graph?: WorkflowGraph }) => api<WorkflowDetail>('/workflows', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: wfKeys.list }),
  });
}

/** PUT /api/workflows/:id/draft. */
export function useSaveDraft(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { graph: WorkflowGraph; name?: string; description?: string }) => api<WorkflowDetail>(`/workflows/${id}/draft`, { method: 'PUT', body }),
    onSuccess: (w) => {
      qc.setQueryData(wfKeys.one(id), w);
      void qc.invalidateQueries({ queryKey: wfKeys.list });
    },
  });
}

/** POST /api/workflows/:id/validate for the graph on the canvas. */
export function validateGraph(id: string, graph: WorkflowGraph, signal?: AbortSignal) {
  return api<ValidationResult>(`/workflows/${id}/validate`, { body: { graph }, signal });
}

/** POST /api/workflows/:id/publish | enable | disable. */
export function useWorkflowAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'publish' | 'enable' | 'disable') => api<WorkflowDetail>(`/workflows/${id}/${action}`, { body: {} }),
    onSuccess: (w) => {
      if (w) qc.setQueryData(wfKeys.one(id), w);
      void qc.invalidateQueries({ queryKey: wfKeys.all });
    },
  });
}

/** GET /api/workflows/:id/sample-events: past events of the trigger's type to test on. */
export function useSampleEvents(id: string, enabled: boolean) {
  return useQuery({
    queryKey: wfKeys.samples(id),
    queryFn: ({ signal }) => api<{ items: SampleEvent[] }>(`/workflows/${id}/sample-events`, { signal }).then((r) => r.items),
    enabled,
  });
}

/** POST /api/workflows/:id/test-run: a dry run on a past event or a sample; nothing is written or sent. */
export function useTestRun(id: string) {
  return useMutation({
    mutationFn: (body: TestRunRequest & { graph?: WorkflowGraph }) => api<TestRunResult>(`/workflows/${id}/test-run`, { body }),
  });
}

/** GET /api/workflow-runs with filters (newest first, a page at a time). */
export function useRuns(filters: RunFilters, refetchInterval?: number) {
  return useQuery({
    queryKey: wfKeys.runs(filters),
    queryFn: ({ signal }) => api<{ items: RunSummary[]; nextCursor: string | null }>('/workflow-runs', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** GET /api/workflow-runs/:id with its steps. */
export function useRun(id: string | null) {
  return useQuery({ queryKey: wfKeys.run(id ?? ''), queryFn: ({ signal }) => api<RunDetail>(`/workflow-runs/${id}`, { signal }), enabled: !!id });
}

/** A bilingual or plain text in the language shown. */
export function pick(text: Bilingual | string | undefined | null, lang: string): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return lang.startsWith('en') ? text.en : text.vi;
}
