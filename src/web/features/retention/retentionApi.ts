import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AtRiskPage, AtRiskReason, CustomerValue, RetentionReport, ServiceValue } from '../../../shared/retention';
import { api, apiUrl } from '../../lib/api';

export interface RetentionQuery {
  from: string;
  to: string;
  granularity: 'day' | 'week' | 'month';
  channel?: string;
  segment?: string;
  /** A saved segment (its current members). */
  segmentId?: string;
}

const q = (x: RetentionQuery) => ({ ...x }) as Record<string, string | undefined>;

/** CRR, churn, CLV of the period with its series and breakdowns (GET /api/metrics/retention). */
export function useRetention(x: RetentionQuery) {
  return useQuery({
    queryKey: ['retention', 'report', x],
    queryFn: ({ signal }) => api<RetentionReport>('/metrics/retention', { query: q(x), signal }),
    placeholderData: keepPreviousData,
  });
}

export function useServiceValue(from: string, to: string, segmentId?: string) {
  return useQuery({
    queryKey: ['retention', 'service', from, to, segmentId],
    queryFn: ({ signal }) => api<ServiceValue>('/metrics/retention/service', { query: { from, to, segmentId }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAtRisk(page: number, pageSize: number, reason?: AtRiskReason) {
  return useQuery({
    queryKey: ['retention', 'at-risk', page, pageSize, reason],
    queryFn: ({ signal }) => api<AtRiskPage>('/metrics/retention/at-risk', { query: { page, pageSize, reason }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomerValue(customerId: string) {
  return useQuery({
    queryKey: ['retention', 'customer', customerId],
    queryFn: ({ signal }) => api<CustomerValue>(`/customers/${customerId}/value`, { signal }),
  });
}

export const retentionCsvUrl = (x: RetentionQuery) => apiUrl('/metrics/retention.csv', q(x));
export const serviceValueCsvUrl = (from: string, to: string, segmentId?: string) => apiUrl('/metrics/retention/service.csv', { from, to, segmentId });
