import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedDb } from './client.js';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const scratch = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tantam-datadir-'));
  dirs.push(d);
  return path.join(d, 'data');
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** `npm start` as a child process on `dataDir`; resolves once it listens. */
async function startServer(dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', SMTP_RECEIVER_PORT: '0', WORKERS: 'false', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('is running at')) resolve();
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
  });
  return { child, port };
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Permission bits of every file and folder under `dir`, counted: { '600': 812, '700': 27 }. */
function modes(dir: string): Record<string, number> {
  const count: Record<string, number> = {};
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    const m = (st.mode & 0o777).toString(8);
    count[m] = (count[m] ?? 0) + 1;
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
  return count;
}

describe('the embedded data folder', () => {
  it('is held by one process: a second opener gets a clear error, and a server killed with -9 starts again', { timeout: 240_000 }, async () => {
    const dataDir = scratch();
    const first = await startServer(dataDir);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(first.child.pid);

    // This process opening the live folder (what corrupted the database: the CLI while the server ran).
    const err = await createEmbeddedDb(dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(path.resolve(dataDir));
    expect((err as Error).message).toContain(`pid ${first.child.pid}`);
    expect((err as Error).message).toContain('Stop that server');
    expect((err as Error).message).toContain('Hãy dừng máy chủ');

    // The CLI says the same and exits non-zero, without touching the database.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'metrics', 'rebuild'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`The data folder ${path.resolve(dataDir)} is in use`);

    // A second server refuses to start as well.
    await expect(startServer(dataDir)).rejects.toThrow(/is in use by another Tận Tâm process/);

    // kill -9 leaves the lock file behind; the next start takes it over.
    await killHard(first.child);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const second = await startServer(dataDir);
    const health = await fetch(`http://127.0.0.1:${second.port}/healthz`);
    expect(await health.json()).toEqual({ ok: true, database: 'embedded' });

    // Every file the server created is its user's alone (PGlite writes its initial files as 0666).
    const counted = modes(dataDir);
    expect(Object.keys(counted).sort()).toEqual(['600', '700']);
    await killHard(second.child);
  });

  it('takes over a lock left by a process that no longer runs, or an empty one from a crash while writing it', () => {
    const dataDir = scratch();
    fs.mkdirSync(dataDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead, host: os.hostname(), at: new Date().toISOString() }));
    lockDataDir(dataDir)();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), '');
    const release = lockDataDir(dataDir);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('is private to the server user on creation (whatever the umask) and tightened again on every open; released on close', async () => {
    const dataDir = scratch();
    const previous = process.umask(0);
    try {
      const db = await createEmbeddedDb(dataDir);
      expect(Object.keys(modes(dataDir)).sort()).toEqual(['600', '700']);
      // Two opens inside one process are refused too; a normal close releases the folder.
      await expect(createEmbeddedDb(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
      await db.close();
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      process.umask(previous);
    }
    // As an older version (or a copy with `cp -r` under umask 000) left them.
    fs.chmodSync(dataDir, 0o777);
    fs.chmodSync(path.join(dataDir, 'pg'), 0o777);
    const pgVersion = path.join(dataDir, 'pg', 'PG_VERSION');
    fs.chmodSync(pgVersion, 0o666);
    const db = await createEmbeddedDb(dataDir);
    expect(await db.one('SELECT 1 AS one')).toEqual({ one: 1 });
    await db.close();
    expect(Object.keys(modes(dataDir)).sort()).toEqual(['600', '700']);
  });
});
