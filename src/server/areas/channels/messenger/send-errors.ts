import { PermanentDeliveryError, TemporaryDeliveryError } from '../../../core/channels/delivery-failure.js';
import { GraphApiError, GraphUnreachableError } from './graph.js';

/**
 * What a Send API failure means for the message, by Facebook's error code and subcode
 * (developers.facebook.com/docs/messenger-platform/error-codes). Retried: rate limits (4, 17, 32, 613,
 * 80006) and Facebook's own trouble (1, 2, HTTP 5xx). Not retried: outside the window (#10 / 2018278),
 * missing permissions (#10 otherwise, 200–299: e.g. the app lacks HUMAN_AGENT or pages_messaging), a
 * person who cannot be reached (551, #100 / 2018001 no matching user, #10 / 2018108), an invalid or
 * expired Page token (190, 102: reconnect). Anything else Facebook refused is the message's fault.
 */
export function deliveryErrorOf(err: unknown): PermanentDeliveryError | TemporaryDeliveryError {
  if (err instanceof PermanentDeliveryError || err instanceof TemporaryDeliveryError) return err;
  if (err instanceof GraphUnreachableError) return new TemporaryDeliveryError('server_unavailable', err.message, { cause: err });
  if (!(err instanceof GraphApiError)) return new TemporaryDeliveryError('server_unavailable', (err as Error)?.message ?? String(err), { cause: err });
  const { code, subcode, message } = err;
  if (code === 190 || code === 102 || code === 463 || code === 467) return new PermanentDeliveryError('reconnect_needed', message);
  if (code === 4 || code === 17 || code === 32 || code === 613 || code === 80006) return new TemporaryDeliveryError('rate_limited', message);
  if (code === 551 || subcode === 1545041 || subcode === 2018001 || subcode === 2018108) return new PermanentDeliveryError('recipient_unreachable', message);
  if (code === 10 && (subcode === 2018278 || /outside of (the )?allowed window/i.test(message))) return new PermanentDeliveryError('window_closed', message);
  if (code === 10 || (code !== null && code >= 200 && code <= 299)) return new PermanentDeliveryError('permission_missing', message);
  if (code === 1 || code === 2 || err.status >= 500) return new TemporaryDeliveryError('server_unavailable', message);
  return new PermanentDeliveryError('recipient_rejected', message);
}
