import type { Sql } from '../db/types.js';

/**
 * Leadership through a lease row (cluster_leases): work that must run on exactly one instance (the IMAP
 * pollers) runs where the lease is held. Taken and renewed by one statement each time, so it needs no
 * session (works through a transaction-pooling pgbouncer, unlike a session advisory lock).
 *
 * Hand-over without doubles: a holder renews every third of the lease; when it cannot renew, it stops
 * its work before its own clock says the lease ends (the deadline is counted from the moment the renew
 * was sent, so it is never later than the database's expiry), and another instance can only take the
 * row once the database's clock has passed that expiry. A clean stop gives the lease back at once.
 */
export interface Lease {
  /** Whether this instance holds the lease now (and its work is running or starting). */
  held(): boolean;
  /** Stops the work if running, gives the lease back, stops trying. */
  stop(): Promise<void>;
}

export interface LeaseOptions {
  name: string;
  holder: string;
  ttlSeconds: number;
  /** Starts the single-run work when the lease is won; returns how to stop it. */
  start: () => Promise<() => Promise<void>>;
  log?: (message: string) => void;
  /** Called after every attempt (tests). */
  onTick?: (held: boolean) => void;
}

/** One statement: take the lease if free or expired, or renew it if ours; the row comes back only then. */
export async function tryAcquire(db: Sql, name: string, holder: string, ttlSeconds: number): Promise<{ fence: number } | undefined> {
  return db.maybeOne<{ fence: number }>(
    `INSERT INTO cluster_leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second')
     ON CONFLICT (name) DO UPDATE SET
       holder = EXCLUDED.holder,
       fence = CASE WHEN cluster_leases.holder = EXCLUDED.holder THEN cluster_leases.fence ELSE cluster_leases.fence + 1 END,
       acquired_at = CASE WHEN cluster_leases.holder = EXCLUDED.holder THEN cluster_leases.acquired_at ELSE now() END,
       expires_at = EXCLUDED.expires_at
     WHERE cluster_leases.holder = EXCLUDED.holder OR cluster_leases.expires_at < now()
     RETURNING fence`,
    [name, holder, ttlSeconds],
  );
}

export async function release(db: Sql, name: string, holder: string): Promise<void> {
  await db.query('DELETE FROM cluster_leases WHERE name = $1 AND holder = $2', [name, holder]);
}

export function holdLease(db: Sql, opts: LeaseOptions): Lease {
  const log = opts.log ?? ((m: string) => console.warn(m));
  const ttlMs = opts.ttlSeconds * 1000;
  // Stop a little before our deadline: stopping (finishing the message being filed) takes a moment.
  const marginMs = Math.min(2000, ttlMs * 0.2);
  let stopWork: (() => Promise<void>) | undefined;
  let validUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const lose = async (why: string) => {
    const s = stopWork;
    stopWork = undefined;
    validUntil = 0;
    if (!s) return;
    log(`lease ${opts.name}: ${why}; stopping its work`);
    await s().catch((err) => log(`lease ${opts.name}: stopping failed: ${(err as Error).message}`));
  };

  const tick = async () => {
    if (stopped) return;
    const sentAt = Date.now();
    let won: { fence: number } | undefined;
    let failed = false;
    try {
      won = await tryAcquire(db, opts.name, opts.holder, opts.ttlSeconds);
    } catch (err) {
      failed = true;
      log(`lease ${opts.name}: renewing failed: ${(err as Error).message}`);
    }
    if (stopped) return;
    if (won) {
      validUntil = sentAt + ttlMs;
      if (!stopWork) {
        log(`lease ${opts.name}: held by ${opts.holder} (fence ${won.fence}); starting its work`);
        try {
          stopWork = await opts.start();
        } catch (err) {
          log(`lease ${opts.name}: its work failed to start: ${(err as Error).message}`);
          await release(db, opts.name, opts.holder).catch(() => undefined);
          validUntil = 0;
        }
      }
    } else if (!failed) {
      await lose('held by another instance');
    } else if (Date.now() > validUntil - marginMs) {
      await lose('could not be renewed in time');
    }
    opts.onTick?.(stopWork !== undefined);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      chain = chain.then(tick).finally(() => schedule(ttlMs / 3));
    }, ms);
    timer.unref();
  };
  chain = chain.then(tick);
  void chain.finally(() => schedule(ttlMs / 3));

  return {
    held: () => stopWork !== undefined && Date.now() < validUntil,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
      const had = stopWork !== undefined;
      await lose('this instance is stopping');
      if (had) await release(db, opts.name, opts.holder).catch(() => undefined);
    },
  };
}
