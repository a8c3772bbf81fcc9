import crypto from 'node:crypto';
import type { FakeZaloCore } from './core.js';
import type { FakeRequest, FakeResponse, FakeRouter } from './router.js';

/** One message the fake OA API accepted, as the test reads it back. */
export interface FakeSentMessage {
  messageId: string;
  /** The user it reached (recipient.user_id, or the author of recipient.message_id). */
  userId: string;
  recipient: { user_id?: string; message_id?: string };
  message: Record<string, unknown>;
  /** Zalo's quota_type for it: 'reply' when it answered a user's message within 48 h and 8 replies. */
  quotaType: 'reply' | 'proactive';
}

export interface FakeUpload {
  kind: 'image' | 'gif' | 'file';
  ref: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * OpenAPI message and upload routes as Zalo documents them:
 * - POST /v3.0/oa/message/cs (header access_token) `{ recipient: { user_id } | { message_id }, message }`
 *   → `{ error: 0, message: 'Success', data: { message_id, user_id, sent_time, quota: { quota_type } } }`;
 *   `recipient.message_id` must be a message the user sent (registered by userMessage()), and answers
 *   count as replies (8 within 48 h of it), anything else as proactive.
 * - POST /v2.0/oa/upload/image|gif|file (multipart, field "file") → `data.attachment_id` / `data.token`,
 *   refusing wrong types and sizes like Zalo (-210). The message API accepts only ids it issued.
 * - failNext(code, message, times, skip): the next calls to message/cs (after `skip` good ones) answer
 *   that Zalo error (a -216, a quota error …) to test the adapter's handling.
 */
export function registerMessageRoutes(router: FakeRouter, core: FakeZaloCore) {
  const state = {
    sent: [] as FakeSentMessage[],
    uploads: [] as FakeUpload[],
    /** User messages replies may name: msg_id → { userId, at }. */
    userMessages: new Map<string, { userId: string; at: number }>(),
    /** Replies counted per user message (Zalo's 8 free ones). */
    replies: new Map<string, number>(),
    failures: [] as { code: number; message: string; skip: number }[],
    /** A message the user sent (what the webhook announced), so replies may name it. */
    userMessage(msgId: string, userId: string, at = Date.now()) {
      state.userMessages.set(msgId, { userId, at });
    },
    /** The next `times` calls (after letting `skip` through) answer this Zalo error. */
    failNext(code: number, message: string, times = 1, skip = 0) {
      for (let i = 0; i < times; i++) state.failures.push({ code, message, skip: i === 0 ? skip : 0 });
    },
  };

  router.on('POST', '/v3.0/oa/message/cs', (req) => {
    const denied = core.checkAccess(req);
    if (denied) return denied;
    const failure = state.failures[0];
    if (failure && failure.skip > 0) failure.skip--;
    else if (state.failures.shift()) return { json: { error: failure!.code, message: failure!.message } };
    const body = req.json as { recipient?: { user_id?: string; message_id?: string }; message?: Record<string, unknown> } | undefined;
    const recipient = body?.recipient ?? {};
    const message = body?.message;
    if (!message || typeof message !== 'object') return invalid('message');
    let userId = recipient.user_id;
    let quotaType: FakeSentMessage['quotaType'] = 'proactive';
    if (recipient.message_id !== undefined) {
      const m = state.userMessages.get(String(recipient.message_id));
      if (!m) return invalid('recipient.message_id');
      userId = m.userId;
      const n = (state.replies.get(String(recipient.message_id)) ?? 0) + 1;
      state.replies.set(String(recipient.message_id), n);
      if (n <= 8 && Date.now() - m.at < 48 * 3_600_000) quotaType = 'reply';
    }
    if (typeof userId !== 'string' || !/^\d+$/.test(userId)) return invalid('recipient.user_id');
    const problem = checkMessage(message, state.uploads);
    if (problem) return problem;
    const messageId = crypto.randomBytes(10).toString('hex');
    state.sent.push({ messageId, userId, recipient, message, quotaType });
    return {
      json: { error: 0, message: 'Success', data: { message_id: messageId, user_id: userId, sent_time: String(Date.now()), quota: { quota_type: quotaType } } },
    };
  });

  const upload = (kind: FakeUpload['kind']) => async (req: FakeRequest): Promise<FakeResponse> => {
    const denied = core.checkAccess(req);
    if (denied) return denied;
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? '') }, body: new Uint8Array(req.body) })
      .formData()
      .catch(() => undefined);
    const file = form?.get('file');
    if (!file || typeof file === 'string') return invalid('file');
    const type = file.type.toLowerCase();
    const ok =
      kind === 'image'
        ? ['image/jpeg', 'image/png'].includes(type) && file.size <= 1024 * 1024
        : kind === 'gif'
          ? type === 'image/gif' && file.size <= 5 * 1024 * 1024
          : /\.(pdf|docx?|csv)$/i.test(file.name) && file.size <= 5 * 1024 * 1024;
    if (!ok) return { json: { error: -210, message: 'Parameter exceeds allowable limit' } };
    const ref = crypto.randomBytes(12).toString('hex');
    state.uploads.push({ kind, ref, filename: file.name, contentType: type, size: file.size });
    return { json: { error: 0, message: 'Success', data: kind === 'file' ? { token: ref } : { attachment_id: ref } } };
  };
  router.on('POST', '/v2.0/oa/upload/image', upload('image'));
  router.on('POST', '/v2.0/oa/upload/gif', upload('gif'));
  router.on('POST', '/v2.0/oa/upload/file', upload('file'));
  return state;
}

const invalid = (field: string): FakeResponse => ({ json: { error: -201, message: `${field} is invalid!` } });

/** The message shapes of the v3 cs API: text (≤ 2,000), media template (image/gif by attachment_id), file (token), buttons. */
function checkMessage(message: Record<string, unknown>, uploads: FakeUpload[]): FakeResponse | undefined {
  const text = message.text;
  if (text !== undefined && (typeof text !== 'string' || text.length > 2000)) return { json: { error: -210, message: 'Parameter exceeds allowable limit' } };
  const attachment = message.attachment as { type?: string; payload?: Record<string, unknown> } | undefined;
  if (!attachment) return typeof text === 'string' && text.length > 0 ? undefined : invalid('message.text');
  const issued = (ref: unknown, kinds: FakeUpload['kind'][]) => uploads.some((u) => u.ref === ref && kinds.includes(u.kind));
  if (attachment.type === 'file') return issued(attachment.payload?.token, ['file']) ? undefined : invalid('attachment.payload.token');
  if (attachment.type !== 'template' || !attachment.payload) return invalid('attachment.type');
  const p = attachment.payload as { template_type?: string; elements?: { media_type?: string; attachment_id?: string; url?: string; width?: number; height?: number }[]; buttons?: { title?: string; type?: string; payload?: unknown }[] };
  if (p.template_type === 'media') {
    const e = p.elements?.[0];
    if (!e || p.elements!.length !== 1) return invalid('attachment.payload.elements');
    if (e.media_type === 'image' && (issued(e.attachment_id, ['image']) || (!e.attachment_id && e.url))) return undefined;
    if (e.media_type === 'gif' && issued(e.attachment_id, ['gif']) && e.width && e.height) return undefined;
    return invalid('attachment.payload.elements');
  }
  if (p.buttons) {
    const ok = p.buttons.length >= 1 && p.buttons.length <= 5 && p.buttons.every((b) => typeof b.title === 'string' && b.title.length <= 100 && typeof b.type === 'string');
    return ok && typeof text === 'string' ? undefined : invalid('attachment.payload.buttons');
  }
  return invalid('attachment.payload');
}
