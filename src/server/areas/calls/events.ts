import type { Channel } from '../../../shared/common.js';
import type { Tx } from '../../core/db/types.js';
import { appendEvent } from '../../core/events/append.js';
import type { Actor } from '../../core/http/actor.js';
import type { CallRow } from './call-text.js';

/**
 * The calls area's events (DESIGN rule 4): a call's facts that metrics (handle time, abandoned rate)
 * and surveys ("after a call") need travel in call.ended, so neither reads the calls table. Times are
 * ISO strings (UTC).
 */
export type CallEndedData = {
  /** The ticket the call is filed in; null for a call that joins no customer (hidden number). */
  ticketId: string | null;
  /** The call's entry in that ticket's thread. */
  messageId: string | null;
  /** The channel calls are measured under: the metrics' channel dimension. */
  channel: Channel;
  direction: 'inbound' | 'outbound';
  /** 'ended': answered and over; 'missed': over without anyone answering. */
  status: 'ended' | 'missed';
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  /** After-call work (wrap-up) the PBX reported or the agent logged. */
  wrapUpSeconds: number | null;
  /** An inbound caller who hung up (or waited) before anyone answered. */
  abandoned: boolean;
  agentUserId: string | null;
};

declare module '../../core/events/types.js' {
  interface EventCatalog {
    /** An agent logged a call by hand. */
    'call.logged': { subject: 'call'; data: { ticketId: string; customerId: string; direction: 'inbound' | 'outbound'; talkSeconds: number | null } };
    /**
     * A call is over (answered or missed) — appended again whenever a later delivery of its events
     * changes these facts (a later wrap-up time, a ring group's answer after a 'missed'): the latest one holds.
     */
    'call.ended': { subject: 'call'; data: CallEndedData };
  }
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The facts of a finished call, from its row; undefined while it is ringing or answered. */
export function callEnded(c: CallRow): CallEndedData | undefined {
  if (c.status !== 'ended' && c.status !== 'missed') return undefined;
  return {
    ticketId: c.ticket_id,
    messageId: c.message_id,
    channel: 'phone',
    direction: c.direction,
    status: c.status,
    startedAt: iso(c.started_at)!,
    answeredAt: iso(c.answered_at),
    endedAt: iso(c.ended_at),
    waitSeconds: c.wait_seconds,
    talkSeconds: c.talk_seconds,
    wrapUpSeconds: c.wrap_up_seconds,
    abandoned: c.abandoned,
    agentUserId: c.agent_user_id,
  };
}

/**
 * Appends call.ended when the call is over and its facts differ from the last call.ended appended for
 * it (none yet, or a later delivery changed them), in the transaction that wrote the row. Repeats
 * change nothing.
 */
export async function appendCallEnded(tx: Tx, c: CallRow, actor: Actor = { kind: 'system', workspaceId: c.workspace_id }): Promise<void> {
  const data = callEnded(c);
  if (!data) return;
  const last = await tx.maybeOne<{ data: Partial<CallEndedData> }>(
    `SELECT data FROM events WHERE workspace_id = $1 AND subject_type = 'call' AND subject_id = $2 AND type = 'call.ended' ORDER BY id DESC LIMIT 1`,
    [c.workspace_id, c.id],
  );
  if (last && (Object.keys(data) as (keyof CallEndedData)[]).every((k) => last.data[k] === data[k])) return;
  await appendEvent(tx, { type: 'call.ended', subjectType: 'call', workspaceId: c.workspace_id, subjectId: c.id, actor, data });
}
