import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SurveyAnswerDto, SurveyQuestion, SurveyTemplateDto, SurveyTriggers, SurveyType } from '../../../shared/surveys';
import { api } from '../../lib/api';

// Written here by hand: these responses' schemas are declared in the server's survey routes, not in src/shared.

/** A scheduled (cron) or one-off (runAt) survey campaign to active customers (CampaignSchema of the routes). */
export interface SurveyCampaign {
  id: string;
  templateId: string;
  name: string;
  audience: { activeWithinDays: number };
  schedule: string | null;
  runAt: string | null;
  /** When the scheduler runs it next (null: off or a one-off already done). */
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRunSent: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One survey request sent about a ticket (GET /api/tickets/:id/survey). */
export interface TicketSurveyRequest {
  id: string;
  templateId: string;
  type: SurveyType;
  status: string;
  channel: string;
  reason: string;
  sentAt: string;
  expiresAt: string;
  answeredAt: string | null;
  createdAt: string;
}

/** GET /api/tickets/:id/survey: requests and answers newest first; `answer` is the latest. */
export interface TicketSurvey {
  requests: TicketSurveyRequest[];
  answer: SurveyAnswerDto | null;
  answers: SurveyAnswerDto[];
}

/** POST /api/surveys/send: `url` when the survey was recorded but could not be delivered (the agent may pass it on); `reason` when skipped. */
export type SendOutcome = { requestId: string | null; status: 'sent' | 'throttled' | 'no_channel' | 'skipped'; url?: string; reason?: string };

/** POST /api/survey-campaigns/:id/run: how many customers of the run got each outcome (sent, throttled …). */
export interface CampaignRunResult {
  runKey: string;
  counts: Record<string, number>;
}

export interface TemplateInput {
  type?: SurveyType;
  name: string;
  questions: SurveyQuestion[];
  triggers: SurveyTriggers;
  lowScoreThreshold: number | null;
  editWindowMinutes: number;
  expiresAfterDays: number;
  enabled: boolean;
}

export type CampaignInput = Pick<SurveyCampaign, 'templateId' | 'name' | 'audience' | 'schedule' | 'runAt' | 'enabled'>;

export const surveyKeys = {
  templates: ['survey-templates'] as const,
  campaigns: ['survey-campaigns'] as const,
  ticket: (ticketId: string) => ['ticket', ticketId, 'survey'] as const,
  // Under the customer's key so the customer's realtime topic refreshes it with the rest of the 360.
  customerAnswers: (customerId: string) => ['customer', customerId, 'survey-answers'] as const,
};

export function useSurveyTemplates(enabled = true) {
  return useQuery({
    queryKey: surveyKeys.templates,
    queryFn: () => api<{ templates: SurveyTemplateDto[] }>('/survey-templates').then((r) => r.templates),
    enabled,
  });
}

/** Creates a custom template (no id) or changes one (id). */
export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: TemplateInput }) => {
      if (id) {
        const { type: _type, ...patch } = input;
        return api<{ template: SurveyTemplateDto }>(`/survey-templates/${id}`, { method: 'PATCH', body: patch });
      }
      return api<{ template: SurveyTemplateDto }>('/survey-templates', { method: 'POST', body: { ...input, type: 'custom' } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.templates }),
  });
}

export function useToggleTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api(`/survey-templates/${id}`, { method: 'PATCH', body: { enabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.templates }),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/survey-templates/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.templates }),
  });
}

export function useCampaigns(enabled = true) {
  return useQuery({
    queryKey: surveyKeys.campaigns,
    queryFn: () => api<{ campaigns: SurveyCampaign[] }>('/survey-campaigns').then((r) => r.campaigns),
    enabled,
  });
}

export function useSaveCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: Partial<CampaignInput> }) =>
      id
        ? api<{ campaign: SurveyCampaign }>(`/survey-campaigns/${id}`, { method: 'PATCH', body: input })
        : api<{ campaign: SurveyCampaign }>('/survey-campaigns', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.campaigns }),
  });
}

export function useDeleteCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/survey-campaigns/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.campaigns }),
  });
}

/** "Run now": the server answers how many customers were asked, by outcome. */
export function useRunCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<CampaignRunResult>(`/survey-campaigns/${id}/run`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.campaigns }),
  });
}

export function useTicketSurvey(ticketId: string) {
  return useQuery({
    queryKey: surveyKeys.ticket(ticketId),
    queryFn: () => api<TicketSurvey>(`/tickets/${ticketId}/survey`),
    enabled: !!ticketId,
    retry: false,
  });
}

export function useSendSurvey(ticketId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { customerId: string; ticketId?: string; templateId?: string; type?: SurveyType }) =>
      api<SendOutcome>('/surveys/send', { method: 'POST', body }),
    onSuccess: () => ticketId && qc.invalidateQueries({ queryKey: surveyKeys.ticket(ticketId) }),
  });
}

export function useCustomerAnswers(customerId: string) {
  return useQuery({
    queryKey: surveyKeys.customerAnswers(customerId),
    queryFn: () => api<{ answers: SurveyAnswerDto[]; nextCursor: string | null }>('/survey-answers', { query: { customerId } }).then((r) => r.answers),
    enabled: !!customerId,
    retry: false,
  });
}
