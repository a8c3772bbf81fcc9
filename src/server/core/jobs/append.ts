import type { Tx } from '../db/types.js';

/**
 * Enqueues a job as part of the transaction: it is written to the queue just before COMMIT, so the
 * job exists exactly when the write that asked for it does (no lost sends after a crash, no sends
 * of rolled-back messages).
 */
export function appendJob(
  tx: Tx,
  name: string,
  data: Record<string, unknown>,
  options: { startAfter?: Date | number; singletonKey?: string; retryLimit?: number } = {},
) {
  tx.jobs.push({ name, data, options });
}
