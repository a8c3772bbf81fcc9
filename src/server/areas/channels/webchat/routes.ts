import { attachmentBytes, type StoredBytes } from '../../../core/storage/index.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { newId, newSecret, sha256 } from '../../../core/lib/ids.js';
import { normalizePhone } from '../../../core/lib/phone.js';
import { normalizeEmail } from '../../customers/index.js';
import { contentDisposition } from '../../../core/http/content-disposition.js';
import { loggableError } from '../../../core/http/text-safety.js';
import multipart from '@fastify/multipart';
import type { NewAttachment } from '../../tickets/index.js';
import { ALLOWED_FILE_TYPES, decodeWidgetAttachments, MAX_WIDGET_ATTACHMENTS } from './attachments.js';
import { assertQuotaLeft, readMultipartMessage, reserveUploadBytes, UploadGate, uploadLimitsFrom, type UploadLimits } from './uploads.js';
import { cachedAvailability, workspaceAvailability } from './availability.js';
import { acknowledge, endByVisitor, postVisitorMessage, visitorBack, visitorLeft } from './chat.js';
import { checkOrigin, loadWidget, publicBase, requireVisitor, visitorTokenOf, type Widget } from './guard.js';
import { publishVisitorTyping, pushConversationStatus, pushMessage } from './live.js';
import { visitorSockets, type VisitorFrame } from './sockets.js';
import { latestConversation, openConversation, type VisitorRow } from './store.js';
import { attachmentLinker, latestMessages, messageById, messagesAfter, type WidgetMessage } from './widget-message.js';

export const PING_MS = 25_000;
const MB = 1024 * 1024;
/** A JSON message: text, or small inline files from older widgets (larger files go to /files, streamed). */
const JSON_MESSAGE_LIMIT = 512 * 1024;
const widgetJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../dist/widget/widget.js');

/** Per-request state of the visitor routes (resolved once in the onRequest hook). */
const resolved = new WeakMap<FastifyRequest, Widget>();
const widgetOf = (req: FastifyRequest) => resolved.get(req)!;
/** The visitor of a WebSocket request, checked in its preValidation hook. */
const socketVisitors = new WeakMap<FastifyRequest, VisitorRow>();

const rateLimited = () => new AppError(429, 'widget.rate_limited', 'Too many requests from this chat; wait a few seconds and try again');

/** An onRequest hook limiting requests per key (client address or visitor token). */
function limiter(app: FastifyInstance, name: string, max: number, timeWindow: string, key: (req: FastifyRequest) => string | undefined) {
  const check = app.createRateLimit({ max, timeWindow, keyGenerator: (req) => `wc-${name}:${key(req)}` });
  return async (req: FastifyRequest) => {
    if (req.method === 'OPTIONS' || key(req) === undefined) return;
    const r = await check(req);
    if (!r.isAllowed && r.isExceeded) throw rateLimited();
  };
}

/** Whether the workspace can answer a message left out of hours by email: an enabled mailbox that sends (SMTP). */
async function canAnswerByEmail(ctx: AppContext, workspaceId: string) {
  const row = await ctx.db.one<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM channel_accounts WHERE workspace_id = $1 AND kind = 'email' AND enabled AND config ? 'smtp') AS ok`,
    [workspaceId],
  );
  return row.ok;
}
const badField = (field: string, message: string) => new AppError(400, 'validation.failed', `Invalid ${field}: ${message}`, [{ path: field, message }]);

const keyParams = z.object({ key: z.string().min(1).max(100) });
const SessionBody = z.object({
  visitorToken: z.string().max(200).optional(),
  name: z.string().trim().max(120).optional(),
  phone: z.string().trim().max(40).optional(),
  email: z.string().trim().max(254).optional(),
  pageUrl: z.string().max(2000).optional(),
  locale: z.string().max(20).optional(),
});
const AttachmentIn = z.object({ filename: z.string().trim().min(1).max(255), contentType: z.string().min(1).max(200), dataBase64: z.string() });
const MessageBody = z.object({ clientId: z.uuid(), body: z.string().max(5000), attachments: z.array(AttachmentIn).max(3).optional() });
const OfflineBody = z.object({ email: z.string().trim().max(254).optional(), name: z.string().trim().max(120).optional(), body: z.string().trim().min(1).max(5000) });
const VisitorFrameIn = z.discriminatedUnion('type', [
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('ack'), seq: z.number().int().min(0) }),
  z.object({ type: z.literal('pong') }),
]);

/**
 * The chat widget's public API under /api/widget/:key (webchat protocol, notes/webchat-protocol.md).
 * Every request: the widget key must name an enabled widget (404), its Origin must be allowed (403,
 * CORS headers only for allowed origins), per-address budget; visitor routes also need the visitor
 * token, which reads and writes only its own visitor's messages.
 */
export const widgetRoutes = (ctx: AppContext, opts: { pingMs?: number; uploadLimits?: UploadLimits } = {}): FastifyPluginAsyncZod => async (app) => {
  // The address budget comes first, so guessing widget keys costs the guesser too.
  const perIp = limiter(app, 'ip', 600, '1 minute', (req) => req.ip);
  app.addHook('onRequest', perIp);
  app.addHook('onRequest', async (req, reply) => {
    const key = (req.params as { key?: string }).key;
    if (!key) return;
    const widget = await loadWidget(ctx, key);
    checkOrigin(req, reply, widget);
    resolved.set(req, widget);
  });
  const sessionsPerIp = limiter(app, 'sessions', 10, '1 minute', (req) => req.ip);
  const messagesPerToken = limiter(app, 'msg-token', 20, '10 seconds', (req) => visitorTokenOf(req));
  const messagesPerIp = limiter(app, 'msg-ip', 60, '10 seconds', (req) => req.ip);
  const typingPerToken = limiter(app, 'typing-token', 60, '1 minute', (req) => visitorTokenOf(req));
  const offlinePerToken = limiter(app, 'offline-token', 5, '1 minute', (req) => visitorTokenOf(req) ?? req.ip);
  // Files cost far more than text: a stricter budget of their own, per visitor and per address.
  const uploadsPerToken = limiter(app, 'upload-token', 10, '10 minutes', (req) => visitorTokenOf(req));
  const uploadsPerIp = limiter(app, 'upload-ip', 30, '10 minutes', (req) => req.ip);
  const uploadLimits = opts.uploadLimits ?? uploadLimitsFrom(ctx.env);
  const uploadGate = new UploadGate(uploadLimits.concurrency);
  // Multipart bodies are read only by the /files handler, as a stream (this plugin's scope only).
  await app.register(multipart, { limits: { fileSize: 10 * MB, files: MAX_WIDGET_ATTACHMENTS, parts: 8 } });

  const base = { public: true } as const;
  const visitor = (req: FastifyRequest) => requireVisitor(ctx, widgetOf(req), visitorTokenOf(req));
  const linkFor = (req: FastifyRequest, token: string) => attachmentLinker(publicBase(ctx, req), widgetOf(req).account.address, token);

  // CORS preflight for every visitor route.
  app.options('/widget/:key/*', { config: base, schema: { hide: true } }, async (_req, reply) => reply.status(204).send());

  app.get('/widget/:key/config', { config: base, schema: { tags: ['widget'], summary: 'Widget settings and availability (public)', params: keyParams } }, async (req) => {
    const w = widgetOf(req);
    const [avail, ws, mailbox] = await Promise.all([
      workspaceAvailability(ctx.db, w.account.workspaceId),
      ctx.db.one<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [w.account.workspaceId]),
      canAnswerByEmail(ctx, w.account.workspaceId),
    ]);
    return {
      key: w.account.address,
      title: w.config.title,
      greeting: w.config.greeting,
      color: w.config.color,
      language: w.config.language,
      position: w.config.position,
      preChat: w.config.preChat,
      online: avail.online,
      nextOpenAt: avail.nextOpenAt,
      businessName: ws.name,
      maxUploadBytes: w.config.maxUploadMb * MB,
      allowedFileTypes: [...ALLOWED_FILE_TYPES],
      offlineEmail: mailbox,
    };
  });

  app.post(
    '/widget/:key/sessions',
    { config: base, bodyLimit: 16 * 1024, schema: { tags: ['widget'], summary: 'Start or resume a visitor session (public)', params: keyParams, body: SessionBody } },
    async (req) => {
      const w = widgetOf(req);
      const ws = w.account.workspaceId;
      const b = req.body;
      const phone = b.phone ? normalizePhone(b.phone) : undefined;
      if (b.phone && !phone) throw badField('phone', `"${b.phone}" is not a valid phone number`);
      const email = b.email ? normalizeEmail(b.email) : undefined;
      if (b.email && !email) throw badField('email', `"${b.email}" is not a valid email address`);
      let existing: VisitorRow | undefined;
      if (b.visitorToken) existing = await requireVisitor(ctx, w, b.visitorToken).catch(() => undefined);
      const merged = { name: b.name || existing?.name || null, phone: phone ?? existing?.phone ?? null, email: email ?? existing?.email ?? null };
      for (const field of ['name', 'phone', 'email'] as const) {
        if (w.config.preChat[field] === 'required' && !merged[field]) {
          throw new AppError(400, 'widget.prechat_required', `Please fill in your ${field} to start the chat`, { field });
        }
      }
      let token = b.visitorToken ?? '';
      let v: VisitorRow;
      if (existing) {
        v = await ctx.db.one<VisitorRow>(
          `UPDATE webchat_visitors SET name = $3, phone = $4, email = $5, page_url = coalesce($6, page_url), locale = coalesce($7, locale), last_seen_at = now()
           WHERE workspace_id = $1 AND id = $2 RETURNING *`,
          [ws, existing.id, merged.name, merged.phone, merged.email, b.pageUrl ?? null, b.locale ?? null],
        );
      } else {
        // Only new visitors count against this budget: a returning visitor resumes on every page load.
        await sessionsPerIp(req);
        token = `wv_${newSecret(24)}`;
        v = await ctx.db.one<VisitorRow>(
          `INSERT INTO webchat_visitors (id, workspace_id, account_id, token_hash, name, phone, email, page_url, locale)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [newId(), ws, w.account.id, sha256(token), merged.name, merged.phone, merged.email, b.pageUrl ?? null, b.locale ?? null],
        );
      }
      const [chat, messages, avail] = await Promise.all([
        latestConversation(ctx.db, ws, v.id),
        latestMessages(ctx.db, ws, v.id, linkFor(req, token)),
        workspaceAvailability(ctx.db, ws),
      ]);
      return {
        visitorToken: token,
        visitor: { id: v.id, name: v.name },
        conversation: chat ? { id: chat.id, status: chat.status } : null,
        messages,
        online: avail.online,
        nextOpenAt: avail.nextOpenAt,
      };
    },
  );

  app.get(
    '/widget/:key/messages',
    { config: base, logLevel: 'warn', schema: { tags: ['widget'], summary: "The visitor's messages after a seq (public, visitor token)", params: keyParams, querystring: z.object({ after: z.coerce.number().int().min(0).default(0), token: z.string().optional() }) } },
    async (req) => {
      const v = await visitor(req);
      return { messages: await messagesAfter(ctx.db, v.workspace_id, v.id, req.query.after, linkFor(req, visitorTokenOf(req)!)) };
    },
  );

  /** Files the message (idempotent on clientId) and answers it as the visitor's stream shows it. */
  const fileMessage = async (req: FastifyRequest, reply: FastifyReply, v: VisitorRow, input: { clientId: string; body: string; attachments: NewAttachment[] }) => {
    const w = widgetOf(req);
    const link = linkFor(req, visitorTokenOf(req)!);
    if (!input.body.trim() && input.attachments.length === 0) throw badField('body', 'write a message or attach a file');
    const r = await postVisitorMessage(ctx, w, v, { clientId: input.clientId, body: input.body, attachments: input.attachments, pageUrl: v.page_url });
    // A new text message is known in full without reading it back (the common case, kept cheap).
    const known: WidgetMessage | undefined =
      r.createdAt && input.attachments.length === 0
        ? { id: r.messageId, seq: r.seq, direction: 'visitor', body: input.body, authorName: v.name, attachments: [], createdAt: r.createdAt.toISOString(), clientId: input.clientId }
        : undefined;
    // Other tabs of the same visitor show it too.
    await pushMessage(ctx, v.workspace_id, v.id, r.messageId, { known });
    return reply.status(r.duplicate ? 200 : 201).send({ message: known ?? (await messageById(ctx.db, v.workspace_id, v.id, r.messageId, link)) });
  };
  const alreadySent = async (req: FastifyRequest, reply: FastifyReply, v: VisitorRow, clientId: string) => {
    const again = await ctx.db.maybeOne<{ message_id: string }>('SELECT message_id FROM webchat_messages WHERE workspace_id = $1 AND visitor_id = $2 AND client_id = $3', [v.workspace_id, v.id, clientId]);
    return again ? reply.status(200).send({ message: await messageById(ctx.db, v.workspace_id, v.id, again.message_id, linkFor(req, visitorTokenOf(req)!)) }) : undefined;
  };
  const usageKey = (v: VisitorRow) => ({ workspaceId: v.workspace_id, accountId: v.account_id, visitorId: v.id });

  app.post(
    '/widget/:key/messages',
    {
      config: base,
      // Text, and small files inline as base64 (older widgets); files go to /files as a stream.
      bodyLimit: JSON_MESSAGE_LIMIT,
      onRequest: [messagesPerToken, messagesPerIp],
      schema: { tags: ['widget'], summary: 'The visitor writes (public, visitor token; idempotent on clientId)', params: keyParams, body: MessageBody },
    },
    async (req, reply) => {
      const w = widgetOf(req);
      const v = await visitor(req);
      const sent = await alreadySent(req, reply, v, req.body.clientId);
      if (sent) return sent;
      const attachments = decodeWidgetAttachments(req.body.attachments, w.config.maxUploadMb * MB);
      if (attachments.length > 0) {
        await Promise.all([uploadsPerToken(req), uploadsPerIp(req)]);
        await reserveUploadBytes(ctx.db, usageKey(v), attachments.reduce((n, a) => n + a.data.length, 0), uploadLimits);
      }
      return fileMessage(req, reply, v, { clientId: req.body.clientId, body: req.body.body, attachments });
    },
  );

  app.post(
    '/widget/:key/files',
    {
      config: base,
      onRequest: [messagesPerToken, messagesPerIp, uploadsPerToken, uploadsPerIp],
      schema: {
        tags: ['widget'],
        summary: 'The visitor sends files (multipart/form-data: clientId, body, then up to 3 files; streamed with a size cap; daily quotas) (public, visitor token)',
        params: keyParams,
      },
    },
    async (req, reply) => {
      const w = widgetOf(req);
      const v = await visitor(req);
      if (!req.isMultipart()) throw new AppError(415, 'request.unsupported_media_type', 'Send the files as multipart/form-data');
      const maxBytes = w.config.maxUploadMb * MB;
      // Refused before a byte of the body is read: a declared size beyond 3 files, a used-up quota, a full gate.
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_WIDGET_ATTACHMENTS * maxBytes + 64 * 1024) throw new AppError(413, 'attachment.too_large', `Files are larger than ${w.config.maxUploadMb} MB`, { maxBytes });
      await assertQuotaLeft(ctx.db, { accountId: v.account_id, visitorId: v.id }, uploadLimits);
      const release = uploadGate.acquire(v.id);
      try {
        const m = await readMultipartMessage(req, maxBytes, (bytes) => reserveUploadBytes(ctx.db, usageKey(v), bytes, uploadLimits));
        const sent = await alreadySent(req, reply, v, m.clientId);
        if (sent) return sent;
        return await fileMessage(req, reply, v, m);
      } finally {
        release();
      }
    },
  );

  app.get(
    '/widget/:key/attachments/:id',
    { config: base, logLevel: 'warn', schema: { tags: ['widget'], summary: "A file of the visitor's own conversation (public, ?token=)", params: keyParams.extend({ id: z.uuid() }), querystring: z.object({ token: z.string().optional() }) } },
    async (req, reply) => {
      const v = await visitor(req);
      const f = await ctx.db.maybeOne<{ filename: string; content_type: string } & StoredBytes>(
        `SELECT a.filename, a.content_type, a.data, a.stored_in, a.storage_key FROM attachments a
         JOIN webchat_messages wm ON wm.message_id = a.message_id
         WHERE a.workspace_id = $1 AND a.id = $2 AND wm.visitor_id = $3`,
        [v.workspace_id, req.params.id, v.id],
      );
      if (!f) throw new AppError(404, 'attachment.not_found', 'This file does not exist in your conversation');
      const inline = /^image\/(jpeg|png|gif|webp)$/.test(f.content_type);
      return reply
        .header('Content-Type', f.content_type)
        .header('Content-Disposition', inline ? contentDisposition(f.filename).replace(/^attachment/, 'inline') : contentDisposition(f.filename))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'")
        .header('Cache-Control', 'private, max-age=3600')
        .send(await attachmentBytes(f));
    },
  );

  app.post(
    '/widget/:key/offline',
    { config: base, bodyLimit: 64 * 1024, onRequest: offlinePerToken, schema: { tags: ['widget'], summary: 'Leave a message and an email outside business hours (public, visitor token)', params: keyParams, body: OfflineBody } },
    async (req, reply) => {
      const w = widgetOf(req);
      let v = await visitor(req);
      // An email is asked only when a mailbox can answer by email; otherwise the answer comes in the chat.
      const given = req.body.email?.trim() ?? '';
      const email = given ? normalizeEmail(given) : null;
      if (given && !email) throw badField('email', `"${given}" is not a valid email address`);
      if (!given && (await canAnswerByEmail(ctx, w.account.workspaceId))) throw badField('email', 'an email is required to answer outside business hours');
      v = await ctx.db.one<VisitorRow>(
        'UPDATE webchat_visitors SET email = coalesce($3, email), name = coalesce(nullif($4, \'\'), name), last_seen_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *',
        [v.workspace_id, v.id, email, req.body.name ?? null],
      );
      const r = await postVisitorMessage(ctx, w, v, { clientId: newId(), body: req.body.body, attachments: [], offline: true, pageUrl: v.page_url });
      await pushMessage(ctx, v.workspace_id, v.id, r.messageId);
      return reply.status(201).send({ ok: true });
    },
  );

  app.post('/widget/:key/end', { config: base, bodyLimit: 1024, schema: { tags: ['widget'], summary: 'The visitor ends the chat (public, visitor token)', params: keyParams } }, async (req) => {
    const v = await visitor(req);
    const chat = await endByVisitor(ctx, widgetOf(req), v);
    if (chat) await pushConversationStatus(ctx, chat);
    return { conversation: chat ? { id: chat.id, status: chat.status } : null };
  });

  app.post(
    '/widget/:key/typing',
    { config: base, bodyLimit: 1024, onRequest: typingPerToken, schema: { tags: ['widget'], summary: 'The visitor is typing (public, visitor token)', params: keyParams } },
    async (req, reply) => {
      const v = await visitor(req);
      const chat = await openConversation(ctx.db, v.workspace_id, v.id);
      if (chat) publishVisitorTyping(ctx, v.workspace_id, chat.ticket_id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/widget/:key/ws',
    {
      config: base,
      // The URL carries the visitor token (?token=): keep it out of the info-level request log.
      logLevel: 'warn',
      websocket: true,
      schema: { tags: ['widget'], summary: 'WebSocket of a visitor (public, ?token=)', params: keyParams, querystring: z.object({ token: z.string().optional() }) },
      preValidation: async (req) => {
        socketVisitors.set(req, await visitor(req));
      },
    },
    (socket: WebSocket, req) => handleSocket(ctx, socket, req, opts.pingMs ?? PING_MS),
  );
};

function handleSocket(ctx: AppContext, socket: WebSocket, req: FastifyRequest, pingMs: number) {
  const v = socketVisitors.get(req)!;
  const w = widgetOf(req);
  const token = visitorTokenOf(req)!;
  const send = (frame: VisitorFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const remove = visitorSockets.add({ visitorId: v.id, workspaceId: v.workspace_id, key: w.account.address, token, base: publicBase(ctx, req), send });
  const fail = (err: unknown) => req.log.error({ err: loggableError(err) }, 'webchat socket');
  visitorBack(ctx, v).catch(fail);
  // The team's availability at connect, and again whenever it changes (opening or closing time).
  let status = '';
  const sendStatus = (a: { online: boolean; nextOpenAt: string | null }) => {
    const now = JSON.stringify(a);
    if (now === status) return;
    status = now;
    send({ type: 'status', online: a.online, nextOpenAt: a.nextOpenAt });
  };
  workspaceAvailability(ctx.db, v.workspace_id).then(sendStatus).catch(fail);

  // A peer that answers neither our JSON ping nor the protocol-level ping within a period is gone.
  let alive = true;
  socket.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    send({ type: 'ping' });
    socket.ping();
    cachedAvailability(ctx.db, v.workspace_id).then(sendStatus).catch(fail);
  }, pingMs);
  heartbeat.unref();

  let lastTyping = 0;
  socket.on('message', (raw) => {
    alive = true;
    let frame;
    try {
      frame = VisitorFrameIn.safeParse(JSON.parse(raw.toString()));
    } catch {
      frame = undefined;
    }
    if (!frame?.success) return;
    const f = frame.data;
    if (f.type === 'ack') acknowledge(ctx, v, f.seq).catch(fail);
    if (f.type === 'typing' && Date.now() - lastTyping > 1000) {
      lastTyping = Date.now();
      openConversation(ctx.db, v.workspace_id, v.id)
        .then((chat) => chat && publishVisitorTyping(ctx, v.workspace_id, chat.ticket_id))
        .catch(fail);
    }
  });
  socket.on('close', () => {
    clearInterval(heartbeat);
    if (remove() === 0) visitorLeft(ctx, v).catch(fail);
  });
}

/** GET /widget.js: the widget bundle, built separately (vite.widget.config.ts) into dist/widget. */
export async function widgetScriptRoute(app: FastifyInstance) {
  let cached: { mtimeMs: number; body: Buffer } | undefined;
  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, async (_req, reply: FastifyReply) => {
    let stat;
    try {
      stat = await fs.stat(widgetJs);
    } catch {
      throw new AppError(404, 'widget.bundle_missing', 'The chat widget bundle is not built; run `npx vite build --config vite.widget.config.ts`');
    }
    if (!cached || cached.mtimeMs !== stat.mtimeMs) cached = { mtimeMs: stat.mtimeMs, body: await fs.readFile(widgetJs) };
    return reply
      .header('Content-Type', 'application/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300')
      .header('Access-Control-Allow-Origin', '*')
      .send(cached.body);
  });
}
