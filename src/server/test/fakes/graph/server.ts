import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRAPH_API_VERSION } from '../../../areas/channels/messenger/index.js';

/**
 * A local server speaking the parts of Facebook's Graph API the Messenger channel uses, as documented:
 * the Send API (POST /v<version>/{PAGE_ID}/messages → { recipient_id, message_id }), attachment upload
 * (POST /{PAGE_ID}/message_attachments, multipart `message` + `filedata` → { attachment_id }), the user
 * profile (GET /{PSID}?fields=first_name,last_name,profile_pic), the Page (GET /{PAGE_ID}?fields=id,name),
 * and files under /cdn/ standing in for Facebook's CDN links in webhooks. Errors use Graph's envelope
 * { error: { message, type, code, error_subcode, fbtrace_id } }. Tests select it with env GRAPH_API_BASE.
 */
export interface FakeGraphSend {
  pageId: string;
  token: string;
  body: {
    recipient: { id: string };
    messaging_type: string;
    tag?: string;
    message: { text?: string; metadata?: string; quick_replies?: { content_type: string; title: string; payload: string }[]; attachment?: { type: string; payload: { attachment_id?: string } } };
  };
  messageId: string;
  at: number;
}

export interface FakeGraphUpload {
  pageId: string;
  type: string;
  filename: string;
  contentType: string;
  data: Buffer;
  attachmentId: string;
}

export interface GraphErrorSpec {
  status?: number;
  code: number;
  subcode?: number;
  message: string;
}

export interface FakeGraph {
  url: string;
  pageId: string;
  /** Other Pages the same token manages (one app, several Pages): id → name. */
  otherPages: Map<string, string>;
  pageName: string;
  token: string;
  sends: FakeGraphSend[];
  uploads: FakeGraphUpload[];
  profileRequests: string[];
  profiles: Map<string, { first_name: string; last_name: string; profile_pic: string }>;
  /** The next Send API calls answer these errors, in order. */
  failSends: GraphErrorSpec[];
  /** Serves a file at `${url}/cdn/<name>` (a webhook attachment's URL). */
  serveFile(name: string, contentType: string, data: Buffer): string;
  close(): Promise<void>;
}

const graphError = (res: http.ServerResponse, e: GraphErrorSpec) => {
  res.writeHead(e.status ?? 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: e.message, type: 'OAuthException', code: e.code, ...(e.subcode ? { error_subcode: e.subcode } : {}), fbtrace_id: 'Afake' + crypto.randomBytes(4).toString('hex') } }));
};

const json = (res: http.ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeGraph(opts: { pageId?: string; pageName?: string; token?: string } = {}): Promise<FakeGraph> {
  const pageId = opts.pageId ?? String(100_000_000_000_000 + crypto.randomInt(1_000_000_000));
  const files = new Map<string, { contentType: string; data: Buffer }>();
  const state: Omit<FakeGraph, 'url' | 'serveFile' | 'close'> = {
    pageId,
    otherPages: new Map(),
    pageName: opts.pageName ?? 'Cửa hàng Test',
    token: opts.token ?? 'EAAfakePageToken' + crypto.randomBytes(16).toString('hex'),
    sends: [],
    uploads: [],
    profileRequests: [],
    profiles: new Map(),
    failSends: [],
  };
  const prefix = `/${GRAPH_API_VERSION}/`;

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method === 'GET' && url.pathname.startsWith('/cdn/')) {
        const f = files.get(decodeURIComponent(url.pathname.slice(5)));
        if (!f) return graphError(res, { status: 404, code: 100, message: 'Not found' });
        res.writeHead(200, { 'content-type': f.contentType, 'content-length': String(f.data.length) });
        return res.end(f.data);
      }
      if (!url.pathname.startsWith(prefix)) return graphError(res, { code: 2635, message: `Unknown or missing API version (use ${GRAPH_API_VERSION})` });
      const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? url.searchParams.get('access_token') ?? '';
      if (auth !== state.token) return graphError(res, { status: 400, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
      const parts = url.pathname.slice(prefix.length).split('/');
      const body = await readBody(req);

      if (req.method === 'POST' && parts.length === 2 && parts[1] === 'messages') {
        if (parts[0] !== pageId && !state.otherPages.has(parts[0])) return graphError(res, { code: 100, message: 'Unsupported post request' });
        const fail = state.failSends.shift();
        if (fail) return graphError(res, fail);
        const parsed = JSON.parse(body.toString('utf8')) as FakeGraphSend['body'];
        if (!parsed.recipient?.id || !parsed.messaging_type) return graphError(res, { code: 100, message: '(#100) param recipient and messaging_type are required' });
        if (parsed.messaging_type === 'MESSAGE_TAG' && !parsed.tag) return graphError(res, { code: 100, message: '(#100) tag is required for MESSAGE_TAG' });
        if ((parsed.message?.text?.length ?? 0) > 2000) return graphError(res, { code: 100, message: '(#100) Length of param message[text] must be less than or equal to 2000' });
        if ((parsed.message?.quick_replies?.length ?? 0) > 13) return graphError(res, { code: 100, message: '(#100) param message[quick_replies] must have at most 13 elements' });
        const messageId = 'm_' + crypto.randomBytes(24).toString('base64url');
        state.sends.push({ pageId: parts[0], token: auth, body: parsed, messageId, at: Date.now() });
        return json(res, { recipient_id: parsed.recipient.id, message_id: messageId });
      }

      if (req.method === 'POST' && parts.length === 2 && parts[1] === 'message_attachments') {
        const form = await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
        const message = JSON.parse(String(form.get('message') ?? '{}')) as { attachment?: { type?: string } };
        const file = form.get('filedata');
        if (!message.attachment?.type || !file || typeof file === 'string') return graphError(res, { code: 100, message: '(#100) message and filedata are required' });
        const attachmentId = String(crypto.randomInt(1_000_000_000_000));
        state.uploads.push({ pageId, type: message.attachment.type, filename: file.name, contentType: file.type, data: Buffer.from(await file.arrayBuffer()), attachmentId });
        return json(res, { attachment_id: attachmentId });
      }

      if (req.method === 'GET' && parts.length === 1) {
        if (parts[0] === pageId) return json(res, { id: pageId, name: state.pageName });
        if (state.otherPages.has(parts[0])) return json(res, { id: parts[0], name: state.otherPages.get(parts[0]) });
        state.profileRequests.push(parts[0]);
        const p = state.profiles.get(parts[0]);
        if (!p) return graphError(res, { code: 100, subcode: 33, message: `Unsupported get request. Object with ID '${parts[0]}' does not exist` });
        return json(res, { ...p, id: parts[0] });
      }
      return graphError(res, { code: 100, message: 'Unsupported request' });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  // Like Facebook's servers, keep idle connections longer than clients do (a short keep-alive races the client's reuse).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    serveFile(name: string, contentType: string, data: Buffer) {
      files.set(name, { contentType, data });
      return `${url}/cdn/${encodeURIComponent(name)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
