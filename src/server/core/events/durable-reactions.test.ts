import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { assembleContext } from '../../boot.js';
import { createDb } from '../db/client.js';
import { loadEnv } from '../env.js';
import { FANOUT_JOB } from './reactions.js';
import { copyPostgresTemplate, ensurePostgresTemplate } from '../../test/template.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.resolve(here, '../../test/crash/ingest-then-die.ts');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A database the child process and then this test open in turn: a folder (embedded) or a PostgreSQL database. */
async function scratchDatabase(): Promise<{ DATABASE_URL: string; DATA_DIR: string }> {
  const url = process.env.TEST_DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tantam-crash-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  if (!url) return { DATABASE_URL: '', DATA_DIR: dir };
  const template = inject('pgTemplate') ?? (await ensurePostgresTemplate(url));
  const copy = await copyPostgresTemplate(url, template, 'tt_test_crash');
  cleanups.push(copy.drop);
  return { DATABASE_URL: copy.url, DATA_DIR: dir };
}

describe('durable reactions', () => {
  it('a reaction whose process died between the commit and the reaction still happens after a restart', async () => {
    const where = await scratchDatabase();
    const run = spawnSync(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...where, LOG_LEVEL: 'silent', SMTP_RECEIVER_PORT: '0' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    // Killed by its own SIGKILL right after COMMIT, before anything else ran.
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const { workspaceId, ticketId } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { workspaceId: string; ticketId: string };

    // Restart: a new process's context on the same database.
    const env = loadEnv({ ...process.env, ...where, LOG_LEVEL: 'silent' });
    const db = await createDb({ databaseUrl: where.DATABASE_URL || undefined, dataDir: where.DATA_DIR });
    const ctx = assembleContext(db, env, { keyDir: where.DATA_DIR });
    cleanups.push(() => db.close());
    const samples = () => db.query(`SELECT measure FROM metric_samples WHERE workspace_id = $1 AND source_kind = 'ticket' AND source_id = $2`, [workspaceId, ticketId]);

    // The write is there, its reaction is not — but it waits in the queue, written by the same transaction.
    expect(await db.query(`SELECT 1 FROM messages WHERE workspace_id = $1 AND ticket_id = $2`, [workspaceId, ticketId])).toHaveLength(1);
    expect(await samples()).toHaveLength(0);
    // (in the transaction's one fan-out job, which names the metrics reaction among others)
    const waiting = await db.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state = 'created' AND data->'reactions' ? 'metrics-refresh'`, [FANOUT_JOB]);
    expect(waiting.length).toBeGreaterThan(0);

    await ctx.jobs.start(ctx, { work: false });
    cleanups.push(() => ctx.jobs.stop());
    await ctx.jobs.drain();
    expect((await samples()).map((s) => s.measure)).toContain('volume');
  });
});
