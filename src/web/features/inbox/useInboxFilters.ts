import { useSearchParams } from 'react-router-dom';
import { INBOX_SLA_STATES, INBOX_SORTS } from '../../../shared/tickets';
import { SENTIMENTS } from '../../../shared/ai';
import { useMe } from '../../lib/session';
import type { InboxQuery, InboxSlaState, InboxSort } from './inboxApi';

export const VIEWS = ['mine', 'unassigned', 'team', 'all'] as const;
const VIEW_KEY = 'tantam.inbox.view';
const SORT_KEY = 'tantam.inbox.sort';

export type FilterKey = 'view' | 'status' | 'priority' | 'channel' | 'team' | 'assignee' | 'tag' | 'sla' | 'aboutOrder' | 'sentiment' | 'sort' | 'q';

const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: the URL still carries it */
  }
};

/** Inbox view, filters and order kept in the URL (shareable, survive back/forward); view and order also in localStorage. */
export function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  // Agents start on their own tickets; admins and supervisors oversee everything, so they start on "all".
  const role = useMe().data?.actor.role;
  const fallback: InboxQuery['view'] = role === 'admin' || role === 'supervisor' ? 'all' : 'mine';
  const raw = params.get('view') ?? stored(VIEW_KEY) ?? fallback;
  const view = (VIEWS as readonly string[]).includes(raw) ? (raw as InboxQuery['view']) : fallback;
  const rawSort = params.get('sort') ?? stored(SORT_KEY) ?? 'last_message';
  const sort = (INBOX_SORTS as readonly string[]).includes(rawSort) ? (rawSort as InboxSort) : 'last_message';
  const rawSla = params.get('sla');
  // A hand-edited URL with an unknown sentiment is ignored rather than sent to be refused.
  const rawSentiment = params.get('sentiment');
  const sentiment = rawSentiment && rawSentiment.split(',').every((s) => (SENTIMENTS as readonly string[]).includes(s)) ? rawSentiment : undefined;
  const query: InboxQuery = {
    view,
    sort,
    status: params.get('status') ?? undefined,
    priority: params.get('priority') ?? undefined,
    channel: params.get('channel') ?? undefined,
    teamId: params.get('team') ?? undefined,
    assigneeId: params.get('assignee') ?? undefined,
    tag: params.get('tag') ?? undefined,
    sla: rawSla && (INBOX_SLA_STATES as readonly string[]).includes(rawSla) ? (rawSla as InboxSlaState) : undefined,
    q: params.get('q') ?? undefined,
    sentiment,
    aboutOrder: params.get('aboutOrder') === 'open' || params.get('aboutOrder') === 'any' ? (params.get('aboutOrder') as 'open' | 'any') : undefined,
  };
  const set = (key: FilterKey, value: string | null) => {
    if (key === 'view' && value) store(VIEW_KEY, value);
    if (key === 'sort' && value) store(SORT_KEY, value);
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams({ view, ...(params.get('sort') ? { sort } : {}) }), { replace: true });
  const filtered = !!(query.status || query.priority || query.channel || query.teamId || query.assigneeId || query.tag || query.sla || query.aboutOrder || query.sentiment || query.q);
  return { query, set, clear, filtered };
}
