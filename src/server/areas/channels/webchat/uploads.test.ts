import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { createTestContext, loginCookie, type TestApp } from '../../../test/harness.js';
import { createWorkspace } from '../../access/index.js';
import { createWidget, nextIp, openAllWeek, visitorClient } from '../../../test/fixtures/webchat.js';

const KB = 1024;
const png = (bytes: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(bytes - 8, 7)]);

/** A multipart/form-data body as a browser's FormData sends it. */
function formData(fields: Record<string, string>, files: { name: string; type: string; data: Buffer }[]) {
  const boundary = `----tt${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Issue 9, security 4: public uploads are streamed with a cap, bounded in number at once, and counted against daily quotas. */
describe('widget file uploads', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    const ctx = await createTestContext();
    // Small quotas so the test can reach them: 1 MB per visitor, 2.5 MB per widget a day; 2 uploads at once.
    Object.assign(ctx.env, { WIDGET_UPLOAD_VISITOR_MB_PER_DAY: 1, WIDGET_UPLOAD_WIDGET_MB_PER_DAY: 2.5, WIDGET_UPLOAD_CONCURRENCY: 2 });
    await ctx.jobs.start(ctx, { work: false });
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, close: async () => (await app.close(), await ctx.jobs.stop(), await ctx.close()) };
    const { workspace } = await createWorkspace(ctx.db, { workspaceName: 'Shop Tệp', admin: { name: 'QT', email: 'qt-uploads@example.vn', password: 'mat-khau-123' } });
    cookie = await loginCookie(app, 'qt-uploads@example.vn', 'mat-khau-123');
    await openAllWeek(t, workspace.id);
  });
  afterAll(() => t.close());

  const send = async (key: string, token: string, files: { name: string; type: string; data: Buffer }[], body = '', ip = nextIp()) => {
    const f = formData({ clientId: crypto.randomUUID(), body }, files);
    const res = await t.app.inject({ method: 'POST', url: `/api/widget/${key}/files`, payload: f.payload, headers: { 'content-type': f.contentType, 'x-visitor-token': token }, remoteAddress: ip });
    return { status: res.statusCode, body: res.json() };
  };
  const visitor = async (key: string) => {
    const v = visitorClient(t, key);
    await v.start({ name: 'Khách' });
    return v.token!;
  };
  const stored = async (accountId: string) =>
    Number((await t.ctx.db.one<{ n: string }>('SELECT coalesce(sum(a.size), 0)::bigint AS n FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.channel_account_id = $1', [accountId])).n);

  it('files a streamed upload, refuses one past the size cap (413) without storing or counting it', async () => {
    const w = await createWidget(t, cookie, { maxUploadMb: 1 });
    const token = await visitor(w.key);
    const ok = await send(w.key, token, [{ name: 'ảnh đơn hàng.png', type: 'image/png', data: png(100 * KB) }], 'Ảnh đây ạ');
    expect(ok.status).toBe(201);
    expect(ok.body.message).toMatchObject({ body: 'Ảnh đây ạ', attachments: [{ filename: 'ảnh đơn hàng.png', contentType: 'image/png', size: 100 * KB }] });
    const big = await send(w.key, token, [{ name: 'lon.png', type: 'image/png', data: png(1024 * KB + 1) }]);
    expect([big.status, big.body.error.id]).toEqual([413, 'attachment.too_large']);
    const fake = await send(w.key, token, [{ name: 'x.png', type: 'image/png', data: Buffer.from('<script>alert(1)</script>') }]);
    expect([fake.status, fake.body.error.id]).toEqual([415, 'widget.file_type_not_allowed']);
    expect(await stored(w.id)).toBe(100 * KB);
  });

  it('counts bytes per visitor and per widget per day: 429 widget.upload_quota_exceeded past either', async () => {
    const w = await createWidget(t, cookie, { maxUploadMb: 1 });
    const file = () => [{ name: 'a.png', type: 'image/png', data: png(600 * KB) }];
    const a = await visitor(w.key);
    expect((await send(w.key, a, file())).status).toBe(201);
    const again = await send(w.key, a, file());
    expect([again.status, again.body.error]).toEqual([429, expect.objectContaining({ id: 'widget.upload_quota_exceeded', details: { scope: 'visitor' } })]);
    // Text still goes through for that visitor.
    const v = visitorClient(t, w.key);
    v.token = a;
    expect((await v.say('Vẫn nhắn được chữ')).status).toBe(201);
    // Other visitors, until the widget's 2.5 MB are used (600 KB × 4 = 2.4 MB; the fifth would pass it).
    for (let i = 0; i < 3; i++) expect((await send(w.key, await visitor(w.key), file())).status).toBe(201);
    const full = await send(w.key, await visitor(w.key), file());
    expect([full.status, full.body.error]).toEqual([429, expect.objectContaining({ id: 'widget.upload_quota_exceeded', details: { scope: 'widget' } })]);
    expect(await stored(w.id)).toBe(4 * 600 * KB);
  });

  it('runs at most the configured number of uploads at once: the rest get 429 widget.uploads_busy, nothing is half-stored', async () => {
    const w = await createWidget(t, cookie, { maxUploadMb: 1 });
    const tokens = await Promise.all(Array.from({ length: 12 }, () => visitor(w.key)));
    const size = 200 * KB;
    const results = await Promise.all(tokens.map((tk) => send(w.key, tk, [{ name: 'b.png', type: 'image/png', data: png(size) }])));
    const ok = results.filter((r) => r.status === 201).length;
    const busy = results.filter((r) => r.status === 429 && r.body.error.id === 'widget.uploads_busy').length;
    expect(ok + busy).toBe(12);
    expect(ok).toBeGreaterThanOrEqual(2);
    expect(busy).toBeGreaterThan(0);
    expect(await stored(w.id)).toBe(ok * size);
  });
});
