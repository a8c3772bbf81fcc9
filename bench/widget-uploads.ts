/**
 * `npm run bench -- widget-uploads [--posts 20] [--mb 10] [--db embedded|postgres]`
 *
 * The attack of issue 9 (security 4) against a real server (child process, scratch database): N
 * visitors post a file of the widget's largest size at the same time (multipart, as the widget sends
 * them), then as many base64 JSON posts of the same size (the old way). Prints the server's memory
 * before and its peak (VmHWM), how many posts were taken or refused (by id) and the bytes stored.
 * Never asserts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { Command } from 'commander';
import pg from 'pg';
import { scratchDatabase, startServerProcess } from './support.js';

const o = new Command()
  .name('bench widget-uploads')
  .option('--posts <n>', 'concurrent uploads', '20')
  .option('--mb <n>', "size of each file in MB (the widget's limit is set to this)", '10')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const POSTS = Number(o.posts);
const MB = 1024 * 1024;
const SIZE = Math.round(Number(o.mb) * MB);
const ORIGIN = 'https://shop.bench.vn';

function request(port: number, method: string, p: string, body: Buffer | undefined, headers: Record<string, string>, localAddress?: string): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: { ...headers, ...(body ? { 'content-length': body.length } : {}) }, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
      });
    });
    // The server may refuse before reading everything: that is an answer, not a failure.
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 0, json: { error: { id: 'connection.closed' } }, headers: {} }) : reject(err)));
    if (body) req.write(body);
    req.end();
  });
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

function memory(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

function multipart(clientId: string, file: Buffer) {
  const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
  return {
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${clientId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

const db = await scratchDatabase(o.db === 'postgres' ? 'postgres' : 'embedded', { label: 'uploads', pgUrl: o.pgUrl });
const server = await startServerProcess({ ...db.env });
try {
  const port = server.port;
  const setup = await request(port, 'POST', '/api/setup', json({ workspaceName: 'Shop Bench', name: 'Quản Trị', email: 'admin@bench.vn', password: 'mat-khau-123' }), { 'content-type': 'application/json' });
  const cookie = [setup.headers['set-cookie']].flat().find((c) => c?.startsWith('tt_session='))!.split(';')[0];
  const acc = await request(port, 'POST', '/api/channel-accounts', json({ kind: 'webchat', name: 'Website', config: { allowedOrigins: [ORIGIN], maxUploadMb: Math.ceil(SIZE / MB) } }), { 'content-type': 'application/json', cookie });
  const account = ((acc.json as { account?: { address: string; id: string } }).account ?? acc.json) as { address: string; id: string };
  const key = account.address;
  const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(SIZE - 9)]);

  const visitors: { ip: string; token: string }[] = [];
  for (let i = 0; i < POSTS * 2; i++) {
    const ip = `127.0.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`;
    const s = await request(port, 'POST', `/api/widget/${key}/sessions`, json({ name: `Khách ${i}` }), { 'content-type': 'application/json', origin: ORIGIN }, ip);
    visitors.push({ ip, token: (s.json as { visitorToken: string }).visitorToken });
  }

  const measure = async (label: string, post: (v: { ip: string; token: string }) => Promise<{ status: number; json: unknown }>) => {
    const before = memory(server.child.pid!);
    const t0 = performance.now();
    const results = await Promise.all(visitors.splice(0, POSTS).map(post));
    const ms = performance.now() - t0;
    const after = memory(server.child.pid!);
    const byOutcome = new Map<string, number>();
    for (const r of results) {
      const id = r.status === 201 ? '201 stored' : `${r.status} ${(r.json as { error?: { id?: string } })?.error?.id ?? ''}`;
      byOutcome.set(id, (byOutcome.get(id) ?? 0) + 1);
    }
    console.log(`\n${label}: ${POSTS} concurrent posts of ${(SIZE / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`);
    console.log(`  memory (RSS) before ${before.rssMb} MB, after ${after.rssMb} MB, peak so far (VmHWM) ${after.peakMb} MB`);
    for (const [k, n] of byOutcome) console.log(`  ${k.padEnd(40)} ${n}`);
    return byOutcome.get('201 stored') ?? 0;
  };

  let taken = 0;
  taken += await measure('multipart (/files, streamed)', (v) => {
    const m = multipart(crypto.randomUUID(), file);
    return request(port, 'POST', `/api/widget/${key}/files`, m.body, { 'content-type': m.type, origin: ORIGIN, 'x-visitor-token': v.token }, v.ip);
  });
  taken += await measure('base64 JSON (/messages, the old way)', (v) =>
    request(port, 'POST', `/api/widget/${key}/messages`, json({ clientId: crypto.randomUUID(), body: '', attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', dataBase64: file.toString('base64') }] }), { 'content-type': 'application/json', origin: ORIGIN, 'x-visitor-token': v.token }, v.ip),
  );

  // What was stored: from the database itself on PostgreSQL, else the posts that were taken × their size.
  let stored = taken * SIZE;
  if (db.databaseUrl) {
    const c = new pg.Client({ connectionString: db.databaseUrl });
    await c.connect();
    stored = Number((await c.query('SELECT coalesce(sum(size), 0)::bigint AS n FROM attachments')).rows[0].n);
    await c.end();
  }
  console.log(`\nstored attachment bytes: ${(stored / MB).toFixed(1)} MB (${taken} files taken of ${POSTS * 2} posted)`);
} finally {
  await server.stop();
  await db.cleanup();
}
