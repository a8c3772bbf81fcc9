import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Customer, Customer360, CustomerCreate, CustomerIdentity, CustomerImportResult, CustomerListSchema, CustomerMerge, CustomerNote, CustomerPatch, TimelinePageSchema } from '../../../shared/customers';
import type { TicketDetail } from '../../../shared/tickets';
import { api, apiErrorOf, apiUrl } from '../../lib/api';
import { saveResponseAsFile } from '../../lib/saveFile';
import { qk } from '../../lib/queryKeys';

export interface CustomerFilters {
  q: string;
  stage: string | null;
  tag: string | null;
  /** One of CustomerSort; null is the server's default (newest first). */
  sort?: string | null;
}

type CustomerList = z.infer<typeof CustomerListSchema>;
type TimelinePage = z.infer<typeof TimelinePageSchema>;
/** A customer row of the list: the profile and when the customer last wrote. */
export type CustomerListItem = CustomerList['items'][number];
/** A profile as POST/PATCH/GET /api/customers/:id answer it. */
export interface CustomerWithIdentities {
  customer: Customer;
  identities: CustomerIdentity[];
}

/** GET /api/customers: search + filters, keyset pages of 25 ("load more"). */
export function useCustomerList(f: CustomerFilters) {
  return useInfiniteQuery({
    queryKey: [...qk.customers, 'list', f],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<CustomerList>('/customers', {
        query: { q: f.q.trim() || undefined, stage: f.stage, tag: f.tag, sort: f.sort ?? undefined, cursor: pageParam, limit: 25 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** POST /api/customers. */
export function useCreateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => api<CustomerWithIdentities>('/customers', { method: 'POST', body }).then((r) => r.customer),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.customers }),
  });
}

/** PATCH /api/customers/:id. */
export function useUpdateCustomer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerPatch) => api<CustomerWithIdentities>(`/customers/${id}`, { method: 'PATCH', body }).then((r) => r.customer),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.customer(id) });
      void qc.invalidateQueries({ queryKey: qk.customers });
    },
  });
}

/** GET /api/customers/:id/360: profile, identities, notes, tickets, stats, first timeline page. */
export function useCustomer360(id: string) {
  return useQuery({ queryKey: qk.customer360(id), queryFn: ({ signal }) => api<Customer360>(`/customers/${id}/360`, { signal }) });
}

/** Older timeline pages after the first one the 360 view carries. */
export function useOlderTimeline(id: string, firstCursor: string | null | undefined) {
  return useInfiniteQuery({
    queryKey: [...qk.customer(id), 'timeline', firstCursor ?? null],
    initialPageParam: firstCursor ?? '',
    enabled: false,
    queryFn: ({ pageParam, signal }) =>
      api<TimelinePage>(`/customers/${id}/timeline`, { query: { cursor: pageParam, limit: 30 }, signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** POST /api/customers/:id/identities. */
export function useAddIdentity(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: string; value: string }) => api<{ identity: CustomerIdentity; merge: CustomerMerge | null }>(`/customers/${id}/identities`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.customer(id) }),
  });
}

/** POST /api/customers/:id/notes. */
export function useAddNote(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<{ note: CustomerNote }>(`/customers/${id}/notes`, { method: 'POST', body: { body } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.customer(id) }),
  });
}

/** GET /api/customers/:id/merges: merges into (and out of) this profile, newest first. */
export function useMerges(id: string) {
  return useQuery({
    queryKey: [...qk.customer(id), 'merges'],
    queryFn: async () => (await api<{ merges: CustomerMerge[] }>(`/customers/${id}/merges`)).merges,
    retry: false,
  });
}

/** POST /api/customers/:id/merge {sourceId}: moves the source profile into this one. */
export function useMergeInto(targetId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string) => api<{ merge: CustomerMerge }>(`/customers/${targetId}/merge`, { method: 'POST', body: { sourceId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.customer(targetId) });
      void qc.invalidateQueries({ queryKey: qk.customers });
    },
  });
}

/** POST /api/customer-merges/:id/undo. */
export function useUndoMerge(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => api<{ merge: CustomerMerge }>(`/customer-merges/${mergeId}/undo`, { method: 'POST', body: {} }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.customer(customerId) });
      void qc.invalidateQueries({ queryKey: qk.customers });
    },
  });
}

/** POST /api/tickets for this customer; answers the new ticket (its id and number). */
export function useCreateTicket(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { subject: string; channel: string; priority: string; body: string }) => {
      const res = await api<{ ticket: TicketDetail }>('/tickets', {
        method: 'POST',
        body: {
          customerId,
          subject: body.subject,
          channel: body.channel,
          priority: body.priority,
          firstMessage: body.body.trim() ? { kind: 'inbound', body: body.body } : undefined,
        },
      });
      return res.ticket;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.customer(customerId) });
      void qc.invalidateQueries({ queryKey: qk.tickets() });
    },
  });
}

/** Throws the API's error for a non-2xx raw response (the shared client only speaks JSON bodies). */
async function raise(res: Response): Promise<never> {
  const data: unknown = await res.json().catch(() => undefined);
  throw apiErrorOf(res, data);
}

/** POST /api/customers/import with the file as text/csv. */
export async function importCustomersCsv(file: File): Promise<CustomerImportResult> {
  const res = await fetch(apiUrl('/customers/import'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
    body: await file.text(),
  });
  if (!res.ok) return raise(res);
  return (await res.json()) as CustomerImportResult;
}

/** GET /api/customers/export.csv (with the list's filters) and saves it as a file. */
export async function downloadCustomersCsv(f: Partial<CustomerFilters>, filename: string) {
  const res = await fetch(apiUrl('/customers/export.csv', { q: f.q?.trim() || undefined, stage: f.stage, tag: f.tag }), { credentials: 'same-origin' });
  if (!res.ok) return raise(res);
  await saveResponseAsFile(res, filename);
}
