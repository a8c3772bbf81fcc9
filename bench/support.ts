/**
 * What every benchmark needs: a scratch database (a temporary folder for the embedded engine, or a
 * fresh PostgreSQL database dropped afterwards), a free port, and the real server in a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ScratchDatabase {
  kind: 'embedded' | 'postgres';
  /** Set for PostgreSQL. */
  databaseUrl?: string;
  /** Always a fresh temporary folder (the embedded database lives there; PostgreSQL runs use it for the key file). */
  dataDir: string;
  /** DATABASE_URL / DATA_DIR for a server process on this database. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A fresh, empty database for one benchmark run; `keep` leaves it for inspection. `reuse` (PostgreSQL):
 * a named database kept across runs (created when missing) with a fixed folder next to it
 * (`<tmp>/tt-bench-reuse-<name>`, for the secret key and what the benchmark remembers of its data), so
 * a 1M-customer dataset that takes half an hour to generate is built once and measured many times.
 */
export async function scratchDatabase(
  kind: 'embedded' | 'postgres',
  opts: { label: string; pgUrl: string; keep?: boolean; reuse?: string },
): Promise<ScratchDatabase> {
  if (opts.reuse && kind === 'postgres') return reusedDatabase(opts.reuse, opts.pgUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tt-bench-${opts.label}-`));
  const rmDir = () => (opts.keep ? undefined : fs.rmSync(dataDir, { recursive: true, force: true }));
  if (kind === 'embedded') {
    return { kind, dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: '' }, cleanup: async () => rmDir() };
  }
  const name = `tt_bench_${opts.label}_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: opts.pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(opts.pgUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    dataDir,
    databaseUrl: url.toString(),
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async cleanup() {
      rmDir();
      if (opts.keep) return console.log(`kept database ${name}`);
      const c = new pg.Client({ connectionString: opts.pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function reusedDatabase(name: string, pgUrl: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--reuse: "${name}" is not a plain database name (a-z, 0-9, _)`);
  const dataDir = path.join(os.tmpdir(), `tt-bench-reuse-${name}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    dataDir,
    databaseUrl: url.toString(),
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    cleanup: async () => console.log(`kept database ${name} (--reuse ${name} measures it again without generating)`),
  };
}

/**
 * What a benchmark remembers of a reused database's generated data (login, counts), in its folder; null
 * when the data was never generated there (or generation did not finish).
 */
export function reusedData<T>(target: ScratchDatabase): T | null {
  const file = path.join(target.dataDir, 'bench-data.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : null;
}

export function rememberData(target: ScratchDatabase, data: unknown): void {
  fs.writeFileSync(path.join(target.dataDir, 'bench-data.json'), JSON.stringify(data), { mode: 0o600 });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerProcess {
  base: URL;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `src/server/main.ts` in a child process on a free port (production mode, quiet logs, no SMTP
 * receiver unless env asks), once /healthz answers. Workers run as in production unless WORKERS=false.
 * `preload`: modules imported before the server (a benchmark's instrumentation, bench/count-statements.ts).
 */
export async function startServerProcess(env: Record<string, string>, opts: { preload?: string[] } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const preload = (opts.preload ?? []).flatMap((p) => ['--import', p]);
  // BENCH_CPU_PROF_DIR=<dir>: the server writes a V8 CPU profile there when it stops (where its CPU went).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...preload, 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', SMTP_RECEIVER_PORT: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  if (env.HTTP === 'false') {
    // A worker-only instance has no port to ask: give it the time its start-up takes (migrations are
    // already done by the instance that serves HTTP), then check it is still running.
    await new Promise((r) => setTimeout(r, 5000));
    if (child.exitCode !== null) throw new Error(`worker instance exited with ${child.exitCode}`);
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  if (env.HTTP === 'false') return { base, port, child, stop };
  // A reused large database may first take a migration that rewrites a big table (109 rewrote 1.1M tickets).
  const deadline = Date.now() + 900_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(new URL('/healthz', base))).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('server did not start in 15 min');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { base, port, child, stop };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN when unreadable. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return NaN;
  }
}
