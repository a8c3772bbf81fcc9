import type { LifecycleStage } from './types';
import { api } from './api';

/** One hit of the quick lookup (GET /api/customers/lookup?q=). */
export interface LookupHit {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  lifecycleStage?: LifecycleStage;
  openTickets?: number;
}

/** Finds customers by phone in any format, email, or name with or without diacritics. */
export async function lookupCustomers(q: string, signal?: AbortSignal): Promise<LookupHit[]> {
  const res = await api<any>('/customers/lookup', { query: { q }, signal });
  // Accept both a bare array and the usual `{ items }` envelope.
  const list: any[] = Array.isArray(res) ? res : (res?.items ?? res?.customers ?? res?.results ?? []);
  return list.map((c) => ({
    id: c.id,
    name: c.name ?? '',
    phone: c.phone ?? null,
    email: c.email ?? null,
    tags: c.tags ?? [],
    lifecycleStage: c.lifecycleStage,
    openTickets: c.openTickets ?? c.openTicketCount,
  }));
}
