import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { resolveCustomer } from '../../customers/index.js';
import { ingestInbound } from '../../tickets/index.js';
import { newId } from '../../../core/lib/ids.js';
import { normalizePhone } from '../../../core/lib/phone.js';
import type { Actor } from '../../../core/http/actor.js';
import type { ChannelAccount } from '../../../core/channels/accounts.js';
import { callEntry, callExternalId, fileCallMessage, syncCallEntry } from './call-entry.js';
import { foldCallEvents, type StoredCallEvent } from '../call-state.js';
import { callTicketSubject, customerNumber, type CallRow } from '../call-text.js';
import type { CallEvent } from '../call-event.js';
import { appendCallEnded } from '../events.js';

export interface RecordedCall {
  callId: string;
  status: CallRow['status'];
  /** Events of this delivery that were new (0 = the whole delivery was a repeat). */
  newEvents: number;
}

/** A PBX number in stored form: E.164 when it is a phone number, else as sent (extension, "anonymous"). */
const storedNumber = (n: string) => normalizePhone(n) ?? n;

/**
 * Records one delivery's events, call by call. Per call, under a lock on (account, call id):
 * 1. the new events are stored (a repeat of call+event+time is ignored) and the calls row is
 *    recomputed from all of the call's events (call-state.ts: same set → same row);
 * 2. the first time, the call is filed as a thread entry: inbound through ingestInbound (customer
 *    by phone, created when unknown; their open phone ticket or a new one), outbound as an agent's
 *    recorded message (call-entry.ts);
 * 3. the entry's text and meta.call follow the row; a missed inbound call marks its ticket as a
 *    call-back task; a call that is over tells its facts in call.ended (events.ts) when they changed.
 * Steps 2–3 read the committed row, so whichever delivery of a call runs last leaves the entry
 * matching all events, and a crash between steps is repaired by the next delivery of that call.
 */
export async function recordCallEvents(ctx: AppContext, account: ChannelAccount, events: CallEvent[]): Promise<RecordedCall[]> {
  const byCall = new Map<string, CallEvent[]>();
  for (const e of events) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  const out: RecordedCall[] = [];
  for (const [callId, list] of byCall) out.push(await recordOneCall(ctx, account, callId, list));
  return out;
}

/** A call joins a customer only when their side of it is a real phone number. */
const fileable = (c: CallRow) => !!normalizePhone(customerNumber(c) ?? '');

const lockKey = (accountId: string, callId: string) => `call:${accountId}:${callId}`;
const lockCall = (tx: Tx, accountId: string, callId: string) => tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(accountId, callId)]);

async function recordOneCall(ctx: AppContext, account: ChannelAccount, callId: string, list: CallEvent[]): Promise<RecordedCall> {
  const ws = account.workspaceId;
  const actor: Actor = { kind: 'system', workspaceId: ws };

  const stored = await ctx.db.tx(async (tx) => {
    await lockCall(tx, account.id, callId);
    let newEvents = 0;
    for (const e of list) {
      const inserted = await tx.maybeOne(
        `INSERT INTO call_events (id, workspace_id, account_id, call_id, event, at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (account_id, call_id, event, at) DO NOTHING RETURNING id`,
        [newId(), ws, account.id, callId, e.event, new Date(e.at), JSON.stringify(e)],
      );
      if (inserted) newEvents++;
    }
    const existing = await tx.maybeOne<CallRow>('SELECT * FROM calls WHERE account_id = $1 AND external_id = $2', [account.id, callId]);
    // A pure repeat of a call already filed (or that cannot be filed: hidden number): nothing to do.
    if (newEvents === 0 && existing && (existing.message_id || !fileable(existing))) return { call: existing, newEvents };
    const rows = await tx.query<{ event: StoredCallEvent['event']; at: Date; payload: CallEvent }>(
      'SELECT event, at, payload FROM call_events WHERE account_id = $1 AND call_id = $2',
      [account.id, callId],
    );
    const s = foldCallEvents(rows.map((r) => ({ event: r.event, at: new Date(r.at), payload: r.payload })));
    const agent = s.agentEmail
      ? await tx.maybeOne<{ id: string }>('SELECT id FROM users WHERE workspace_id = $1 AND lower(email) = $2', [ws, s.agentEmail])
      : undefined;
    const values = [
      ws, account.id, callId, s.direction,
      // The customer's side in E.164 (it finds their profile); ours (hotline, extension) as the PBX sent it.
      s.direction === 'inbound' ? storedNumber(s.from) : s.from, s.direction === 'outbound' ? storedNumber(s.to) : s.to, agent?.id ?? null, s.agentEmail, s.agentExtension, s.status,
      s.startedAt, s.ringingAt, s.answeredAt, s.endedAt, s.waitSeconds, s.talkSeconds, s.wrapUpSeconds, s.missed, s.abandoned, s.recordingUrl, s.events,
    ];
    const call = existing
      ? await tx.one<CallRow>(
          `UPDATE calls SET direction = $4, from_number = $5, to_number = $6, agent_user_id = $7, agent_email = $8, agent_extension = $9, status = $10,
             started_at = $11, ringing_at = $12, answered_at = $13, ended_at = $14, wait_seconds = $15, talk_seconds = $16, wrap_up_seconds = $17,
             missed = $18, abandoned = $19, recording_url = $20, events = $21, updated_at = now()
           WHERE workspace_id = $1 AND account_id = $2 AND external_id = $3 RETURNING *`,
          values,
        )
      : await tx.one<CallRow>(
          `INSERT INTO calls (id, workspace_id, account_id, external_id, direction, from_number, to_number, agent_user_id, agent_email, agent_extension, status,
             started_at, ringing_at, answered_at, ended_at, wait_seconds, talk_seconds, wrap_up_seconds, missed, abandoned, recording_url, events)
           VALUES ($22, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING *`,
          [...values, newId()],
        );
    // Already filed: bring its entry up to date under the same lock, in the same transaction.
    if (call.message_id) await syncCallEntry(tx, call, actor);
    // Final for this delivery unless step 2 still files it (step 3 then tells with the ticket it joined).
    if (call.message_id || !fileable(call)) await appendCallEnded(tx, call, actor);
    return { call, newEvents };
  });
  if (stored.call.message_id || !fileable(stored.call)) return { callId, status: stored.call.status, newEvents: stored.newEvents };

  // Step 2: file the call once. A number that is not a phone (hidden caller) has no customer to join.
  let call = stored.call;
  const number = customerNumber(call);
  const phone = number ? normalizePhone(number) : null;
  let filed: { ticketId: string; messageId: string; customerId: string } | undefined;
  if (!call.message_id && phone) {
    if (call.direction === 'inbound') {
      const entry = await callEntry(ctx.db, call);
      const r = await ingestInbound(
        ctx.db,
        {
          channel: 'phone',
          externalId: callExternalId(call),
          from: { kind: 'phone', value: phone },
          subject: callTicketSubject(null, call),
          body: entry.body,
          contentType: 'text',
          attachments: [],
          sentAt: new Date(call.started_at),
          channelAccountId: account.id,
          meta: { call: entry.call },
        },
        actor,
      );
      filed = { ticketId: r.ticketId, messageId: r.messageId, customerId: r.customerId };
    } else {
      filed = await ctx.db.tx(async (tx) => {
        await lockCall(tx, account.id, callId);
        const current = await tx.one<CallRow>('SELECT * FROM calls WHERE account_id = $1 AND external_id = $2', [account.id, callId]);
        if (current.message_id) return { ticketId: current.ticket_id!, messageId: current.message_id, customerId: current.customer_id! };
        const { customer } = await resolveCustomer(tx, { workspaceId: ws, identities: [{ kind: 'phone', value: phone }], actor });
        const r = await fileCallMessage(ctx.db, tx, current, { customerId: customer.id, customerName: customer.name, actor });
        await tx.query('UPDATE calls SET customer_id = $3, ticket_id = $4, message_id = $5 WHERE workspace_id = $1 AND id = $2', [ws, current.id, customer.id, r.ticket.id, r.messageId]);
        return { ticketId: r.ticket.id, messageId: r.messageId, customerId: customer.id };
      });
    }
  }

  // Step 3: link and bring the entry up to date with the (committed) row.
  call = await ctx.db.tx(async (tx) => {
    await lockCall(tx, account.id, callId);
    let c = await tx.one<CallRow>('SELECT * FROM calls WHERE account_id = $1 AND external_id = $2', [account.id, callId]);
    if (filed && !c.message_id) {
      c = await tx.one<CallRow>(
        'UPDATE calls SET customer_id = $3, ticket_id = $4, message_id = $5 WHERE workspace_id = $1 AND id = $2 RETURNING *',
        [ws, c.id, filed.customerId, filed.ticketId, filed.messageId],
      );
    }
    await syncCallEntry(tx, c, actor);
    await appendCallEnded(tx, c, actor);
    return c;
  });
  return { callId, status: call.status, newEvents: stored.newEvents };
}
