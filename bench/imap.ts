/**
 * `npm run bench -- imap [--messages 1000] [--db embedded|postgres] [--batch 100]`
 *
 * Imports N varied mails (Vietnamese names and subjects, many senders, a quarter of them replies that
 * point at earlier mails by In-Reply-To/References) from the local test Dovecot (scripts/dovecot-test.sh)
 * in ONE pass of the real IMAP poller into a fresh database, filing each with the real ingestRawEmail.
 * Appending is setup and not timed. Prints seconds, messages/s and the threading check (every reply's
 * ticket must be its original's). Peers on the same kind of machine: osTicket 29.5 s, FreeScout 34.9 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { ImapFlow } from 'imapflow';
import { assembleContext } from '../src/server/boot.js';
import { createWorkspace } from '../src/server/areas/access/index.js';
import { loadAccount } from '../src/server/core/channels/accounts.js';
import { defaultImapHandler } from '../src/server/areas/channels/email/index.js';
import { startMailboxPoller } from '../src/server/areas/channels/email/index.js';
import { syncOpenFolder } from '../src/server/areas/channels/email/index.js';
import { DOVECOT, ensureDovecot, freshMailboxUser, insertImapAccount } from '../src/server/test/fixtures/dovecot.js';
import { scratchDatabase } from './support.js';
import { createEmbeddedDb, createPostgresDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import type { Db } from '../src/server/core/db/types.js';
import { loadEnv } from '../src/server/core/env.js';
import { FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, PRODUCTS } from '../src/server/demo/vn-data.js';
import { toSearchText } from '../src/shared/search-text.js';

const opts = new Command()
  .name('bench imap')
  .option('--messages <n>', 'mails in the mailbox', '1000')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--batch <n>', 'messages per FETCH', '100')
  .option('--concurrency <n>', 'mails filed at once (the poller default is 4)', '4')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse(process.argv)
  .opts<{ messages: string; db: 'embedded' | 'postgres'; batch: string; concurrency: string; pgUrl: string }>();
const N = Number(opts.messages);

// A small seeded generator: the same mailbox every run.
let seed = 20261122;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
const weighted = <T>(list: ReadonlyArray<[T, number]>) => {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of list) if ((r -= w) <= 0) return v;
  return list[list.length - 1][0];
};

interface Person { name: string; email: string }
function person(i: number): Person {
  const female = rnd() < 0.55;
  const family = weighted(FAMILY_NAMES);
  const middle = weighted(female ? FEMALE_MIDDLE : MALE_MIDDLE);
  const given = pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  const slug = toSearchText(`${given}.${family}`).replace(/[^a-z.]/g, '');
  return { name: `${family} ${middle} ${given}`, email: `${slug}${i}@${pick(['gmail.com', 'yahoo.com.vn', 'outlook.com', 'fpt.vn', 'vnpt.vn'])}` };
}

const SUBJECTS = [
  (p: string) => `Đơn hàng ${p} chưa giao`,
  (p: string) => `Hỏi về bảo hành ${p}`,
  (p: string) => `Đổi trả ${p} bị lỗi`,
  (p: string) => `Xin báo giá ${p} số lượng lớn`,
  (p: string) => `Giao nhầm màu ${p}`,
  (p: string) => `Hướng dẫn sử dụng ${p}`,
];
const BODIES = [
  'Chào shop, em đặt hàng từ tuần trước mà vẫn chưa nhận được. Shop kiểm tra giúp em với ạ.',
  'Cho mình hỏi sản phẩm này bảo hành bao lâu, có bảo hành tận nhà không?',
  'Hàng nhận về bị trầy xước ở góc, mình muốn đổi sản phẩm khác được không ạ?',
  'Công ty mình cần mua số lượng lớn, nhờ shop gửi báo giá và chiết khấu.',
];
const REPLIES = ['Em cảm ơn shop, em chờ tin ạ.', 'Shop ơi, đã 2 ngày rồi mà chưa thấy phản hồi.', 'Dạ vâng, em gửi thêm ảnh chụp hoá đơn ạ.'];

interface Planned { raw: Buffer; messageId: string; rootId: string; isReply: boolean }

async function plan(mailbox: string): Promise<Planned[]> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const people = Array.from({ length: Math.max(10, Math.round(N / 3)) }, (_, i) => person(i));
  const threads: { root: string; ids: string[]; subject: string; who: Person }[] = [];
  const out: Planned[] = [];
  const base = Date.now() - N * 60_000;
  for (let i = 0; i < N; i++) {
    const isReply = i % 4 === 3 && threads.length > 0; // a quarter are replies
    const messageId = `bench-${i}-${Math.floor(rnd() * 1e9).toString(36)}@${isReply ? 'mail.example.vn' : 'example.vn'}`;
    const date = new Date(base + i * 60_000);
    let mail: SendMailOptions;
    let rootId: string;
    if (isReply) {
      const th = pick(threads.slice(-50)); // replies come to recent conversations
      rootId = th.root;
      const onlyRefs = rnd() < 0.2; // some clients send References only
      mail = {
        from: { name: th.who.name, address: th.who.email },
        to: mailbox,
        subject: `Re: ${th.subject}`,
        text: `${pick(REPLIES)}\n\nVào ${date.toLocaleDateString('vi-VN')}, CSKH đã viết:\n> Dạ shop đã nhận được thông tin ạ.`,
        messageId: `<${messageId}>`,
        inReplyTo: onlyRefs ? undefined : `<${th.ids[th.ids.length - 1]}>`,
        references: th.ids.map((id) => `<${id}>`),
        date,
      };
      th.ids.push(messageId);
    } else {
      const who = pick(people);
      const subject = pick(SUBJECTS)(pick(PRODUCTS) as string);
      rootId = messageId;
      threads.push({ root: messageId, ids: [messageId], subject, who });
      const text = `${pick(BODIES)}\n\n${who.name}\nĐT: 09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
      mail = {
        from: { name: who.name, address: who.email },
        to: mailbox,
        subject,
        text,
        // A third come from webmail with an HTML part, some with a small attachment.
        html: i % 3 === 0 ? `<p>${text.replace(/\n/g, '<br>')}</p>` : undefined,
        attachments: i % 10 === 0 ? [{ filename: 'hoá-đơn.txt', content: `Hoá đơn ${i}` }] : undefined,
        messageId: `<${messageId}>`,
        date,
      };
    }
    const info = await composer.sendMail(mail);
    out.push({ raw: info.message as Buffer, messageId, rootId, isReply });
  }
  return out;
}

async function openDb(): Promise<{ db: Db; url?: string; cleanup(): Promise<void> }> {
  const scratch = await scratchDatabase(opts.db, { label: 'imap', pgUrl: opts.pgUrl });
  // On disk for the embedded engine, as `npm start` runs it.
  const db = scratch.databaseUrl ? createPostgresDb(scratch.databaseUrl, 10) : await createEmbeddedDb(scratch.dataDir);
  return { db, url: scratch.databaseUrl, cleanup: async () => (await db.close(), await scratch.cleanup()) };
}

async function main() {
  await ensureDovecot();
  const user = freshMailboxUser('bench');
  console.log(`== IMAP import: ${N} mails from Dovecot (${DOVECOT.host}:${DOVECOT.port}, ${user}) into ${opts.db}`);
  const planned = await plan(user);

  // Setup (not timed): APPEND every mail.
  const bar = new cliProgress.SingleBar({ format: 'APPEND [{bar}] {value}/{total} | {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic);
  const appender = new ImapFlow({ host: DOVECOT.host, port: DOVECOT.port, secure: false, auth: { user, pass: DOVECOT.password }, logger: false, disableAutoIdle: true });
  appender.on('error', () => undefined);
  await appender.connect();
  if (process.stdout.isTTY) bar.start(N, 0);
  for (const [i, p] of planned.entries()) {
    await appender.append('INBOX', p.raw);
    if (process.stdout.isTTY) bar.update(i + 1);
    else if ((i + 1) % Math.ceil(N / 10) === 0) console.log(`APPEND ${i + 1}/${N}`);
  }
  if (process.stdout.isTTY) bar.stop();
  const bytes = planned.reduce((s, p) => s + p.raw.length, 0);

  // Reference: the IMAP side alone (fetch every source in batches, file nothing).
  await appender.mailboxOpen('INBOX', { readOnly: true });
  let t0 = performance.now();
  const fetched = await syncOpenFolder(appender, null, { onMessage: async () => undefined, saveCursor: async () => undefined, batchSize: Number(opts.batch) });
  const fetchSeconds = (performance.now() - t0) / 1000;
  await appender.logout();

  const { db, url, cleanup } = await openDb();
  try {
    await migrate(db);
    const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: url ?? '' });
    const ctx = assembleContext(db, env);
    await ctx.jobs.start(ctx, { work: false });
    const { workspace } = await createWorkspace(db, { workspaceName: 'Bench IMAP', admin: { name: 'Quản Trị', email: `admin-${Date.now()}@bench.vn`, password: 'mat-khau-123' } });
    const accountId = await insertImapAccount(ctx, workspace.id, user);
    const account = (await loadAccount(ctx, workspace.id, accountId))!;

    // Timed: one pass of the real poller, connect → every mail committed.
    let imported = 0;
    let failed: string | null = null;
    const ingest = defaultImapHandler(ctx);
    const done = new Promise<void>((resolve) => {
      t0 = performance.now();
      const poller = startMailboxPoller(account, {
        db,
        onMessage: ingest,
        pollSeconds: 3600,
        batchSize: Number(opts.batch),
        concurrency: Number(opts.concurrency),
        log: (m) => (failed = m),
        onSynced: (n) => {
          imported += n;
          if (imported >= N) void poller.stop().then(resolve);
        },
      });
    });
    await done;
    const seconds = (performance.now() - t0) / 1000;
    await ctx.jobs.stop();

    // Threading check from the data: every reply must sit in its original's ticket.
    const rows = await db.query<{ external_id: string; ticket_id: string }>(
      `SELECT external_id, ticket_id FROM messages WHERE workspace_id = $1 AND channel = 'email' AND direction = 'inbound'`,
      [workspace.id],
    );
    const ticketOf = new Map(rows.map((r) => [r.external_id, r.ticket_id]));
    const replies = planned.filter((p) => p.isReply);
    const threaded = replies.filter((p) => ticketOf.get(`<${p.messageId}>`) && ticketOf.get(`<${p.messageId}>`) === ticketOf.get(`<${p.rootId}>`)).length;
    const originals = planned.filter((p) => !p.isReply);
    const originalTickets = new Set(originals.map((p) => ticketOf.get(`<${p.messageId}>`)).filter(Boolean));
    const tickets = await db.one<{ n: string }>('SELECT count(*) AS n FROM tickets WHERE workspace_id = $1', [workspace.id]);
    const customers = await db.one<{ n: string }>('SELECT count(*) AS n FROM customers WHERE workspace_id = $1', [workspace.id]);
    const version = (await db.one<{ v: string }>(`SELECT current_setting('server_version') AS v`)).v;

    const lines = [
      '',
      `### IMAP import — ${N} mails, ${opts.db === 'postgres' ? `PostgreSQL ${version}` : `embedded (PGlite, PostgreSQL ${version})`}, ${os.cpus().length} CPU, load average ${os.loadavg()[0].toFixed(1)}`,
      '',
      '| figure | value | aim / peers |',
      '|---|---:|---|',
      `| one pass, connect → all committed (${opts.concurrency} at once) | **${seconds.toFixed(2)} s** | ≤ 5 s (osTicket 29.5 s, FreeScout 34.9 s) |`,
      `| messages/s | ${(N / seconds).toFixed(0)} | ≥ 200 |`,
      `| IMAP fetch alone (batches of ${opts.batch}, nothing filed) | ${fetchSeconds.toFixed(2)} s (${fetched.imported} mails, ${(bytes / 1024 / 1024).toFixed(1)} MB) | — |`,
      `| messages in the database | ${rows.length} / ${N} | all |`,
      `| replies in their original's ticket | ${threaded} / ${replies.length} | all |`,
      `| originals as their own tickets | ${originalTickets.size} / ${originals.length} (tickets ${tickets.n}, customers ${customers.n}) | all |`,
    ];
    if (failed) lines.push('', `last poller message: ${failed}`);
    console.log(lines.join('\n'));
  } finally {
    await cleanup();
    // The throwaway mailbox (best effort: the maildir belongs to the test server's mail user).
    fs.rmSync(path.join(process.env.TANTAM_DOVECOT_DIR ?? '/tmp/tantam-dovecot', 'mail', user), { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
