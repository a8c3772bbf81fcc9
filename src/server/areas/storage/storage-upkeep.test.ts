import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { startFakeS3, type FakeS3 } from '../../test/fakes/s3/server.js';
import { newId } from '../../core/lib/ids.js';
import { createObjectStore, useObjectStore, type ObjectStore } from '../../core/storage/index.js';
import { sweepOrphans } from './collect.js';
import { moveAttachments } from './move.js';
import { registerStorageCommands } from './cli.js';

/**
 * Storage upkeep against a local server speaking the S3 REST contract (PutObject, GetObject,
 * DeleteObject, ListObjectsV2): moving existing attachments from the database into the bucket and back
 * (stopped half-way and run again), deleting a deleted attachment's object, and sweeping orphans.
 */
describe('attachment storage upkeep (S3-compatible bucket)', () => {
  let s3: FakeS3;
  let t: TestApp;
  let w: SeededWorkspace;
  let token: string;
  let store: ObjectStore;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    s3 = await startFakeS3();
    const settings = { S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: 'test-secret' };
    for (const [k, v] of Object.entries(settings)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
    w = await seedWorkspace(t, 'Shop Chuyển Kho');
    token = await seedToken(t, w.admin.cookie);
    store = createObjectStore(t.ctx.env)!;
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    useObjectStore(undefined);
    await t?.close();
    await s3?.close();
  });

  /** A ticket with one message; returns the message id. */
  let phones = 0;
  const message = async () => {
    const phone = `0912 555 ${String(100 + phones++).padStart(3, '0')}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inbound/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { channel: 'zalo', externalId: `up-${newId()}`, from: { kind: 'phone', value: phone, name: 'Phạm Thị Dung' }, body: 'Gửi ảnh' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (await t.ctx.db.one<{ id: string }>('SELECT id FROM messages WHERE ticket_id = $1', [res.json().ticketId])).id;
  };
  /** Attachments stored in the database, as before a bucket was configured. */
  const dbAttachments = async (messageId: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = newId();
      const data = Buffer.from(`tệp số ${i} — ${id}`);
      await t.ctx.db.query(
        `INSERT INTO attachments (id, workspace_id, message_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, 'text/plain', $5, $6)`,
        [id, w.workspaceId, messageId, `tep-${i}.txt`, data.length, data],
      );
      ids.push(id);
    }
    return ids;
  };
  const rows = (ids: string[]) =>
    t.ctx.db.query<{ id: string; stored_in: string; storage_key: string | null; data: Uint8Array | null }>(
      'SELECT id, stored_in, storage_key, data FROM attachments WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    );
  const download = (id: string) => t.app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: { cookie: w.admin.cookie } });

  it('moves database attachments into the bucket: stopped half-way, run again, then again (nothing left)', async () => {
    const ids = await dbAttachments(await message(), 120);
    const original = new Map((await rows(ids)).map((r) => [r.id, Buffer.from(r.data!)]));

    // The bucket fails after 40 objects: the move stops with an error, every switched row has its object.
    s3.failPutsAfter = 40;
    await expect(moveAttachments(t.ctx.db, store, 's3')).rejects.toThrow();
    s3.failPutsAfter = undefined;
    const half = await rows(ids);
    const moved = half.filter((r) => r.stored_in === 's3');
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(ids.length);
    for (const r of moved) {
      expect(r.data).toBeNull();
      expect(s3.objects.get(r.storage_key!)?.data.equals(original.get(r.id)!)).toBe(true);
    }

    const progress: number[] = [];
    const again = await moveAttachments(t.ctx.db, store, 's3', (done) => progress.push(done));
    const all = await rows(ids);
    expect(again.moved).toBe(ids.length - moved.length);
    expect(progress.at(-1)).toBe(ids.length - moved.length);
    for (const r of all) {
      expect(r.stored_in).toBe('s3');
      expect(r.storage_key).toBe(`attachments/${w.workspaceId}/${r.id}`);
      expect(s3.objects.get(r.storage_key!)?.data.equals(original.get(r.id)!)).toBe(true);
    }
    const got = await download(ids[7]);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(original.get(ids[7])!)).toBe(true);

    const puts = s3.requests.filter((r) => r.method === 'PUT').length;
    expect((await moveAttachments(t.ctx.db, store, 's3')).moved).toBe(0);
    expect(s3.requests.filter((r) => r.method === 'PUT').length).toBe(puts);
  }, 120_000);

  it('moves them back into the database and deletes their objects', async () => {
    const ids = await dbAttachments(await message(), 3);
    await moveAttachments(t.ctx.db, store, 's3');
    const keys = (await rows(ids)).map((r) => r.storage_key!);
    const r = await moveAttachments(t.ctx.db, store, 'db');
    expect(r.moved).toBeGreaterThanOrEqual(3);
    for (const row of await rows(ids)) {
      expect(row.stored_in).toBe('db');
      expect(Buffer.from(row.data!).toString()).toMatch(/^tệp số \d/);
    }
    for (const k of keys) expect(s3.objects.has(k)).toBe(false);
    expect((await download(ids[1])).statusCode).toBe(200);
  }, 60_000);

  it("deleting attachments, directly or with their message, deletes their objects (storage.collect)", async () => {
    const m = await message();
    const ids = await dbAttachments(m, 3);
    const other = await dbAttachments(await message(), 1);
    await moveAttachments(t.ctx.db, store, 's3');
    const keyOf = new Map((await rows([...ids, ...other])).map((r) => [r.id, r.storage_key!]));
    const keys = [...ids, ...other].map((id) => keyOf.get(id)!);
    for (const k of keys) expect(s3.objects.has(k)).toBe(true);
    const garbageBefore = await t.ctx.db.query<{ storage_key: string }>('SELECT storage_key FROM storage_garbage');
    expect(garbageBefore).toEqual([]);

    await t.ctx.db.query('DELETE FROM attachments WHERE id = $1', [ids[0]]);
    await t.ctx.db.query('DELETE FROM messages WHERE id = $1', [m]);
    const garbage = await t.ctx.db.query<{ storage_key: string }>('SELECT storage_key FROM storage_garbage ORDER BY storage_key');
    expect(garbage.map((g) => g.storage_key).sort()).toEqual(keys.slice(0, 3).sort());

    await t.ctx.jobs.send('storage.collect', {});
    await t.ctx.jobs.drain(['storage.collect']);
    for (const k of keys.slice(0, 3)) expect(s3.objects.has(k)).toBe(false);
    expect(s3.objects.has(keys[3])).toBe(true);
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM storage_garbage')).n).toBe(0);
  }, 60_000);

  it('sweeps objects no attachment names once they are older than the grace period', async () => {
    const live = (await t.ctx.db.one<{ storage_key: string }>(`SELECT storage_key FROM attachments WHERE stored_in = 's3' LIMIT 1`)).storage_key;
    const old = `attachments/${w.workspaceId}/${newId()}`;
    const fresh = `attachments/${w.workspaceId}/${newId()}`;
    await store.put(old, Buffer.from('rolled back'), 'text/plain');
    await store.put(fresh, Buffer.from('in flight'), 'text/plain');
    s3.objects.get(old)!.lastModified = new Date(Date.now() - 2 * 24 * 3600_000);
    s3.objects.get(live)!.lastModified = new Date(Date.now() - 2 * 24 * 3600_000);

    const r = await sweepOrphans(t.ctx.db, store, { graceMs: 24 * 3600_000 });
    expect(r.deleted).toBe(1);
    expect(r.seen).toBe([...s3.objects.keys()].filter((k) => k.startsWith('attachments/')).length + 1);
    expect(s3.objects.has(old)).toBe(false);
    expect(s3.objects.has(fresh)).toBe(true);
    expect(s3.objects.has(live)).toBe(true);
  }, 60_000);

  it('npm run cli -- storage migrate --to s3 moves what is left and says how many', async () => {
    const ids = await dbAttachments(await message(), 5);
    const program = new Command().exitOverride();
    // The command closes its context's database when done: this one is the test's, kept open.
    const db = new Proxy(t.ctx.db, { get: (target, k) => (k === 'close' ? async () => undefined : Reflect.get(target, k)) });
    registerStorageCommands(program, async () => ({ ...t.ctx, db }));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await program.parseAsync(['node', 'cli', 'storage', 'migrate', '--to', 's3']);
      await program.parseAsync(['node', 'cli', 'storage', 'migrate', '--to', 's3']);
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toMatch(/^5 attachments moved to the bucket in /);
    expect(lines[1]).toMatch(/^0 attachments moved to the bucket in /);
    for (const r of await rows(ids)) expect(r.stored_in).toBe('s3');
  }, 60_000);
});
