import type { CallEvent, CallEventKind } from './call-event.js';

/** One stored event of a call. */
export interface StoredCallEvent {
  event: CallEventKind;
  at: Date;
  payload: CallEvent;
}

export type CallStatus = 'ringing' | 'answered' | 'ended' | 'missed';

/** The call as the set of its events describes it (the calls row without ids and links). */
export interface CallState {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  status: CallStatus;
  startedAt: Date;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  missed: boolean;
  abandoned: boolean;
  recordingUrl: string | null;
  agentEmail: string | null;
  agentExtension: string | null;
  events: CallEventKind[];
}

const LADDER: CallEventKind[] = ['ringing', 'answered', 'ended', 'missed'];
const rank = (e: CallEventKind) => LADDER.indexOf(e);
const secondsBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));
const maxOf = (xs: (number | undefined)[]) => {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length > 0 ? Math.max(...v) : null;
};

/**
 * Folds a call's events into its state. Every field is a function of the SET of events — never of
 * their arrival order — so duplicates and late or reordered deliveries give the same row:
 * - ringing_at / answered_at: the earliest such event; ended_at: the latest ended/missed event (for an
 *   answered call, the latest at or after the answer — a ring group's 'missed' for the extension that
 *   did not pick up, before another answered, does not end the call);
 * - status: the furthest step reached on ringing < answered < ended|missed, where an end without
 *   any answer is 'missed' (nobody picked up) and an end after an answer is 'ended';
 * - wait / talk / wrap-up: the largest value the PBX reported, else derived from the timestamps
 *   (wait = answered − ringing, or end − ringing for an unanswered call; talk = end − answered);
 * - abandoned: an inbound call never answered after the caller waited (an 'ended' event — the
 *   caller hung up — or a wait above 0 s); a 'missed' with no wait (rejected at once, e.g. busy or
 *   outside hours) is missed but not abandoned;
 * - single-valued details (direction, numbers, agent, recording) come from the first event in a
 *   total order (time, ladder step, payload text), the agent preferably from an 'answered' event.
 */
export function foldCallEvents(list: StoredCallEvent[]): CallState {
  if (list.length === 0) throw new Error('a call needs at least one event');
  const key = (e: StoredCallEvent) => JSON.stringify(e.payload);
  const sorted = [...list].sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a.event) - rank(b.event) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const of = (...kinds: CallEventKind[]) => sorted.filter((e) => kinds.includes(e.event));
  const first = sorted[0];

  const ringingAt = of('ringing')[0]?.at ?? null;
  const answeredAt = of('answered')[0]?.at ?? null;
  // Once answered, only ends at or after the answer end the call: a ring group reports 'missed' for the
  // extension that did not pick up before another one answers.
  const ends = of('ended', 'missed').filter((e) => !answeredAt || e.at.getTime() >= answeredAt.getTime());
  const endedAt = ends.length > 0 ? ends[ends.length - 1].at : null;
  const status: CallStatus = ends.length > 0 ? (answeredAt ? 'ended' : 'missed') : answeredAt ? 'answered' : 'ringing';

  const reportedWait = maxOf(sorted.map((e) => e.payload.waitSeconds));
  const waitSeconds = reportedWait ?? (ringingAt && answeredAt ? secondsBetween(ringingAt, answeredAt) : ringingAt && endedAt && !answeredAt ? secondsBetween(ringingAt, endedAt) : null);
  const reportedTalk = maxOf(sorted.map((e) => e.payload.talkSeconds));
  const talkSeconds = reportedTalk ?? (answeredAt && endedAt ? secondsBetween(answeredAt, endedAt) : status === 'missed' ? 0 : null);
  const wrapUpSeconds = maxOf(sorted.map((e) => e.payload.wrapUpSeconds));

  const withAgent = [...of('answered'), ...sorted.filter((e) => e.event !== 'answered')].find((e) => e.payload.agent?.email || e.payload.agent?.extension);
  const recording = sorted.filter((e) => e.payload.recordingUrl).at(-1)?.payload.recordingUrl ?? null;
  const missed = status === 'missed';
  const direction = first.payload.direction;

  return {
    direction,
    from: first.payload.from,
    to: first.payload.to,
    status,
    startedAt: first.at,
    ringingAt,
    answeredAt,
    endedAt,
    waitSeconds,
    talkSeconds,
    wrapUpSeconds,
    missed,
    abandoned: direction === 'inbound' && missed && (of('ended').length > 0 || (waitSeconds ?? 0) > 0),
    recordingUrl: recording,
    agentEmail: withAgent?.payload.agent?.email?.toLowerCase() || null,
    agentExtension: withAgent?.payload.agent?.extension || null,
    events: LADDER.filter((k) => sorted.some((e) => e.event === k)),
  };
}
