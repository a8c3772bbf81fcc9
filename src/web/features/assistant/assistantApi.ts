import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssistantMetrics, AssistantSettings, AssistantSettingsWrite, EmbeddingsStatus, EmbeddingsTest } from '../../../shared/assistant';
import type { KbHit } from '../../../shared/knowledge';
import { api, apiUrl } from '../../lib/api';

const key = ['assistant'] as const;

export function useAssistantSettings() {
  return useQuery({ queryKey: [...key, 'settings'], queryFn: ({ signal }) => api<AssistantSettings>('/assistant/settings', { signal }) });
}

export function useSaveAssistantSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: AssistantSettingsWrite) => api<AssistantSettings>('/assistant/settings', { method: 'PUT', body }), onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

export function useTestEndpoint() {
  return useMutation({ mutationFn: () => api<{ ok: boolean; model: string | null; reply: string | null; error: string | null; ms: number }>('/assistant/settings/test', { method: 'POST', body: {} }) });
}

export function useAssistantMetrics() {
  return useQuery({ queryKey: [...key, 'metrics'], queryFn: ({ signal }) => api<AssistantMetrics>('/assistant/metrics', { signal }) });
}

/** Knowledge-base articles for a ticket's latest customer messages (GET /api/kb/suggestions). */
export function useTicketSuggestions(ticketId: string) {
  return useQuery({ queryKey: ['knowledge', 'suggestions', ticketId], queryFn: ({ signal }) => api<{ question: string; items: KbHit[] }>('/kb/suggestions', { query: { ticketId }, signal }) });
}

/** Streams a suggestion (Server-Sent Events from POST /api/assistant/tickets/:id/assist), calling onText with the text so far. */
export async function streamAssist(ticketId: string, body: { kind: 'draft' | 'summary' | 'rewrite'; text?: string }, onText: (text: string) => void, signal?: AbortSignal): Promise<string> {
  const res = await fetch(apiUrl(`/assistant/tickets/${ticketId}/assist`), { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body), signal });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const line = buf.slice(0, i).replace(/^data: /, '');
      buf = buf.slice(i + 2);
      const chunk = JSON.parse(line) as { type: string; text?: string };
      if (chunk.type === 'reset') text = '';
      if (chunk.type === 'delta') text += chunk.text ?? '';
      onText(text);
    }
  }
  return text;
}

/** GET /api/assistant/embeddings: the embedding model and how much of the knowledge base it covers; polls while a re-embed runs. */
export function useEmbeddingsStatus() {
  return useQuery({
    queryKey: [...key, 'embeddings'],
    queryFn: ({ signal }) => api<EmbeddingsStatus>('/assistant/embeddings', { signal }),
    refetchInterval: (q) => (q.state.data?.running ? 2000 : false),
  });
}

/** POST /api/assistant/embeddings/test: one sample sentence through the saved endpoint's /v1/embeddings. */
export function useTestEmbeddings() {
  return useMutation({ mutationFn: () => api<EmbeddingsTest>('/assistant/embeddings/test', { method: 'POST', body: {} }) });
}

/** POST /api/assistant/embeddings/reembed: every article embedded again, as a background job (one pending per workspace). */
export function useReembed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ queued: boolean }>('/assistant/embeddings/reembed', { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: [...key, 'embeddings'] }),
  });
}
