import type { OutgoingAttachment, SessionResponse, WidgetConfig, WidgetMessage } from './types';

/** A failed call: `status` 0 means the network failed (worth a retry); otherwise the server's error. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** The `{ error: { id, message, details } }` of a failed call, as far as the body has it. */
function errorOf(data: unknown): { id?: string; message?: string; details?: unknown } {
  const e = typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
  if (typeof e !== 'object' || e === null) return {};
  const { id, message, details } = e as Record<string, unknown>;
  return { id: typeof id === 'string' ? id : undefined, message: typeof message === 'string' ? message : undefined, details };
}

/** The visitor endpoints under /api/widget/:key, authenticated by the visitor token once there is one. */
export class WidgetApi {
  token: string | null = null;
  constructor(
    readonly base: string,
    readonly key: string,
  ) {}

  private url(path: string) {
    return `${this.base}/api/widget/${encodeURIComponent(this.key)}${path}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const form = body instanceof FormData;
    // FormData sets its own multipart Content-Type (with the boundary).
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (this.token) headers['X-Visitor-Token'] = this.token;
    let res: Response;
    try {
      res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body), credentials: 'omit' });
    } catch (err) {
      throw new WidgetApiError(0, 'network', (err as Error).message);
    }
    const text = await res.text().catch(() => '');
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const e = errorOf(data);
      throw new WidgetApiError(res.status, e.id ?? `http.${res.status}`, e.message ?? res.statusText, e.details);
    }
    return data as T;
  }

  config() {
    return this.call<WidgetConfig>('GET', '/config');
  }

  session(input: { visitorToken?: string; name?: string; phone?: string; email?: string; pageUrl?: string; locale?: string }) {
    return this.call<SessionResponse>('POST', '/sessions', input);
  }

  messagesAfter(seq: number) {
    return this.call<{ messages: WidgetMessage[] }>('GET', `/messages?after=${seq}`);
  }

  send(input: { clientId: string; body: string; attachments?: OutgoingAttachment[] }) {
    if (!input.attachments?.length) return this.call<{ message: WidgetMessage }>('POST', '/messages', input);
    // Files go as multipart to /files: the server reads them as a stream with a size cap.
    const form = new FormData();
    form.append('clientId', input.clientId);
    form.append('body', input.body);
    for (const a of input.attachments) {
      const bytes = Uint8Array.from(atob(a.dataBase64), (c) => c.charCodeAt(0));
      form.append('file', new Blob([bytes], { type: a.contentType }), a.filename);
    }
    return this.call<{ message: WidgetMessage }>('POST', '/files', form);
  }

  offline(input: { email?: string; name?: string; body: string }) {
    return this.call<{ ok: true }>('POST', '/offline', input);
  }

  end() {
    return this.call<unknown>('POST', '/end', {});
  }

  socketUrl() {
    return `${this.url('/ws').replace(/^http/, 'ws')}?token=${encodeURIComponent(this.token ?? '')}`;
  }

  /** Answers a survey shown as buttons (the token is the survey link's; no visitor token needed). */
  async answerSurvey(token: string, body: { score?: number; comment?: string }) {
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/public/surveys/${encodeURIComponent(token)}/answer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch (err) {
      throw new WidgetApiError(0, 'network', (err as Error).message);
    }
    if (!res.ok) throw new WidgetApiError(res.status, `http.${res.status}`, res.statusText);
  }

  /** Attachment links come relative to the server; the page embedding us is another origin. */
  absolute(url: string) {
    return new URL(url, this.base).toString();
  }
}
