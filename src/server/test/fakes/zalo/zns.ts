import crypto from 'node:crypto';
import type { FakeZaloCore } from './core.js';
import type { FakeRequest, FakeResponse, FakeRouter } from './router.js';

/** A template of the fake ZNS account (what template/info/v2 describes). */
export interface FakeZnsTemplate {
  templateId: string;
  templateName: string;
  status: 'ENABLE' | 'PENDING_REVIEW' | 'REJECT' | 'DISABLE';
  listParams: { name: string; require: boolean; type: string; maxLength: number; minLength: number; acceptNull: boolean }[];
}

export interface FakeZnsMessage {
  msgId: string;
  phone: string;
  templateId: string;
  templateData: Record<string, unknown>;
  trackingId: string;
}

/**
 * ZNS (business.openapi.zalo.me) as documented: GET /template/all (status 1 = ENABLE), GET
 * /template/info/v2?template_id (listParams), POST /message/template `{ phone: "84…", template_id,
 * template_data, tracking_id }` → `data: { msg_id, sent_time, quota }`. A bad token is -124 here (ZNS's
 * own code), a bad phone -108, an unknown or disabled template -109, a missing required parameter
 * -131. failNext(code) makes the next send answer that error. deliveryEvent(): the webhook Zalo
 * sends when the phone received it (user_received_message with msg_id and tracking_id).
 */
export function registerZnsRoutes(router: FakeRouter, core: FakeZaloCore) {
  const state = {
    templates: [
      {
        templateId: '250001',
        templateName: 'Khảo sát sau hỗ trợ',
        status: 'ENABLE',
        listParams: [
          { name: 'customer_name', require: true, type: 'STRING', maxLength: 30, minLength: 0, acceptNull: false },
          { name: 'ticket_code', require: true, type: 'STRING', maxLength: 30, minLength: 0, acceptNull: false },
          { name: 'survey_url', require: false, type: 'STRING', maxLength: 200, minLength: 0, acceptNull: true },
        ],
      },
      {
        templateId: '250002',
        templateName: 'Trạng thái đơn hàng',
        status: 'ENABLE',
        listParams: [
          { name: 'order_code', require: true, type: 'STRING', maxLength: 30, minLength: 0, acceptNull: false },
          { name: 'status', require: true, type: 'STRING', maxLength: 30, minLength: 0, acceptNull: false },
        ],
      },
      { templateId: '250003', templateName: 'Mẫu chờ duyệt', status: 'PENDING_REVIEW', listParams: [] },
    ] as FakeZnsTemplate[],
    sent: [] as FakeZnsMessage[],
    failures: [] as { code: number; message: string }[],
    failNext(code: number, message: string, times = 1) {
      for (let i = 0; i < times; i++) state.failures.push({ code, message });
    },
    /** The delivery webhook body for a sent ZNS message (Zalo signs and posts it like any event). */
    deliveryEvent(m: FakeZnsMessage, at = Date.now()) {
      return {
        app_id: core.appId,
        oa_id: core.oaId,
        event_name: 'user_received_message',
        sender: { id: core.oaId },
        recipient: { id: m.phone },
        message: { msg_id: m.msgId, tracking_id: m.trackingId, delivery_time: String(at) },
        timestamp: String(at),
      };
    },
  };

  /** ZNS answers a bad token with its own code. */
  const access = (req: FakeRequest): FakeResponse | undefined => (core.checkAccess(req) ? { json: { error: -124, message: 'Access token is invalid' } } : undefined);

  router.on('GET', '/template/all', (req) => {
    const denied = access(req);
    if (denied) return denied;
    const status = req.query.get('status');
    const wanted = status === '1' ? 'ENABLE' : status === '2' ? 'PENDING_REVIEW' : status === '3' ? 'REJECT' : status === '4' ? 'DISABLE' : undefined;
    const list = state.templates.filter((t) => !wanted || t.status === wanted);
    const offset = Number(req.query.get('offset') ?? 0);
    const limit = Number(req.query.get('limit') ?? 100);
    return {
      json: {
        error: 0,
        message: 'Success',
        data: list.slice(offset, offset + limit).map((t) => ({ templateId: Number(t.templateId), templateName: t.templateName, createdTime: 1_700_000_000_000, status: t.status, templateQuality: 'HIGH' })),
        metadata: { total: list.length },
      },
    };
  });

  router.on('GET', '/template/info/v2', (req) => {
    const denied = access(req);
    if (denied) return denied;
    const t = state.templates.find((x) => x.templateId === req.query.get('template_id'));
    if (!t) return { json: { error: -109, message: 'Template is invalid' } };
    return {
      json: {
        error: 0,
        message: 'Success',
        data: { templateId: Number(t.templateId), templateName: t.templateName, status: t.status, listParams: t.listParams, listButtons: [], timeout: 7_200_000, previewUrl: `${core.url}/preview/${t.templateId}`, templateQuality: 'HIGH', templateTag: 'CUSTOMER_CARE', price: '200' },
      },
    };
  });

  router.on('POST', '/message/template', (req) => {
    const denied = access(req);
    if (denied) return denied;
    const failure = state.failures.shift();
    if (failure) return { json: { error: failure.code, message: failure.message } };
    const b = req.json as { phone?: unknown; template_id?: unknown; template_data?: Record<string, unknown>; tracking_id?: unknown } | undefined;
    if (typeof b?.phone !== 'string' || !/^84\d{9,10}$/.test(b.phone)) return { json: { error: -108, message: 'Phone number is invalid' } };
    const t = state.templates.find((x) => x.templateId === String(b.template_id));
    if (!t || t.status !== 'ENABLE') return { json: { error: -109, message: 'Template is invalid' } };
    const data = b.template_data ?? {};
    const missing = t.listParams.find((p) => p.require && (typeof data[p.name] !== 'string' || (data[p.name] as string).length === 0 || (data[p.name] as string).length > p.maxLength));
    if (missing) return { json: { error: -131, message: `Template data is invalid: ${missing.name}` } };
    const msgId = crypto.randomBytes(10).toString('hex');
    state.sent.push({ msgId, phone: b.phone, templateId: t.templateId, templateData: data, trackingId: String(b.tracking_id ?? '') });
    return { json: { error: 0, message: 'Success', data: { msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: '500', remainingQuota: String(500 - state.sent.length) } } } };
  });
  return state;
}
