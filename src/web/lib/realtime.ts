import { useEffect, useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { qk } from './queryKeys';

/**
 * One WebSocket to /api/ws for the whole app. Components declare the topics they need
 * ("inbox", "ticket:<id>", "customer:<id>"); an event on a topic invalidates the matching queries,
 * so TanStack Query refetches what is on screen. Reconnects with backoff and refetches after a gap,
 * because events sent while disconnected are lost.
 */
export interface RealtimeEvent {
  id: string | number;
  type: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** What the server pushes for each committed event (its shape is the server's realtime fan-out; not in src/shared). */
interface EventPush {
  type: 'event';
  event: RealtimeEvent;
  topics: string[];
}

/** Other pushes (heartbeats …) and anything malformed are ignored. */
function isEventPush(p: unknown): p is EventPush {
  if (typeof p !== 'object' || p === null) return false;
  const { type, event, topics } = p as Record<string, unknown>;
  return type === 'event' && typeof event === 'object' && event !== null && typeof (event as Record<string, unknown>).type === 'string' && Array.isArray(topics);
}

type Status = 'connecting' | 'open' | 'closed';

/** Event types that are not stored and change no query's data. */
const EPHEMERAL_EVENTS = new Set(['webchat.typing', 'presence.changed']);
type Listener = (event: RealtimeEvent, topics: string[]) => void;

/** A push addressed to this user rather than to a topic: `{type:'notification'}`, `{type:'read'}` … */
export interface UserPush {
  type: string;
  [key: string]: unknown;
}
type PushListener = (push: UserPush) => void;
const pushListeners = new Set<PushListener>();

/**
 * An agent came online or went offline (the server's socket presence). Passed on as an ephemeral
 * "presence.changed" event on the inbox topic, so views refreshed by inbox events (the live view)
 * refresh, and the staff list (assignment pickers, who is online) is read again.
 */
function onPresence(p: Record<string, unknown>) {
  if (typeof p.userId !== 'string') return;
  void queryClient?.invalidateQueries({ queryKey: qk.users });
  const event: RealtimeEvent = { id: `presence-${Date.now()}`, type: 'presence.changed', subjectType: 'user', subjectId: p.userId, data: { online: p.online === true }, createdAt: new Date().toISOString() };
  eventListeners.forEach((l) => l(event, ['inbox']));
}

let queryClient: QueryClient | null = null;
let socket: WebSocket | null = null;
let status: Status = 'closed';
let attempts = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let stopped = true;
const topicCounts = new Map<string, number>();
const statusListeners = new Set<() => void>();
const eventListeners = new Set<Listener>();

function setStatus(s: Status) {
  status = s;
  statusListeners.forEach((l) => l());
}

function send(msg: unknown) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
}

const activeTopics = () => [...topicCounts.keys()];

/** Queries to refresh when something happens on a topic. */
function invalidateTopic(topic: string) {
  if (!queryClient) return;
  if (topic === 'inbox') void queryClient.invalidateQueries({ queryKey: qk.tickets() });
  else if (topic.startsWith('ticket:')) void queryClient.invalidateQueries({ queryKey: qk.ticket(topic.slice(7)) });
  else if (topic.startsWith('customer:')) void queryClient.invalidateQueries({ queryKey: qk.customer(topic.slice(9)) });
}

function connect() {
  if (stopped || socket) return;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/ws`);
  socket = ws;
  setStatus('connecting');
  ws.onopen = () => {
    const reconnect = attempts > 0;
    attempts = 0;
    setStatus('open');
    const topics = activeTopics();
    if (topics.length) send({ type: 'subscribe', topics });
    // Whatever happened while we were away was not pushed: refresh what is subscribed.
    if (reconnect) topics.forEach(invalidateTopic);
  };
  ws.onmessage = (msg) => {
    let payload: unknown;
    try {
      payload = JSON.parse(String(msg.data));
    } catch {
      return;
    }
    if (!isEventPush(payload)) {
      if (typeof payload !== 'object' || payload === null || typeof (payload as UserPush).type !== 'string') return;
      if ((payload as UserPush).type === 'presence') onPresence(payload as UserPush);
      else pushListeners.forEach((l) => l(payload as UserPush));
      return;
    }
    const topics = payload.topics.filter((t): t is string => typeof t === 'string');
    // Signals that change nothing stored (a visitor typing) go to listeners only, without a refetch.
    if (!EPHEMERAL_EVENTS.has(payload.event.type)) topics.filter((t) => topicCounts.has(t)).forEach(invalidateTopic);
    eventListeners.forEach((l) => l(payload.event, topics));
  };
  ws.onclose = () => {
    if (socket === ws) socket = null;
    setStatus('closed');
    if (stopped) return;
    // 1s, 2s, 4s … capped at 30s, with jitter so many tabs do not reconnect in lockstep.
    const delay = Math.min(30_000, 1000 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    attempts++;
    retryTimer = setTimeout(connect, delay);
  };
  ws.onerror = () => ws.close();
}

/** Opens the connection (after login). Safe to call twice. */
export function startRealtime(client: QueryClient) {
  queryClient = client;
  if (!stopped) return;
  stopped = false;
  connect();
}

/** Closes the connection (on logout). */
export function stopRealtime() {
  stopped = true;
  clearTimeout(retryTimer);
  socket?.close();
  socket = null;
  attempts = 0;
}

/** Subscribes to topics until the returned function is called; topics are reference counted. */
export function subscribe(topics: string[]): () => void {
  const added: string[] = [];
  for (const t of topics) {
    const n = topicCounts.get(t) ?? 0;
    topicCounts.set(t, n + 1);
    if (n === 0) added.push(t);
  }
  if (added.length) send({ type: 'subscribe', topics: added });
  return () => {
    const removed: string[] = [];
    for (const t of topics) {
      const n = (topicCounts.get(t) ?? 1) - 1;
      if (n <= 0) {
        topicCounts.delete(t);
        removed.push(t);
      } else topicCounts.set(t, n);
    }
    if (removed.length) send({ type: 'unsubscribe', topics: removed });
  };
}

/** Calls `listener` for every pushed event (e.g. to show a notification). */
export function onRealtimeEvent(listener: Listener): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

/** Calls `listener` for every push addressed to this user (notifications, "ticket read" from another tab). */
export function onUserPush(listener: PushListener): () => void {
  pushListeners.add(listener);
  return () => pushListeners.delete(listener);
}

/** Keeps the given topics subscribed while the component is mounted. */
export function useRealtime(topics: (string | null | undefined | false)[]) {
  // Keyed by the topics' text, so a new array with the same topics each render does not resubscribe.
  const key = topics.filter((t): t is string => !!t).join('|');
  useEffect(() => subscribe(key ? key.split('|') : []), [key]);
}

/** Connection state, for a small "live" indicator. */
export function useRealtimeStatus(): Status {
  return useSyncExternalStore(
    (cb) => {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    () => status,
  );
}
