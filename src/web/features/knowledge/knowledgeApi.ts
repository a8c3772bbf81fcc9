import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HelpCentreSettings, KbArticle, KbArticleWrite, KbCategory, KbHit, PublicArticle, PublicHelpCentre } from '../../../shared/knowledge';
import { api } from '../../lib/api';

const key = ['knowledge'] as const;

/** GET /api/kb/articles (filters). */
export function useArticles(f: { lang?: string; categoryId?: string }) {
  return useQuery({ queryKey: [...key, 'articles', f], queryFn: ({ signal }) => api<{ items: KbArticle[] }>('/kb/articles', { query: f, signal }).then((r) => r.items) });
}

/** GET /api/kb/search?q= (only when there is a question). */
export function useKbSearch(q: string, lang?: string) {
  return useQuery({
    queryKey: [...key, 'search', q, lang],
    queryFn: ({ signal }) => api<{ items: KbHit[] }>('/kb/search', { query: { q, lang }, signal }).then((r) => r.items),
    enabled: q.trim().length > 0,
    placeholderData: (prev) => prev,
  });
}

export function useArticle(id: string | null) {
  return useQuery({ queryKey: [...key, 'article', id], queryFn: ({ signal }) => api<{ article: KbArticle }>(`/kb/articles/${id}`, { signal }).then((r) => r.article), enabled: !!id });
}

export function useCategories() {
  return useQuery({ queryKey: [...key, 'categories'], queryFn: ({ signal }) => api<{ items: KbCategory[] }>('/kb/categories', { signal }).then((r) => r.items) });
}

/** GET /api/kb/suggestions?ticketId= (the reply box). */
export function useTicketSuggestions(ticketId: string, lastMessageAt?: string | null) {
  return useQuery({
    queryKey: [...key, 'suggestions', ticketId, lastMessageAt ?? ''],
    queryFn: ({ signal }) => api<{ question: string; items: KbHit[] }>('/kb/suggestions', { query: { ticketId }, signal }),
  });
}

export function useSaveArticle(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: KbArticleWrite) => api<{ article: KbArticle }>(id ? `/kb/articles/${id}` : '/kb/articles', { method: id ? 'PUT' : 'POST', body }).then((r) => r.article),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteArticle() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api(`/kb/articles/${id}`, { method: 'DELETE' }), onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

export function useSaveCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { id?: string; name: string; position: number }) => api<{ id: string }>(body.id ? `/kb/categories/${body.id}` : '/kb/categories', { method: body.id ? 'PUT' : 'POST', body: { name: body.name, position: body.position } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useHelpCentreSettings() {
  return useQuery({ queryKey: [...key, 'help-centre'], queryFn: ({ signal }) => api<HelpCentreSettings>('/kb/help-centre', { signal }) });
}

export function useSaveHelpCentre() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: HelpCentreSettings) => api<HelpCentreSettings>('/kb/help-centre', { method: 'PUT', body }), onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

// The public help centre (no session).
export function usePublicHelpCentre(slug: string, lang: string) {
  return useQuery({ queryKey: ['help', slug, lang], queryFn: ({ signal }) => api<PublicHelpCentre>(`/public/help/${encodeURIComponent(slug)}`, { query: { lang }, signal }), retry: false });
}

export function usePublicSearch(slug: string, q: string, lang: string) {
  return useQuery({
    queryKey: ['help', slug, 'search', q, lang],
    queryFn: ({ signal }) => api<{ items: { slug: string; lang: 'vi' | 'en'; title: string; excerpt: string }[] }>(`/public/help/${encodeURIComponent(slug)}/search`, { query: { q, lang }, signal }).then((r) => r.items),
    enabled: q.trim().length > 0,
    placeholderData: (prev) => prev,
  });
}

export function usePublicArticle(slug: string, lang: string, article: string | undefined) {
  return useQuery({
    queryKey: ['help', slug, 'article', lang, article],
    queryFn: ({ signal }) => api<PublicArticle>(`/public/help/${encodeURIComponent(slug)}/articles/${lang}/${encodeURIComponent(article ?? '')}`, { signal }),
    enabled: !!article,
    retry: false,
  });
}
