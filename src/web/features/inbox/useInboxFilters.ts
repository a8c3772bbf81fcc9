import { useSearchParams } from 'react-router-dom';
import type { InboxQuery } from '../tickets/ticketApi';
import { useMe } from '../../lib/session';

export const VIEWS = ['mine', 'unassigned', 'team', 'all'] as const;
const VIEW_KEY = 'tantam.inbox.view';

/** Inbox view and filters kept in the URL (shareable, survive back/forward); the view also in localStorage. */
export function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  // Agents start on their own tickets; admins and supervisors oversee everything, so they start on "all".
  const role = useMe().data?.actor.role;
  const fallback: InboxQuery['view'] = role === 'admin' || role === 'supervisor' ? 'all' : 'mine';
  const stored = (() => {
    try {
      return localStorage.getItem(VIEW_KEY);
    } catch {
      return null;
    }
  })();
  const raw = params.get('view') ?? stored ?? fallback;
  const view = (VIEWS as readonly string[]).includes(raw) ? (raw as InboxQuery['view']) : fallback;
  const query: InboxQuery = {
    view,
    status: params.get('status') ?? undefined,
    priority: params.get('priority') ?? undefined,
    channel: params.get('channel') ?? undefined,
    teamId: params.get('team') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (key: 'view' | 'status' | 'priority' | 'channel' | 'team' | 'q', value: string | null) => {
    if (key === 'view' && value) {
      try {
        localStorage.setItem(VIEW_KEY, value);
      } catch {
        /* ignore */
      }
    }
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams({ view }), { replace: true });
  const filtered = !!(query.status || query.priority || query.channel || query.teamId || query.q);
  return { query, set, clear, filtered };
}
