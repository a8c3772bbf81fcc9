import { PermanentDeliveryError, TemporaryDeliveryError } from '../../../core/channels/delivery-failure.js';
import type { DeliveryFailure } from '../../../../shared/channels.js';

/**
 * Zalo's answer `{ error: <non-zero>, message }` (HTTP 200 as a rule): kept with the API it came from,
 * since the OpenAPI (OA messages, uploads) and ZNS number their errors differently.
 */
export class ZaloApiError extends Error {
  constructor(
    readonly api: 'openapi' | 'zns',
    readonly code: number,
    message: string,
  ) {
    super(`Zalo ${api === 'zns' ? 'ZNS' : 'OpenAPI'} error ${code}: ${message}`);
    this.name = 'ZaloApiError';
  }
}

/** What to do about one error: refresh the token and try once more, or fail with a code (retried or not). */
export type ZaloErrorAction = { refresh: true } | { refresh: false; failure: DeliveryFailure; permanent: boolean; reason: string };

/**
 * OpenAPI (v2/v3 OA) error codes, from Zalo's error table (developers.zalo.me "Mã lỗi"; the same table
 * is reproduced in public integration notes, e.g. hoangnd25/monorepo wip/zalo-platform-integration.md):
 * -216 invalid / -220 expired token → refresh and retry once; -32 too many calls → retried later;
 * -211 out of quota, -230/-232 the user has not interacted lately (outside the window) → not retried:
 * a retry costs the same refusal (or, worse, a paid proactive message).
 */
const OPENAPI: Record<number, Exclude<ZaloErrorAction, { refresh: true }>> = {
  [-32]: { refresh: false, failure: 'rate_limited', permanent: false, reason: 'Zalo: quá nhiều yêu cầu trong một phút, sẽ thử lại.' },
  [-100]: { refresh: false, failure: 'recipient_rejected', permanent: false, reason: 'Zalo: tệp đính kèm đã hết hạn, sẽ tải lên lại.' },
  [-201]: { refresh: false, failure: 'recipient_rejected', permanent: true, reason: 'Zalo: tham số không hợp lệ (nội dung hoặc người nhận).' },
  [-204]: { refresh: false, failure: 'reconnect_needed', permanent: true, reason: 'Zalo: Official Account đã bị vô hiệu hoá.' },
  [-205]: { refresh: false, failure: 'reconnect_needed', permanent: true, reason: 'Zalo: Official Account không tồn tại.' },
  [-209]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: ứng dụng chưa được kích hoạt cho API này.' },
  [-210]: { refresh: false, failure: 'recipient_rejected', permanent: true, reason: 'Zalo: nội dung vượt giới hạn cho phép (văn bản tối đa 2.000 ký tự, ảnh 1 MB, tệp 5 MB).' },
  [-211]: { refresh: false, failure: 'reply_quota_used', permanent: true, reason: 'Zalo: đã hết hạn mức gửi tin.' },
  [-212]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: OA chưa đăng ký API này.' },
  [-213]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'Zalo: người dùng chưa quan tâm OA.' },
  [-217]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'Zalo: người dùng đã chặn OA.' },
  [-218]: { refresh: false, failure: 'reply_quota_used', permanent: true, reason: 'Zalo: đã quá giới hạn gửi đến người dùng này.' },
  [-219]: { refresh: false, failure: 'reconnect_needed', permanent: true, reason: 'Zalo: ứng dụng đã bị gỡ hoặc vô hiệu hoá.' },
  [-221]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: OA cần được xác thực để dùng tính năng này.' },
  [-223]: { refresh: false, failure: 'reconnect_needed', permanent: true, reason: 'Zalo: OA chưa cấp quyền này cho ứng dụng — cần kết nối lại.' },
  [-224]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: OA cần nâng cấp gói dịch vụ.' },
  [-227]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'Zalo: tài khoản người dùng bị khoá hoặc không hoạt động quá 45 ngày.' },
  [-230]: { refresh: false, failure: 'window_closed', permanent: true, reason: 'Zalo: người dùng không tương tác với OA trong 7 ngày qua.' },
  [-232]: { refresh: false, failure: 'window_closed', permanent: true, reason: 'Zalo: người dùng chưa tương tác hoặc tương tác đã hết hạn.' },
  [-233]: { refresh: false, failure: 'recipient_rejected', permanent: true, reason: 'Zalo: loại tin nhắn không được hỗ trợ.' },
  [-244]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'Zalo: người dùng đã chặn loại tin này từ OA.' },
  [-248]: { refresh: false, failure: 'recipient_rejected', permanent: true, reason: 'Zalo: nội dung vi phạm tiêu chuẩn nền tảng.' },
  [-320]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: ứng dụng cần liên kết Zalo Cloud Account.' },
  [-321]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'Zalo: Zalo Cloud Account hết tiền.' },
};

/**
 * ZNS (business.openapi.zalo.me) error codes (ZNS "Mã lỗi"): -124 invalid token → refresh once;
 * daily quotas and the user's refusal are not retried (the next try is refused the same way).
 */
const ZNS: Record<number, Exclude<ZaloErrorAction, { refresh: true }>> = {
  [-108]: { refresh: false, failure: 'no_recipient', permanent: true, reason: 'ZNS: số điện thoại không hợp lệ.' },
  [-109]: { refresh: false, failure: 'account_not_configured', permanent: true, reason: 'ZNS: mã mẫu (template_id) không hợp lệ.' },
  [-117]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'ZNS: OA/ứng dụng không có quyền dùng mẫu này.' },
  [-118]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'ZNS: số điện thoại chưa có tài khoản Zalo hoặc đã bị khoá.' },
  [-119]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'ZNS: tài khoản không nhận được tin ZNS.' },
  [-120]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'ZNS: OA chưa được cấp quyền gửi ZNS.' },
  [-131]: { refresh: false, failure: 'account_not_configured', permanent: true, reason: 'ZNS: tham số của mẫu không hợp lệ.' },
  [-135]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'ZNS: OA chưa có quyền gửi ZNS.' },
  [-136]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'ZNS: cần kết nối Zalo Cloud Account (ZCA).' },
  [-138]: { refresh: false, failure: 'permission_missing', permanent: true, reason: 'ZNS: ứng dụng chưa có quyền gửi ZNS.' },
  [-139]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'ZNS: người dùng đã từ chối nhận loại tin này.' },
  [-140]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'ZNS: OA chưa được phép gửi tin chăm sóc cho người dùng này.' },
  [-141]: { refresh: false, failure: 'recipient_unreachable', permanent: true, reason: 'ZNS: người dùng từ chối nhận tin từ OA.' },
  [-144]: { refresh: false, failure: 'rate_limited', permanent: true, reason: 'ZNS: OA đã dùng hết hạn mức gửi trong ngày.' },
  [-147]: { refresh: false, failure: 'rate_limited', permanent: true, reason: 'ZNS: mẫu đã dùng hết hạn mức gửi trong ngày.' },
};

const TOKEN_ERRORS: Record<ZaloApiError['api'], number[]> = { openapi: [-216, -220], zns: [-124] };

/** How an error from Zalo is handled (codes not in the tables: retried as a server problem, the words kept). */
export function zaloErrorAction(err: ZaloApiError): ZaloErrorAction {
  if (TOKEN_ERRORS[err.api].includes(err.code)) return { refresh: true };
  const known = (err.api === 'zns' ? ZNS : OPENAPI)[err.code];
  return known ?? { refresh: false, failure: 'server_unavailable', permanent: false, reason: err.message };
}

/** A token error, again after a fresh token: the authorisation is gone (revoked, app removed): reconnect. */
export const reconnectError = (err: ZaloApiError) =>
  new PermanentDeliveryError('reconnect_needed', `${err.message} — Zalo refused a freshly refreshed token: reconnect the Official Account in settings`);

/** The delivery error for a Zalo answer that is not a token problem. */
export function deliveryErrorOf(err: ZaloApiError): PermanentDeliveryError | TemporaryDeliveryError {
  const a = zaloErrorAction(err);
  if (a.refresh) return reconnectError(err);
  const detail = a.reason === err.message ? err.message : `${a.reason} (${err.message})`;
  return a.permanent ? new PermanentDeliveryError(a.failure, detail) : new TemporaryDeliveryError(a.failure, detail, { cause: err });
}

/**
 * Runs one call with the account's token; a token error refreshes the token (forceRefresh) and runs it
 * ONCE more; a second token error means the authorisation itself is gone. Other Zalo errors become
 * delivery errors with their code; network errors are retried by the job as server_unavailable.
 */
export async function withZaloToken<T>(getToken: (forceRefresh: boolean) => Promise<string>, call: (token: string) => Promise<T>): Promise<T> {
  const attempt = async (forceRefresh: boolean) => call(await getToken(forceRefresh));
  try {
    return await attempt(false);
  } catch (err) {
    if (!(err instanceof ZaloApiError)) throw asNetworkError(err);
    if (!zaloErrorAction(err).refresh) throw deliveryErrorOf(err);
  }
  try {
    return await attempt(true);
  } catch (err) {
    if (!(err instanceof ZaloApiError)) throw asNetworkError(err);
    throw deliveryErrorOf(err);
  }
}

function asNetworkError(err: unknown) {
  if (err instanceof PermanentDeliveryError || err instanceof TemporaryDeliveryError) return err;
  return new TemporaryDeliveryError('server_unavailable', `Zalo could not be reached: ${(err as Error).message}`, { cause: err });
}
