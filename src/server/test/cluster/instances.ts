import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Real app instances (child processes running src/server/main.ts) on one PostgreSQL database, for the cluster tests. */
export interface Instance {
  proc: ChildProcess;
  port: number;
  base: string;
  exited: Promise<void>;
  /** What the instance printed (shown when a request fails). */
  output(): string;
}

export async function startInstance(databaseUrl: string, secretKey: string, extraEnv: Record<string, string> = {}): Promise<Instance> {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-instance-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../../../..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEST_DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SECRET_KEY: secretKey,
      SMTP_RECEIVER_PORT: '0',
      LEADER_LEASE_SECONDS: '2',
      LOG_LEVEL: 'error',
      // The test server is shared with other test runs: stay well inside its max_connections.
      DATABASE_POOL_SIZE: '4',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('is running at') || out.includes('worker is running')) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    proc.once('exit', (code) => reject(new Error(`instance exited (${code}) before listening:\n${out}`)));
  });
  return { proc, port, base: `http://127.0.0.1:${port}`, exited, output: () => out };
}

export async function until(cond: () => Promise<boolean> | boolean) {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 50));
}
