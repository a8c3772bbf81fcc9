import type { z } from 'zod';
import type { CustomerLookupHit, CustomerLookupSchema } from '../../shared/customers';
import { api } from './api';

/** One hit of the quick lookup (GET /api/customers/lookup?q=). */
export type LookupHit = CustomerLookupHit;

/** Finds customers by phone in any format, email, or name with or without diacritics. */
export async function lookupCustomers(q: string, signal?: AbortSignal): Promise<LookupHit[]> {
  return (await api<z.infer<typeof CustomerLookupSchema>>('/customers/lookup', { query: { q }, signal })).items;
}
