import type { z } from 'zod';
import type { AppContext } from '../context.js';

/** What a handler knows about the attempt it runs in. */
export interface JobAttempt {
  id: string;
  /** 0 on the first run, 1 on the first retry … */
  retryCount: number;
  /** True when no retry follows if this attempt fails. */
  lastAttempt: boolean;
}

/**
 * A kind of background job: a zod payload and an idempotent handler (it may run twice, e.g. after a
 * crash between its work and its completion). A thrown error retries with backoff; a thrown
 * PermanentJobError, or the last failed attempt, calls onGaveUp instead of retrying.
 */
export interface JobDefinition<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** How many of these run at once in one process. */
  concurrency?: number;
  /** Run on a schedule (cron, UTC) with empty data; the handler finds its own work (e.g. due campaigns). */
  cron?: string;
  handle(ctx: AppContext, data: T, attempt: JobAttempt): Promise<void>;
  /**
   * Several due jobs of this kind at once, as one piece of work (e.g. a reaction over the events of many
   * transactions: one read, set-based writes). If it throws, each job runs alone through `handle`, so only
   * a failing one retries; it must therefore be as idempotent as `handle`.
   */
  handleBatch?(ctx: AppContext, data: T[]): Promise<void>;
  onGaveUp?(ctx: AppContext, data: T, error: Error): Promise<void>;
}

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

/** A failure retrying cannot fix (a rejected address, a missing account): no more attempts. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
