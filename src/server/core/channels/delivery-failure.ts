import { PermanentJobError } from '../jobs/define.js';
import type { DeliveryFailure } from '../../../shared/channels.js';

/**
 * A delivery failure no retry can fix, with its stable code (what the agent is told, translated by
 * the web app) and a technical detail (kept on the message for support: an SMTP server's words).
 */
export class PermanentDeliveryError extends PermanentJobError {
  constructor(
    readonly code: DeliveryFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'PermanentDeliveryError';
  }
}

/** A failure a retry may fix (a connection refused, SMTP 4xx): the job retries; the code shows meanwhile. */
export class TemporaryDeliveryError extends Error {
  constructor(
    readonly code: DeliveryFailure,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'TemporaryDeliveryError';
  }
}

/** The code of an error thrown by an adapter's send; 'unknown' when the adapter did not classify it. */
export function deliveryFailureOf(err: unknown): DeliveryFailure {
  if (err instanceof PermanentDeliveryError || err instanceof TemporaryDeliveryError) return err.code;
  return 'unknown';
}
