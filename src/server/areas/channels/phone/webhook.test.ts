import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api, insertCustomer } from '../../../test/fixtures/tickets.js';
import { callEvents, createPhoneEndpoint, postHook, SECRET } from '../../../test/fixtures/phone.js';
import { signCallWebhook } from './signature.js';
import type { MessageDetails } from '../../../../shared/tickets.js';

/** A messages row as these tests read it: a call's thread entry (meta.call = MessageDetailsSchema.call). */
interface CallMessageRow {
  id: string;
  body: string;
  created_at: Date;
  meta: { call: NonNullable<MessageDetails['call']> };
}

describe('POST /api/hooks/phone/:key', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let key: string;
  let seq = 0;
  const callId = () => `call-${Date.now()}-${seq++}`;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    key = (await createPhoneEndpoint(t, w.admin.cookie)).key;
  });
  afterAll(() => t.close());

  /** The calls row of a PBX call id (undefined at run time when there is none: the tests that expect none say so). */
  const callRow = async (id: string) => (await t.ctx.db.maybeOne<Record<string, unknown>>('SELECT * FROM calls WHERE workspace_id = $1 AND external_id = $2', [w.workspaceId, id]))!;
  // The webhook's own events: the AI reactions to a call's message (sentiment) run after commit, on
  // their own, and may land between two counts on a busy machine.
  const webhookEvents = async () =>
    (await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type NOT LIKE 'ai.%'`, [w.workspaceId])).n;

  describe('signature', () => {
    const one = () => callEvents(callId(), new Date())[0];

    it('accepts a correctly signed delivery', async () => {
      const r = await postHook(t, key, one());
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ received: 1, newEvents: 1 });
    });

    it('refuses a bad signature, a wrong secret and missing headers with 401 phone.signature_invalid', async () => {
      const body = one();
      const ts = Math.floor(Date.now() / 1000);
      const raw = JSON.stringify(body);
      const bad: Record<string, string>[] = [
        { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts), 'x-tantam-signature': 'sha256=' + '0'.repeat(64) },
        { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts), 'x-tantam-signature': signCallWebhook('another-secret-000000', ts, raw) },
        { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts) },
        { 'content-type': 'application/json' },
        { 'content-type': 'application/json', 'x-tantam-timestamp': 'yesterday', 'x-tantam-signature': signCallWebhook(SECRET, 'yesterday', raw) },
      ];
      for (const headers of bad) {
        const r = await postHook(t, key, body, { headers });
        expect(r.status, JSON.stringify(headers)).toBe(401);
        expect(r.body.error.id).toBe('phone.signature_invalid');
      }
      expect(await callRow(body.callId)).toBeUndefined();
    });

    it('refuses a stale or future timestamp (replay window 5 minutes)', async () => {
      const body = one();
      for (const skew of [-301, 301, -3600]) {
        const r = await postHook(t, key, body, { timestamp: Math.floor(Date.now() / 1000) + skew });
        expect(r.status).toBe(401);
        expect(r.body.error.id).toBe('phone.signature_invalid');
      }
      expect((await postHook(t, key, body, { timestamp: Math.floor(Date.now() / 1000) - 240 })).status).toBe(200);
    });

    it('verifies the raw bytes: a re-serialised or altered body with the old signature is refused', async () => {
      const body = one();
      const raw = JSON.stringify(body, null, 2); // same JSON value, other bytes
      const ts = Math.floor(Date.now() / 1000);
      const sig = signCallWebhook(SECRET, ts, raw);
      const headers = { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts), 'x-tantam-signature': sig };
      expect((await postHook(t, key, body, { headers, raw: JSON.stringify(body) })).status).toBe(401);
      const altered = raw.replace('0912 345 678', '0987 654 321');
      expect((await postHook(t, key, body, { headers, raw: altered })).status).toBe(401);
      // The exact bytes that were signed pass, pretty-printed or not.
      expect((await postHook(t, key, body, { headers, raw })).status).toBe(200);
    });

    it('answers 404 for an unknown endpoint key before looking at the signature', async () => {
      const r = await postHook(t, 'no-such-key', one());
      expect(r.status).toBe(404);
      expect(r.body.error.id).toBe('phone.unknown_endpoint');
    });
  });

  describe('payload', () => {
    it('answers 400 with the field for invalid events, and 400 phone.invalid_json for broken JSON', async () => {
      const good = callEvents(callId(), new Date())[0];
      const cases: [unknown, string][] = [
        [{ ...good, event: 'hung_up' }, 'event'],
        [{ ...good, at: 'hôm qua' }, 'at'],
        [{ ...good, callId: '' }, 'callId'],
        [{ ...good, talkSeconds: -5 }, 'talkSeconds'],
        [{ ...good, recordingUrl: 'javascript:alert(1)' }, 'recordingUrl'],
        [{ events: [good, { ...good, direction: 'sideways' }] }, 'events.1.direction'],
        [{ events: [] }, 'events'],
      ];
      for (const [body, path] of cases) {
        const r = await postHook(t, key, body);
        expect(r.status, path).toBe(400);
        expect(r.body.error.id).toBe('phone.invalid_payload');
        expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
      const broken = await postHook(t, key, null, { raw: '{"callId": ' });
      expect(broken.status).toBe(400);
      expect(broken.body.error.id).toBe('phone.invalid_json');
      expect(await callRow(good.callId)).toBeUndefined();
    });
  });

  describe('call state', () => {
    const FIELDS = [
      'direction', 'from_number', 'to_number', 'customer_id', 'agent_user_id', 'status', 'started_at', 'ringing_at', 'answered_at', 'ended_at',
      'wait_seconds', 'talk_seconds', 'wrap_up_seconds', 'missed', 'abandoned', 'recording_url', 'ticket_id', 'events',
    ];
    const pick = (row: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, ((v) => (v instanceof Date ? v.toISOString() : v))(row[f])]));
    const permutations = <T,>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

    it('gives the same row, message and ticket for every order of ringing/answered/ended, with repeats', async () => {
      const agent = await seedUser(t, w.workspaceId, 'agent', 'Trần Thị Lan');
      const start = new Date(Date.now() - 3600_000);
      const results: Record<string, unknown>[] = [];
      const bodies: string[] = [];
      const orders = permutations([0, 1, 2]);
      for (const [i, order] of orders.entries()) {
        // Each order is its own call from its own number, so the calls do not share a ticket.
        const id = callId();
        const evs = callEvents(id, start, { from: `0912 000 0${10 + i}`, agentEmail: agent.email.toUpperCase() });
        for (const k of order) {
          expect((await postHook(t, key, evs[k])).status).toBe(200);
          expect((await postHook(t, key, evs[k])).body.newEvents).toBe(0); // an immediate repeat
        }
        // A batch repeating everything changes nothing.
        expect((await postHook(t, key, { events: evs })).body).toMatchObject({ received: 3, newEvents: 0, calls: [{ callId: id, status: 'ended' }] });
        const row = await callRow(id);
        const messages = await t.ctx.db.query<CallMessageRow>('SELECT * FROM messages WHERE workspace_id = $1 AND ticket_id = $2', [w.workspaceId, row.ticket_id]);
        expect(messages).toHaveLength(1);
        expect(messages[0].id).toBe(row.message_id);
        expect(new Date(messages[0].created_at).toISOString()).toBe(start.toISOString());
        results.push({ ...pick(row), customer_id: 'x', ticket_id: 'x', from_number: 'x', recording_url: String(row.recording_url).replace(id, 'ID') });
        bodies.push(messages[0].body.replace(/0912 000 0\d\d/, 'N'));
        expect(messages[0].meta.call).toMatchObject({ callId: id, status: 'ended', talkSeconds: 180, waitSeconds: 12, wrapUpSeconds: 45, agentName: 'Trần Thị Lan', loggedByHand: false });
      }
      for (const r of results) expect(r).toEqual(results[0]);
      expect(new Set(bodies).size).toBe(1);
      expect(results[0]).toMatchObject({ status: 'ended', agent_user_id: agent.id, wait_seconds: 12, talk_seconds: 180, wrap_up_seconds: 45, missed: false, abandoned: false, events: ['ringing', 'answered', 'ended'] });
      expect(bodies[0]).toContain('Cuộc gọi đến từ N');
    });

    it('updates the same thread entry on later events and tells the ticket\'s realtime topic', async () => {
      const id = callId();
      const evs = callEvents(id, new Date(Date.now() - 900_000), { from: '0933 222 444' });
      await postHook(t, key, evs[0]);
      const row = await callRow(id);
      const msg = () => t.ctx.db.one<CallMessageRow>('SELECT * FROM messages WHERE id = $1', [row.message_id]);
      expect((await msg()).body).toContain('đang đổ chuông');
      await postHook(t, key, evs[1]);
      expect((await msg()).meta.call.status).toBe('answered');
      await postHook(t, key, evs[2]);
      const m = await msg();
      expect(m.meta.call).toMatchObject({ status: 'ended', talkSeconds: 180 });
      expect(m.body).toContain('đã nghe, đàm thoại 03:00');
      const updates = await t.ctx.db.query(`SELECT data FROM events WHERE workspace_id = $1 AND type = 'message.updated' AND subject_id = $2`, [w.workspaceId, row.message_id]);
      expect(updates).toHaveLength(2);
      expect(updates[0].data).toMatchObject({ ticketId: row.ticket_id, customerId: row.customer_id });
      expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1', [row.ticket_id])).n).toBe(1);
    });

    it('counts a whole batch once, whichever events it repeats', async () => {
      const id = callId();
      const evs = callEvents(id, new Date(Date.now() - 600_000), { from: '0933 111 222' });
      const before = await webhookEvents();
      expect((await postHook(t, key, { events: [evs[2], evs[0]] })).body.newEvents).toBe(2);
      expect((await postHook(t, key, { events: [evs[0], evs[1], evs[2], evs[1]] })).body.newEvents).toBe(1);
      const after = await webhookEvents();
      expect((await postHook(t, key, { events: evs })).body.newEvents).toBe(0);
      expect(await webhookEvents()).toBe(after);
      expect(after).toBeGreaterThan(before);
      expect((await callRow(id)).status).toBe('ended');
    });
  });

  describe('call.ended', () => {
    const told = async (id: string) =>
      (
        await t.ctx.db.query<{ data: Record<string, unknown> }>(
          `SELECT e.data FROM events e JOIN calls c ON c.id = e.subject_id WHERE e.workspace_id = $1 AND e.type = 'call.ended' AND c.external_id = $2 ORDER BY e.id`,
          [w.workspaceId, id],
        )
      ).map((e) => e.data);

    it('tells a finished call with its facts, again only when a later delivery changes them', async () => {
      const id = callId();
      const start = new Date(Date.now() - 1_200_000);
      const at = (s: number) => new Date(start.getTime() + s * 1000).toISOString();
      const evs = callEvents(id, start, { from: '0933 444 555' });
      await postHook(t, key, { events: evs.slice(0, 2) });
      expect(await told(id)).toEqual([]); // ringing and answered: not over yet
      await postHook(t, key, evs[2]);
      const row = await callRow(id);
      expect(await told(id)).toEqual([
        {
          ticketId: row.ticket_id, messageId: row.message_id, channel: 'phone', direction: 'inbound', status: 'ended', startedAt: at(0), answeredAt: at(12),
          endedAt: at(192), waitSeconds: 12, talkSeconds: 180, wrapUpSeconds: 45, abandoned: false, agentUserId: null,
        },
      ]);
      // A repeat tells nothing; a later report of the wrap-up does, and the latest holds.
      await postHook(t, key, { events: evs });
      expect(await told(id)).toHaveLength(1);
      await postHook(t, key, { ...evs[2], at: at(200), wrapUpSeconds: 90 });
      expect((await told(id)).map((d) => [d.endedAt, d.wrapUpSeconds])).toEqual([[at(192), 45], [at(200), 90]]);
    });

    it('tells a missed call, and one from a hidden number without a ticket', async () => {
      const missed = callId();
      await postHook(t, key, { events: callEvents(missed, new Date(Date.now() - 600_000), { from: '0933 666 777', missed: true }) });
      expect(await told(missed)).toEqual([expect.objectContaining({ status: 'missed', abandoned: true, waitSeconds: 25, answeredAt: null, ticketId: (await callRow(missed)).ticket_id })]);
      const hidden = callId();
      await postHook(t, key, { events: callEvents(hidden, new Date(Date.now() - 600_000), { from: 'anonymous', missed: true }) });
      expect(await told(hidden)).toEqual([expect.objectContaining({ status: 'missed', ticketId: null, messageId: null })]);
    });
  });

  describe('customers and tickets', () => {
    it('joins an existing customer whatever the number format, and creates unknown callers', async () => {
      const existing = await insertCustomer(t, w.workspaceId, 'Phạm Văn Bình', '+84905123456');
      for (const from of ['0905 123 456', '+84905123456', '84905123456', '(+84) 905-123-456']) {
        const id = callId();
        await postHook(t, key, { events: callEvents(id, new Date(Date.now() - 60_000), { from }) });
        expect((await callRow(id)).customer_id, from).toBe(existing);
        expect((await callRow(id)).from_number).toBe('+84905123456');
      }
      const id = callId();
      await postHook(t, key, callEvents(id, new Date(), { from: '0977 888 999' })[0]);
      const row = await callRow(id);
      const c = await t.ctx.db.one('SELECT * FROM customers WHERE id = $1', [row.customer_id]);
      expect(c.phone).toBe('+84977888999');
    });

    it('turns a missed inbound call into a high-priority call-back task in the inbox, in any order', async () => {
      for (const order of [[0, 1], [1, 0]]) {
        const id = callId();
        const from = order[0] === 0 ? '0966 100 200' : '0966 100 300';
        const name = order[0] === 0 ? 'Lê Thu Hà' : null;
        if (name) await insertCustomer(t, w.workspaceId, name, from.replace(/^0/, '+84').replace(/ /g, ''));
        const evs = callEvents(id, new Date('2026-11-20T07:05:00Z'), { from, missed: true });
        for (const k of order) await postHook(t, key, evs[k]);
        const row = await callRow(id);
        expect(row).toMatchObject({ status: 'missed', missed: true, abandoned: true, wait_seconds: 25, talk_seconds: 0, call_back_marked: true });
        const ticket = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${row.ticket_id}`)).body.ticket;
        expect(ticket).toMatchObject({ channel: 'phone', priority: 'high', category: 'call_back', tags: ['goi-lai'] });
        // 14:05 in Hà Nội (UTC+7).
        expect(ticket.subject).toBe(`Gọi lại cho ${name ?? from} — cuộc gọi nhỡ lúc 14:05 20/11`);
        const inbox = (await api(t, w.admin.cookie, 'GET', '/api/tickets?tag=goi-lai')).body;
        expect(JSON.stringify(inbox)).toContain(row.ticket_id);
        const msgs = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${row.ticket_id}/messages`)).body.messages;
        expect(msgs).toHaveLength(1);
        expect(msgs[0].details.call).toMatchObject({ status: 'missed', direction: 'inbound', waitSeconds: 25 });
        expect(msgs[0].body).toContain('Cuộc gọi nhỡ từ');
      }
    });

    it('takes the call-back marking off again when a ring group\'s missed call is answered by another extension', async () => {
      const id = callId();
      const base = { callId: id, direction: 'inbound' as const, from: '0955 123 321', to: '19001234' };
      const at = (s: number) => new Date(Date.parse('2026-11-20T03:00:00Z') + s * 1000).toISOString();
      await postHook(t, key, { ...base, event: 'ringing', at: at(0) });
      await postHook(t, key, { ...base, event: 'missed', at: at(20), agent: { extension: '101' } });
      const row = await callRow(id);
      const marked = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${row.ticket_id}`)).body.ticket;
      expect(marked).toMatchObject({ priority: 'high', tags: ['goi-lai'], category: 'call_back' });
      await postHook(t, key, { ...base, event: 'answered', at: at(25), agent: { extension: '102' } });
      await postHook(t, key, { ...base, event: 'ended', at: at(205) });
      expect(await callRow(id)).toMatchObject({ status: 'ended', missed: false, call_back_marked: false, talk_seconds: 180 });
      const after = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${row.ticket_id}`)).body.ticket;
      expect(after).toMatchObject({ priority: 'normal', tags: [], category: null, subject: 'Cuộc gọi từ 0955 123 321' });
    });

    it('joins a second missed call into the open call-back task (no second ticket, subject kept)', async () => {
      const from = '0944 555 666';
      const a = callId();
      const b = callId();
      await postHook(t, key, { events: callEvents(a, new Date('2026-11-20T02:00:00Z'), { from, missed: true }) });
      await postHook(t, key, { events: callEvents(b, new Date('2026-11-20T03:00:00Z'), { from, missed: true }) });
      const [ra, rb] = [await callRow(a), await callRow(b)];
      expect(rb.ticket_id).toBe(ra.ticket_id);
      const ticket = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ra.ticket_id}`)).body.ticket;
      expect(ticket.subject).toContain('09:00 20/11');
      expect(ticket.tags).toEqual(['goi-lai']);
      // An answered call later joins the same conversation and leaves the task to the agent.
      const c = callId();
      await postHook(t, key, { events: callEvents(c, new Date('2026-11-20T04:00:00Z'), { from }) });
      const rc = await callRow(c);
      expect(rc.ticket_id).toBe(ra.ticket_id);
      const after = (await api(t, w.admin.cookie, 'GET', `/api/tickets/${ra.ticket_id}`)).body.ticket;
      expect(after).toMatchObject({ priority: 'high', tags: ['goi-lai'], messageCount: 3 });
    });

    it('files an outbound call as a recorded agent message on the customer\'s phone ticket (never queued for sending)', async () => {
      const agent = await seedUser(t, w.workspaceId, 'agent', 'Đỗ Minh');
      const id = callId();
      await postHook(t, key, { events: callEvents(id, new Date(Date.now() - 300_000), { direction: 'outbound', from: '101', to: '0911 222 333', agentEmail: agent.email }) });
      const row = await callRow(id);
      expect(row).toMatchObject({ direction: 'outbound', status: 'ended', agent_user_id: agent.id, from_number: '101', to_number: '+84911222333' });
      const m = await t.ctx.db.one<CallMessageRow>('SELECT * FROM messages WHERE id = $1', [row.message_id]);
      expect(m).toMatchObject({ direction: 'outbound', author_user_id: agent.id, channel: 'phone', delivery_status: null });
      expect(m.body).toContain('Cuộc gọi đi tới 0911 222 333');
      // A repeat does nothing; no delivery job was queued.
      await postHook(t, key, { events: callEvents(id, new Date(Date.now() - 300_000), { direction: 'outbound', from: '101', to: '0911 222 333', agentEmail: agent.email }) });
      expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1', [row.ticket_id])).n).toBe(1);
    });

    it('keeps a call from a hidden number without a customer or ticket', async () => {
      const id = callId();
      const r = await postHook(t, key, { events: callEvents(id, new Date(), { from: 'anonymous', missed: true }) });
      expect(r.status).toBe(200);
      expect(await callRow(id)).toMatchObject({ from_number: 'anonymous', customer_id: null, ticket_id: null, missed: true });
    });

    it('survives concurrent deliveries of one call: one row, one message', async () => {
      const id = callId();
      const evs = callEvents(id, new Date(Date.now() - 120_000), { from: '0988 777 666' });
      await Promise.all([...evs, ...evs, ...evs].map((e) => postHook(t, key, e)));
      const row = await callRow(id);
      expect(row.status).toBe('ended');
      expect((await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE external_id LIKE $1`, [`%:${id}`])).n).toBe(1);
      expect((await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM call_events WHERE call_id = $1`, [id])).n).toBe(3);
    });
  });
});
