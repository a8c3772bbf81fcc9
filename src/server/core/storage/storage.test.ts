import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { startFakeS3, type FakeS3 } from '../../test/fakes/s3/server.js';
import { newId } from '../lib/ids.js';
import { createObjectStore, useObjectStore } from './index.js';

/**
 * Attachments in an S3-compatible bucket: the app is configured only through S3_* settings pointing at
 * a local server that speaks the S3 REST contract, so the SDK adapter runs as it would against a real
 * bucket. Attachments stored in the database before keep reading from there.
 */
describe('attachments in S3-compatible storage', () => {
  let s3: FakeS3;
  let t: TestApp;
  let w: SeededWorkspace;
  let token: string;
  const saved: Record<string, string | undefined> = {};
  const settings = () => ({ S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: 'test-secret' });

  beforeAll(async () => {
    s3 = await startFakeS3();
    for (const [k, v] of Object.entries(settings())) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
    w = await seedWorkspace(t, 'Shop S3');
    token = await seedToken(t, w.admin.cookie);
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    // Other test files may share this worker: new attachments go to the database again.
    useObjectStore(undefined);
    await t?.close();
    await s3?.close();
  });

  const inbound = (externalId: string, files: { filename: string; contentType: string; data: Buffer }[]) =>
    t.app.inject({
      method: 'POST',
      url: '/api/inbound/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        channel: 'zalo',
        externalId,
        from: { kind: 'phone', value: '0912 777 888', name: 'Lê Văn Cường' },
        body: 'Ảnh đơn hàng',
        attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, dataBase64: f.data.toString('base64') })),
      },
    });

  it('stores a new attachment in the bucket, not the database, and serves it back', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('ảnh thử nghiệm')]);
    const res = await inbound(`s3-${newId()}`, [{ filename: 'don-hang.png', contentType: 'image/png', data: png }]);
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.ctx.db.one<{ id: string; stored_in: string; storage_key: string; data: Uint8Array | null; size: number }>(
      `SELECT a.id, a.stored_in, a.storage_key, a.data, a.size FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = $1`,
      [res.json().ticketId],
    );
    expect(row.stored_in).toBe('s3');
    expect(row.data).toBeNull();
    expect(row.size).toBe(png.length);
    expect(s3.objects.get(row.storage_key)?.data.equals(png)).toBe(true);
    expect(s3.objects.get(row.storage_key)?.contentType).toBe('image/png');

    const got = await t.app.inject({ method: 'GET', url: `/api/attachments/${row.id}`, headers: { cookie: w.admin.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(png)).toBe(true);
    expect(s3.requests.some((r) => r.method === 'GET' && r.key === row.storage_key)).toBe(true);

    // An object gone from the bucket is a clear 404, not a crash.
    s3.objects.delete(row.storage_key);
    const missing = await t.app.inject({ method: 'GET', url: `/api/attachments/${row.id}`, headers: { cookie: w.admin.cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.id).toBe('attachment.not_found');
  });

  it('keeps reading attachments stored in the database before the bucket was configured', async () => {
    const res = await inbound(`s3-old-${newId()}`, []);
    expect(res.statusCode, res.body).toBe(201);
    const messageId = (await t.ctx.db.one<{ id: string }>('SELECT id FROM messages WHERE ticket_id = $1', [res.json().ticketId])).id;
    const id = newId();
    await t.ctx.db.query(`INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, data) VALUES ($1, $2, $3, 'cu.txt', 'text/plain', 7, $4)`, [
      id, w.workspaceId, messageId, Buffer.from('tệp cũ'),
    ]);
    const before = s3.requests.length;
    const got = await t.app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: { cookie: w.admin.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('tệp cũ');
    expect(s3.requests.length).toBe(before);
  });

  it('an instance without the bucket configured says so for a file kept there (503), and keeps reading database files', async () => {
    const res = await inbound(`s3-other-${newId()}`, [{ filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('trong bucket') }]);
    const id = (await t.ctx.db.one<{ id: string }>(`SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = $1`, [res.json().ticketId])).id;
    useObjectStore(undefined);
    try {
      const got = await t.app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: { cookie: w.admin.cookie } });
      expect(got.statusCode).toBe(503);
      expect(got.json().error.id).toBe('attachment.storage_unavailable');
    } finally {
      useObjectStore(createObjectStore(t.ctx.env));
    }
  });

  it('the adapter deletes objects (DeleteObject)', async () => {
    const store = createObjectStore(t.ctx.env)!;
    await store.put('tmp/x', Buffer.from('x'), 'text/plain');
    expect((await store.get('tmp/x'))?.toString()).toBe('x');
    await store.delete('tmp/x');
    expect(await store.get('tmp/x')).toBeUndefined();
  });
});
