import type { Counters, ThrottleRecord } from '../../../core/counters/index.js';
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
/** The order records are read and written in (the store locks them in its own fixed order). */
const SCOPES = ['account', 'address', 'pair'] as const;

export interface LoginAttempt {
  keys: Record<Scope, string>;
}

const keysOf = (email: string, address: string): Record<Scope, string> => {
  const e = email.trim().toLowerCase();
  return { account: sha256(`account\n${e}`), address: sha256(`address\n${address}`), pair: sha256(`pair\n${e}\n${address}`) };
};
const recordKeys = (keys: Record<Scope, string>) => SCOPES.map((scope) => ({ scope, key: keys[scope] }));

const slowDown = (seconds: number) =>
  new AppError(429, 'auth.slow_down', `Too many failed logins from here; try again in ${seconds} seconds`, { retryAfterSeconds: seconds });

const secondsUntil = (from: number, now: number) => Math.max(1, Math.ceil((from - now) / 1000));

/** The wait a pair owes after `failures` wrong passwords, in seconds (0 while still free). */
export function pairWaitSeconds(failures: number): number {
  if (failures < LOGIN_THROTTLE.pairFreeFailures) return 0;
  return Math.min(2 ** (failures - LOGIN_THROTTLE.pairFreeFailures), LOGIN_THROTTLE.pairMaxWaitSeconds);
}

const windowOver = (row: ThrottleRecord, now: number) => now - row.windowStartedAt >= LOGIN_THROTTLE.windowMinutes * 60_000;
/** Failures that still count: those of the current window. */
const inWindow = (row: ThrottleRecord, now: number) => (windowOver(row, now) ? 0 : row.failures);
/** One more failure in a window counter, starting a fresh window when the last one ended. */
const countWindowFailure = (row: ThrottleRecord, now: number): ThrottleRecord =>
  windowOver(row, now) ? { ...row, failures: 1, windowStartedAt: now, lastFailedAt: now } : { ...row, failures: row.failures + 1, lastFailedAt: now };

/**
 * Before the password is checked: refuses (429 auth.slow_down, details.retryAfterSeconds) when a
 * counter says wait, else counts the attempt as a failure up front — so a burst of concurrent guesses
 * cannot all pass the check before any of them is counted. settleLoginAttempt takes it back on success.
 * The counters are shared by every instance (ctx.counters: the database, or Redis with REDIS_URL).
 */
export async function beginLoginAttempt(counters: Counters, input: { email: string; address: string }): Promise<LoginAttempt> {
  const keys = keysOf(input.email, input.address);
  await counters.records('login_throttle').update(recordKeys(keys), ([account, address, pair], now) => {
    const forgotten = pair!.lastFailedAt === null || now - pair!.lastFailedAt > LOGIN_THROTTLE.pairForgetHours * 3_600_000;
    const pairFailures = forgotten ? 0 : pair!.failures;
    const wait = pairWaitSeconds(pairFailures);
    if (wait > 0 && pair!.lastFailedAt !== null) {
      const until = pair!.lastFailedAt + wait * 1000;
      if (until > now) throw slowDown(secondsUntil(until, now));
    }
    const trusted = pair!.lastSucceededAt !== null && now - pair!.lastSucceededAt < LOGIN_THROTTLE.trustedDays * 86_400_000;
    if (!trusted) {
      for (const [row, max] of [
        [address!, LOGIN_THROTTLE.addressMaxFailures],
        [account!, LOGIN_THROTTLE.accountMaxFailures],
      ] as const) {
        if (inWindow(row, now) >= max) throw slowDown(secondsUntil(row.windowStartedAt + LOGIN_THROTTLE.windowMinutes * 60_000, now));
      }
    }
    return {
      write: [countWindowFailure(account!, now), countWindowFailure(address!, now), { ...pair!, failures: pairFailures + 1, lastFailedAt: now }],
      result: undefined,
    };
  });
  return { keys };
}

/**
 * After the password check. Right: the pair starts afresh and is remembered as an address this account
 * logs in from; the up-front count is taken back from the other two. Wrong: the count stays, and the
 * pair's wait starts now.
 */
export async function settleLoginAttempt(counters: Counters, attempt: LoginAttempt, ok: boolean): Promise<void> {
  const store = counters.records('login_throttle');
  await store.update(recordKeys(attempt.keys), (records, now) => ({
    write: records.map((r, i) =>
      !ok
        ? // The wait runs from the end of the failed check (argon2 may take a while under load), not its start.
          SCOPES[i] === 'pair'
          ? { ...r, lastFailedAt: now }
          : r
        : SCOPES[i] === 'pair'
          ? { ...r, failures: 0, lastSucceededAt: now }
          : { ...r, failures: Math.max(r.failures - 1, 0) },
    ),
    result: undefined,
  }));
  // An attacker's made-up emails and addresses leave records behind; those untouched for longer than a
  // trusted login is remembered go, now and then (one failure in a hundred), on the failure path only.
  if (!ok && Math.random() < 0.01) await store.prune(LOGIN_THROTTLE.trustedDays);
}
