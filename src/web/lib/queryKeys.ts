/**
 * TanStack Query keys shared by every feature, so realtime events can invalidate the right caches.
 * Invalidating a prefix (e.g. ['customer', id]) refreshes every query under it.
 */
export const qk = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  tickets: (filters?: Record<string, unknown>) => (filters ? (['tickets', filters] as const) : (['tickets'] as const)),
  ticket: (id: string) => ['ticket', id] as const,
  ticketMessages: (id: string) => ['ticket', id, 'messages'] as const,
  customers: ['customers'] as const,
  customer: (id: string) => ['customer', id] as const,
  customer360: (id: string) => ['customer', id, '360'] as const,
  lookup: (q: string) => ['customer-lookup', q] as const,
  users: ['users'] as const,
  teams: ['teams'] as const,
  cannedReplies: ['canned-replies'] as const,
};
