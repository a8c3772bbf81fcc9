/**
 * `npm run bench -- email [--messages 2000] [--clients 10] [--db embedded|postgres|both] [--pg-url …]`
 *
 * Email ingest through the built-in SMTP receiver: a scratch database, the app context in this
 * process, the receiver on a free port, and N concurrent nodemailer clients (one SMTP connection
 * each) sending M varied messages — Vietnamese subjects and names, a quarter of them replies
 * (In-Reply-To/References to an earlier message of the same customer). A message's latency is
 * DATA sent → our 250, which we answer only after the ingest committed. Prints messages/s, p50/p95
 * and whether every reply landed in its parent's ticket; never asserts timings.
 */
import { scratchDatabase, type ScratchDatabase } from './support.js';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import nodemailer from 'nodemailer';
import { assembleContext } from '../src/server/boot.js';
import { startSmtpReceiver } from '../src/server/areas/channels/email/index.js';
import { createWorkspace } from '../src/server/areas/access/index.js';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { loadEnv } from '../src/server/core/env.js';
import { newId } from '../src/server/core/lib/ids.js';
import { percentile } from './load.js';

const o = new Command()
  .name('bench email')
  .option('--messages <n>', 'messages to send', '2000')
  .option('--clients <n>', 'concurrent SMTP clients', '10')
  .option('--db <kind>', 'embedded | postgres | both', 'embedded')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const total = Number(o.messages);
const clients = Number(o.clients);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN = ['Thị Hoà', 'Văn Đức', 'Minh Châu', 'Thu Trang', 'Quốc Bảo', 'Ngọc Ánh', 'Gia Huy', 'Thanh Hương', 'Đức Anh', 'Khánh Linh'];
const SUBJECTS = [
  'Hỏi về đơn hàng #{n} — giao chậm',
  'Đổi size áo khoác đã mua',
  'Bảo hành máy lọc nước Kangaroo',
  'Yêu cầu xuất hoá đơn VAT',
  'Sản phẩm bị lỗi khi nhận hàng',
  'Tư vấn gói cước Internet gia đình',
  'Hoàn tiền đơn hàng đã huỷ',
  'Cập nhật địa chỉ giao hàng',
];
const BODIES = [
  'Chào shop, em đặt hàng từ thứ Hai mà vẫn chưa nhận được. Shop kiểm tra giúp em với ạ.',
  'Cho mình hỏi sản phẩm này còn bảo hành không? Máy bị rò nước ở phần lõi lọc.',
  'Em muốn đổi sang size L, phí vận chuyển tính thế nào ạ?\n\nCảm ơn shop!\n--\nSent from my iPhone',
  'Công ty mình cần hoá đơn đỏ, mã số thuế 0312345678, địa chỉ 12 Nguyễn Huệ, Quận 1, TP.HCM.',
];

type Target = ScratchDatabase;

async function prepare(kind: Target['kind']): Promise<Target> {
  return scratchDatabase(kind, { label: 'email', pgUrl: o.pgUrl });
}

interface Plan {
  i: number;
  customer: number;
  messageId: string;
  /** Index of the earlier message (same customer) this one replies to. */
  parent?: number;
}

/**
 * Every 4th message is a reply to the previous message of the same client (same customer); the
 * client sends in order, so the parent has had our 250 (is filed) before its reply leaves.
 */
function plan(): Plan[] {
  const out: Plan[] = [];
  for (let i = 0; i < total; i++) {
    const parent = i % 4 === 3 && i >= clients ? i - clients : undefined;
    out.push({ i, customer: parent !== undefined ? out[parent].customer : i, messageId: `<bench-${i}-${newId()}@khach.vn>`, parent });
  }
  return out;
}

async function runOne(kind: Target['kind']) {
  const target = await prepare(kind);
  const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: path.join(target.dataDir, 'pg'), poolSize: 20 });
  try {
    await migrate(db);
    const env = loadEnv({ ...process.env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '', LOG_LEVEL: 'silent' });
    const ctx = assembleContext(db, env, { keyDir: target.dataDir });
    const { workspace } = await createWorkspace(db, { workspaceName: 'Bench Mail', admin: { name: 'Admin', email: `admin-${Date.now()}@bench.vn`, password: 'mat-khau-123' } });
    const address = 'hotro@cuahang-bench.vn';
    await db.query(
      `INSERT INTO channel_accounts (id, workspace_id, kind, name, address, config, secrets) VALUES ($1, $2, 'email', 'CSKH', $3, $4, $5)`,
      [newId(), workspace.id, address, JSON.stringify({ address, inbound: 'forward' }), ctx.secrets.seal({})],
    );
    const receiver = await startSmtpReceiver(ctx, { port: 0, host: '127.0.0.1' });
    const plans = plan();
    const latencies: number[] = [];
    let failures = 0;
    const bar = new cliProgress.SingleBar(
      { format: `${kind.padEnd(8)} [{bar}] {percentage}% | {value}/{total} mails | {rate} msg/s`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0 });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
        try {
          for (const p of plans.filter((x) => x.i % clients === c)) {
            const name = `${FAMILY[p.customer % FAMILY.length]} ${GIVEN[(p.customer >> 2) % GIVEN.length]}`;
            const parent = p.parent !== undefined ? plans[p.parent] : undefined;
            const subject = SUBJECTS[p.i % SUBJECTS.length].replace('{n}', String(10_000 + p.i));
            const t0 = performance.now();
            try {
              await transport.sendMail({
                from: { name, address: `khach${p.customer}@khach.vn` },
                to: address,
                subject: parent ? `Re: ${subject}` : subject,
                messageId: p.messageId,
                inReplyTo: parent?.messageId,
                references: parent ? [parent.messageId] : undefined,
                text: parent ? `Dạ em bổ sung thêm thông tin ạ.\n\nVào lúc 10:00, CSKH <${address}> đã viết:\n> ${BODIES[0]}` : BODIES[p.i % BODIES.length],
                html: p.i % 2 === 0 ? `<p>${BODIES[p.i % BODIES.length]}</p>` : undefined,
              });
              latencies.push(performance.now() - t0);
            } catch (err) {
              failures++;
              if (failures <= 3) console.error(`\nsend failed: ${(err as Error).message}`);
            }
            const done = latencies.length + failures;
            bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) });
          }
        } finally {
          transport.close();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    bar.stop();
    await receiver.close();

    // Every reply must sit in its parent's ticket.
    const rows = await db.query<{ external_id: string; ticket_id: string }>(
      `SELECT external_id, ticket_id FROM messages WHERE workspace_id = $1 AND channel = 'email' AND direction = 'inbound'`,
      [workspace.id],
    );
    const ticketOf = new Map(rows.map((r) => [r.external_id, r.ticket_id]));
    const replies = plans.filter((p) => p.parent !== undefined);
    const threaded = replies.filter((p) => ticketOf.get(p.messageId) && ticketOf.get(p.messageId) === ticketOf.get(plans[p.parent!].messageId)).length;
    const tickets = new Set(rows.map((r) => r.ticket_id)).size;
    const version = (await db.one<{ v: string }>(`SELECT current_setting('server_version') AS v`)).v;
    return { kind, version, seconds, latencies, failures, stored: rows.length, tickets, replies: replies.length, threaded };
  } finally {
    await db.close();
    await target.cleanup();
  }
}

const kinds: Target['kind'][] = o.db === 'both' ? ['embedded', 'postgres'] : [o.db];
const results = [];
for (const kind of kinds) results.push(await runOne(kind));

console.log(`\nEmail ingest through the SMTP receiver — ${total} messages, ${clients} concurrent SMTP clients, ${os.cpus().length} CPU`);
console.log('| database | messages/s | p50 ms | p95 ms | p99 ms | stored | tickets | replies threaded | failures |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const db = r.kind === 'postgres' ? `PostgreSQL ${r.version}` : `embedded (PGlite ${r.version})`;
  console.log(
    `| ${db} | ${(r.latencies.length / r.seconds).toFixed(1)} | ${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 95).toFixed(1)} | ${percentile(r.latencies, 99).toFixed(1)} | ${r.stored} | ${r.tickets} | ${r.threaded}/${r.replies} | ${r.failures} |`,
  );
}
process.exit(0);
