import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../harness.js';
import { appendAll, ensureDovecot, freshMailboxUser, insertImapAccount, rawMail } from '../fixtures/dovecot.js';
import { startInstance, until, type Instance } from './instances.js';

/**
 * A real mailbox (the test Dovecot) read by two instances on one PostgreSQL: only the holder of the
 * `channel-listeners` lease polls it; killed in the middle of an import, the other takes the lease
 * and finishes, and every mail is filed exactly once — none lost, none twice.
 */
const pg = Boolean(process.env.TEST_DATABASE_URL);

describe('IMAP across a leadership hand-over (two instances, real mailbox)', () => {
  if (!pg) {
    it('is a PostgreSQL test', () => {
      console.info('IMAP hand-over test not run: the embedded database lives inside one process; set TEST_DATABASE_URL to run it');
      expect(pg).toBe(false);
    });
    return;
  }
  let t: TestApp;
  let w: SeededWorkspace;
  let x: Instance;
  let y: Instance;
  let previousKey: string | undefined;
  const user = freshMailboxUser('handover');
  const mails = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      rawMail({
        from: `khach${(from + i) % 7}@example.vn`,
        fromName: 'Vũ Thị Lan',
        to: user,
        subject: `Hỏi đơn ${from + i}`,
        body: `Đơn số ${from + i} của mình giao chưa ạ?`,
        messageId: `handover-${from + i}-${randomBytes(3).toString('hex')}@example.vn`,
      }),
    );

  beforeAll(async () => {
    await ensureDovecot();
    // The mailbox password is sealed with the key every instance shares.
    const key = randomBytes(32).toString('base64');
    previousKey = process.env.SECRET_KEY;
    process.env.SECRET_KEY = key;
    t = await createTestApp({ eager: false });
    w = await seedWorkspace(t, 'Shop Hộp Thư');
    await insertImapAccount(t.ctx, w.workspaceId, user);
    await appendAll(user, mails(0, 120));
    const env = { ALLOW_PRIVATE_MAIL_HOSTS: 'true' };
    [x, y] = await Promise.all([startInstance(t.ctx.env.DATABASE_URL!, key, env), startInstance(t.ctx.env.DATABASE_URL!, key, env)]);
  }, 240_000);
  afterAll(async () => {
    if (previousKey === undefined) delete process.env.SECRET_KEY;
    else process.env.SECRET_KEY = previousKey;
    for (const i of [x, y]) if (i && i.proc.exitCode === null) i.proc.kill('SIGKILL');
    await t?.close();
  });

  const filed = () =>
    t.ctx.db.one<{ n: number; distinct_ids: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids FROM messages WHERE workspace_id = $1 AND channel = 'email' AND direction = 'inbound'`,
      [w.workspaceId],
    );

  it('the holder dies mid-import; the other finishes; each mail is filed once', async () => {
    // Kill the holder once it has filed a few of the 120 (mid-import).
    await until(async () => (await filed()).n >= 5);
    const lease = await t.ctx.db.one<{ holder: string; fence: number }>(`SELECT holder, fence FROM cluster_leases WHERE name = 'channel-listeners'`);
    const [holder, other] = lease.holder.includes(`:${x.proc.pid}:`) ? [x, y] : [y, x];
    holder.proc.kill('SIGKILL');
    await holder.exited;
    const atKill = (await filed()).n;
    // More mail while nobody holds the lease.
    await appendAll(user, mails(120, 30));

    await until(async () => (await t.ctx.db.one<{ holder: string }>(`SELECT holder FROM cluster_leases WHERE name = 'channel-listeners'`)).holder.includes(`:${other.proc.pid}:`));
    await until(async () => (await filed()).n >= 150);
    // Give a double time to show up before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const end = await filed();
    console.info(`IMAP hand-over: ${atKill} of 120 filed when the holder was killed; ${end.n} filed in all`);
    expect(atKill).toBeLessThan(150);
    expect(end.n).toBe(150);
    expect(end.distinct_ids).toBe(150);
  }, 240_000);
});
