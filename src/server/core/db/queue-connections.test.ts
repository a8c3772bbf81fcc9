import { describe, expect, it } from 'vitest';
import { createEmbeddedDb, createPostgresDb } from './client.js';

const url = process.env.TEST_DATABASE_URL;

/** Db.queue: the job queue's own connections keep generic plans on PostgreSQL; none elsewhere. */
describe('the job queue\'s connections', () => {
  it.runIf(!!url)('PostgreSQL with named statements: a session that keeps one generic plan per statement', async () => {
    const db = createPostgresDb(url!);
    try {
      expect(db.queue).toBeDefined();
      expect(await db.queue!.one<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).toEqual({ plan_cache_mode: 'force_generic_plan' });
      // The app's own connections keep PostgreSQL's default choice.
      expect(await db.one<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).toEqual({ plan_cache_mode: 'auto' });
      // A parameterised statement named on its second run, then reused on the same connections.
      for (let i = 0; i < 3; i++) expect(await db.queue!.one<{ n: number }>('SELECT $1::int + 1 AS n', [i])).toEqual({ n: i + 1 });
    } finally {
      await db.close();
    }
  });

  it.runIf(!!url)('behind a transaction pooler (named statements off): none, the queue uses the Db', async () => {
    const db = createPostgresDb(url!, 2, { prepare: false });
    try {
      expect(db.queue).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('embedded: none (one connection)', async () => {
    const db = await createEmbeddedDb();
    try {
      expect(db.queue).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
