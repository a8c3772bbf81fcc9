import type { Db, Tx } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { sha256 } from '../../../core/lib/ids.js';

/**
 * Slows password guessing without letting anyone lock an account out. Three counters (migration 068):
 * - pair (email, client address): a few wrong passwords are free, then each next try waits twice as
 *   long as the last (1 s, 2 s, 4 s … 15 min). Only that address waits: the owner elsewhere does not.
 * - address (any email): wrong passwords from one address across accounts (password spraying).
 * - account (any address): wrong passwords for one account from many addresses (a botnet, or a client
 *   rotating X-Forwarded-For behind TRUST_PROXY=true).
 * A correct password from an address with no recent failures for that account always gets in, with one
 * exception: while an account is under attack from many addresses, only addresses it has logged in from
 * before (a successful login there in the last 90 days) get through; any other address waits for the
 * window to end. Without it, unlimited fresh addresses would mean unlimited guesses.
 * While an address must wait, even the right password is refused: a guesser must not learn it was right.
 */
export const LOGIN_THROTTLE = {
  pairFreeFailures: 5,
  pairMaxWaitSeconds: 15 * 60,
  /** A pair's failures are forgotten this long after its last one. */
  pairForgetHours: 24,
  windowMinutes: 15,
  addressMaxFailures: 30,
  accountMaxFailures: 30,
  trustedDays: 90,
} as const;

type Scope = 'pair' | 'address' | 'account';
interface Row {
  scope: Scope;
  key: string;
  failures: number;
  window_started_at: Date;
  last_failed_at: Date | null;
  last_succeeded_at: Date | null;
  now: Date;
}

export interface LoginAttempt {
  keys: Record<Scope, string>;
}

const keysOf = (email: string, address: string): Record<Scope, string> => {
  const e = email.trim().toLowerCase();
  return { account: sha256(`account\n${e}`), address: sha256(`address\n${address}`), pair: sha256(`pair\n${e}\n${address}`) };
};

const slowDown = (seconds: number) =>
  new AppError(429, 'auth.slow_down', `Too many failed logins from here; try again in ${seconds} seconds`, { retryAfterSeconds: seconds });

const secondsUntil = (from: Date, now: Date) => Math.max(1, Math.ceil((from.getTime() - now.getTime()) / 1000));

/** The wait a pair owes after `failures` wrong passwords, in seconds (0 while still free). */
export function pairWaitSeconds(failures: number): number {
  if (failures < LOGIN_THROTTLE.pairFreeFailures) return 0;
  return Math.min(2 ** (failures - LOGIN_THROTTLE.pairFreeFailures), LOGIN_THROTTLE.pairMaxWaitSeconds);
}

const windowOver = (row: Row) => row.now.getTime() - row.window_started_at.getTime() >= LOGIN_THROTTLE.windowMinutes * 60_000;
/** Failures that still count: those of the current window. */
const inWindow = (row: Row) => (windowOver(row) ? 0 : row.failures);

/**
 * Before the password is checked: refuses (429 auth.slow_down, details.retryAfterSeconds) when a
 * counter says wait, else counts the attempt as a failure up front — so a burst of concurrent guesses
 * cannot all pass the check before any of them is counted. settleLoginAttempt takes it back on success.
 */
export async function beginLoginAttempt(db: Db, input: { email: string; address: string }): Promise<LoginAttempt> {
  const keys = keysOf(input.email, input.address);
  await db.tx(async (tx) => {
    await tx.query(`INSERT INTO login_throttle (scope, key) VALUES ('account', $1), ('address', $2), ('pair', $3) ON CONFLICT DO NOTHING`, [
      keys.account,
      keys.address,
      keys.pair,
    ]);
    // One order for every attempt (scope, key), so two attempts never wait on each other's rows crosswise.
    const rows = await tx.query<Row>(
      `SELECT scope, key, failures, window_started_at, last_failed_at, last_succeeded_at, now() AS now FROM login_throttle
       WHERE (scope, key) IN (('account', $1), ('address', $2), ('pair', $3)) ORDER BY scope, key FOR UPDATE`,
      [keys.account, keys.address, keys.pair],
    );
    const by = Object.fromEntries(rows.map((r) => [r.scope, r])) as Record<Scope, Row>;
    const { pair, address, account } = by;
    const now = pair.now;

    const forgotten = !pair.last_failed_at || now.getTime() - pair.last_failed_at.getTime() > LOGIN_THROTTLE.pairForgetHours * 3_600_000;
    const pairFailures = forgotten ? 0 : pair.failures;
    const wait = pairWaitSeconds(pairFailures);
    if (wait > 0 && pair.last_failed_at) {
      const until = new Date(pair.last_failed_at.getTime() + wait * 1000);
      if (until > now) throw slowDown(secondsUntil(until, now));
    }
    const trusted = !!pair.last_succeeded_at && now.getTime() - pair.last_succeeded_at.getTime() < LOGIN_THROTTLE.trustedDays * 86_400_000;
    if (!trusted) {
      for (const [row, max] of [
        [address, LOGIN_THROTTLE.addressMaxFailures],
        [account, LOGIN_THROTTLE.accountMaxFailures],
      ] as const) {
        if (inWindow(row) >= max) throw slowDown(secondsUntil(new Date(row.window_started_at.getTime() + LOGIN_THROTTLE.windowMinutes * 60_000), now));
      }
    }

    await tx.query(`UPDATE login_throttle SET failures = $2, last_failed_at = now() WHERE scope = 'pair' AND key = $1`, [keys.pair, pairFailures + 1]);
    for (const row of [address, account]) await countWindowFailure(tx, row, windowOver(row));
  });
  return { keys };
}

async function countWindowFailure(tx: Tx, row: Row, restartWindow: boolean) {
  await tx.query(
    restartWindow
      ? `UPDATE login_throttle SET failures = 1, window_started_at = now(), last_failed_at = now() WHERE scope = $1 AND key = $2`
      : `UPDATE login_throttle SET failures = failures + 1, last_failed_at = now() WHERE scope = $1 AND key = $2`,
    [row.scope, row.key],
  );
}

/**
 * After the password check. Right: the pair starts afresh and is remembered as an address this account
 * logs in from; the up-front count is taken back from the other two. Wrong: the count stays, and the
 * pair's wait starts now.
 */
export async function settleLoginAttempt(db: Db, attempt: LoginAttempt, ok: boolean): Promise<void> {
  const { keys } = attempt;
  if (!ok) {
    // The wait runs from the end of the failed check (argon2 may take a while under load), not its start.
    await db.query(`UPDATE login_throttle SET last_failed_at = now() WHERE scope = 'pair' AND key = $1`, [keys.pair]);
    await prune(db);
    return;
  }
  await db.query(
    `UPDATE login_throttle SET
       failures = CASE WHEN scope = 'pair' THEN 0 ELSE greatest(failures - 1, 0) END,
       last_succeeded_at = CASE WHEN scope = 'pair' THEN now() ELSE last_succeeded_at END
     WHERE (scope, key) IN (('account', $1), ('address', $2), ('pair', $3))`,
    [keys.account, keys.address, keys.pair],
  );
}

/**
 * An attacker's made-up emails and addresses leave rows behind; those untouched for longer than a
 * trusted login is remembered go, now and then (one failure in a hundred), on the failure path only.
 */
async function prune(db: Db) {
  if (Math.random() >= 0.01) return;
  await db.query(`DELETE FROM login_throttle WHERE greatest(window_started_at, last_failed_at, last_succeeded_at) < now() - make_interval(days => $1)`, [
    LOGIN_THROTTLE.trustedDays,
  ]);
}
