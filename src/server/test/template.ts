import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { assembleContext } from '../boot.js';
import { createEmbeddedDb, createPostgresDb } from '../core/db/client.js';
import { migrate } from '../core/db/migrate.js';
import type { Db } from '../core/db/types.js';
import { loadEnv } from '../core/env.js';

/**
 * The tests' template database: migrated once (with the job queue's schema and queues) and copied for
 * every test file, instead of every file migrating its own. Its name carries a hash of the migrations
 * and queue names, so a change makes a new one and a rerun reuses the last.
 */
const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../core/db/migrations');

async function prepare(db: Db) {
  await migrate(db);
  const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' });
  const ctx = assembleContext(db, env);
  await ctx.jobs.start(ctx, { work: false });
  await ctx.jobs.stop();
}

function templateHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(migrationsDir).sort()) h.update(f).update(fs.readFileSync(path.join(migrationsDir, f)));
  // The job queue's own schema comes with its version (queues it lacks are created at start).
  h.update(JSON.parse(fs.readFileSync(path.resolve(migrationsDir, '../../../../../node_modules/pg-boss/package.json'), 'utf8')).version);
  return h.digest('hex').slice(0, 16);
}

/** The embedded template: a tarball of a migrated PGlite data directory in the system's temp folder. */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `tantam-test-template-${templateHash()}.tar`);
  if (fs.existsSync(file)) return file;
  const db = await createEmbeddedDb();
  try {
    await prepare(db);
    const blob = await db.dump!();
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: a concurrent run reads a whole file or none
  } finally {
    await db.close();
  }
  return file;
}

/** The PostgreSQL template: a database `tt_template_<hash>` on the test server, made once. */
export async function ensurePostgresTemplate(url: string): Promise<string> {
  const name = `tt_template_${templateHash()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    const build = `tt_tplbuild_${Date.now().toString(36)}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${build}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${build}`;
    const db = createPostgresDb(dbUrl.toString(), 2);
    try {
      await prepare(db);
    } finally {
      await db.close();
    }
    try {
      await admin.query(`ALTER DATABASE ${build} RENAME TO ${name}`);
    } catch {
      // Another run made it first: use theirs.
      await admin.query(`DROP DATABASE IF EXISTS ${build} WITH (FORCE)`);
    }
    // Templates of older migrations are of no further use.
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tt_template_%' AND datname <> $1`, [name]);
    for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname}`).catch(() => undefined);
    return name;
  } finally {
    await admin.end();
  }
}

/**
 * A fresh PostgreSQL database copied from the template (`CREATE DATABASE … TEMPLATE`), with the way to
 * drop it: one test file's (or one test process's) own database on the test server.
 */
export async function copyPostgresTemplate(url: string, template: string, prefix = 'tt_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return { url: dbUrl.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
