import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../../test/harness.js';
import { addMailbox } from '../../../test/fixtures/email.js';
import { rawThreadMail, shuffled, threadCorpus, type ThreadMail } from '../../../test/fixtures/email-threads.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

// Threading must not depend on the order mail arrives in (IMAP folders, MTA retries, maildir order):
// the corpus is delivered through the real SMTP receiver in several orders, each into a fresh
// workspace, and must give the same grouping of mails into tickets every time.

let t: TestApp;
let receiver: SmtpReceiver;
let smtp: Transporter;

beforeAll(async () => {
  t = await createTestApp();
  receiver = await startSmtpReceiver(t.ctx, { port: 0, host: '127.0.0.1' });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true, pool: true });
});
afterAll(async () => {
  smtp?.close();
  await receiver?.close();
  await t?.close();
});

let run = 0;

/** Delivers the mails in this order into a new workspace; returns the grouping (sorted Message-ID lists) and the live ticket count. */
async function deliver(order: ThreadMail[]) {
  const ws = await seedWorkspace(t, `Threading ${run}`);
  const to = `hotro-thread-${run++}@cuahang-abc.vn`;
  await addMailbox(t, ws, { address: to });
  const index = new Map(threadCorpus.mails.map((m, i) => [m.id, i]));
  for (const m of order) {
    const info = await smtp.sendMail({ envelope: { from: 'bounce@khach.vn', to }, raw: rawThreadMail(m, to, index.get(m.id)!) });
    expect(info.response).toMatch(/^250/);
  }
  const rows = await t.ctx.db.query<{ external_id: string; ticket_id: string }>(
    'SELECT external_id, ticket_id FROM messages WHERE workspace_id = $1 AND direction = $2',
    [ws.workspaceId, 'inbound'],
  );
  const byTicket = new Map<string, string[]>();
  for (const r of rows) byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), r.external_id]);
  const grouping = [...byTicket.values()].map((g) => g.sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const live = await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND merged_into_id IS NULL', [ws.workspaceId]);
  return { grouping, liveTickets: live.n, messages: rows.length };
}

const expected = threadCorpus.groups.map((g) => g.slice().sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('email threading is independent of delivery order', () => {
  const orders: [string, () => ThreadMail[]][] = [
    ['as written', () => threadCorpus.mails],
    ['newest first', () => threadCorpus.mails.slice().reverse()],
    ...[1, 7, 42, 2024, 65537].map((seed): [string, () => ThreadMail[]] => [`shuffled, seed ${seed}`, () => shuffled(threadCorpus.mails, seed)]),
  ];
  for (const [name, order] of orders) {
    it(name, async () => {
      const r = await deliver(order());
      expect(r.messages).toBe(threadCorpus.mails.length);
      expect(r.grouping).toEqual(expected);
      expect(r.liveTickets).toBe(expected.length);
    }, 60_000);
  }

  it('a late mail that links two tickets of one customer merges them (the merge is recorded on both)', async () => {
    const d = threadCorpus.mails.filter((m) => m.id.startsWith('<d'));
    const byId = Object.fromEntries(d.map((m) => [m.id.slice(1, 3), m]));
    // d1 and d4 first: two tickets (d4 names only d3); d3 then names d2 and d4's ticket… d2 links d1's.
    const ws = await seedWorkspace(t, 'Threading merge');
    const to = `hotro-thread-merge@cuahang-abc.vn`;
    await addMailbox(t, ws, { address: to });
    for (const [i, k] of ['d1', 'd4', 'd3', 'd2'].entries()) {
      await smtp.sendMail({ envelope: { from: 'em@khach.vn', to }, raw: rawThreadMail(byId[k], to, i) });
    }
    const tickets = await t.ctx.db.query<{ id: string; merged_into_id: string | null; status: string }>(
      'SELECT id, merged_into_id, status FROM tickets WHERE workspace_id = $1 ORDER BY created_at',
      [ws.workspaceId],
    );
    expect(tickets).toHaveLength(2);
    expect(tickets[1]).toMatchObject({ merged_into_id: tickets[0].id, status: 'closed' });
    const events = await t.ctx.db.query<{ type: string }>(`SELECT type FROM events WHERE workspace_id = $1 AND type IN ('ticket.merged', 'ticket.merged_in') ORDER BY type`, [ws.workspaceId]);
    expect(events.map((e) => e.type)).toEqual(['ticket.merged', 'ticket.merged_in']);
  }, 60_000);
});
