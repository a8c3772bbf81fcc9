import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { loggableError } from '../../core/http/text-safety.js';
import type { InboundBatchItemResultSchema } from '../../../shared/tickets.js';

export type BatchItemResult = z.infer<typeof InboundBatchItemResultSchema>;

/**
 * One refused or failed item of a batch, as the single endpoint would have answered it: an AppError's
 * status and stable id; anything else is 500 `internal`, logged like the error handler logs it (the
 * error's type and SQL, never the item's data).
 */
export function batchItemError(index: number, err: unknown, log: FastifyBaseLogger): BatchItemResult {
  if (err instanceof AppError) return { index, status: err.status, error: { id: err.id, message: err.message, details: err.details } };
  log.error({ err: loggableError(err as Error) }, 'inbound batch item failed');
  return { index, status: 500, error: { id: 'internal', message: 'Something went wrong on our side' } };
}
