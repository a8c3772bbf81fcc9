import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../context.js';
import type { RealtimeClient } from './realtime.js';
import { actorOf } from '../http/auth.js';
import { requireOwnOrigin } from '../http/origin.js';
import { RealtimeClientMessageSchema } from '../../../shared/tickets.js';

export const HEARTBEAT_MS = 30_000;
const MAX_TOPICS = 500;
const TOPIC = /^(inbox|alerts|(ticket|customer):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * GET /api/ws: live updates for the agents' app. The auth hooks have already resolved the session
 * cookie on the upgrade request and checked the route's action. The socket receives committed
 * events of its own workspace whose topics it subscribed to; the workspace filter lives in
 * ctx.realtime, so a topic naming another workspace's ticket simply never matches.
 */
export const realtimeRoutes = (ctx: AppContext, opts: { heartbeatMs?: number } = {}) => async (app: FastifyInstance) => {
  // Browsers send cookies with a WebSocket opened by any site, and CORS does not apply: the Origin check is ours.
  const sameOrigin = async (req: FastifyRequest) => requireOwnOrigin(req, ctx.env.PUBLIC_URL);
  app.get('/ws', { websocket: true, config: { action: 'tickets:read' }, preHandler: sameOrigin, schema: { tags: ['realtime'], summary: 'WebSocket: {type:"subscribe", topics:["inbox","ticket:<id>","customer:<id>"]}' } }, (socket: WebSocket, req) => {
    const actor = actorOf(req);
    const send = (payload: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
    };
    const client: RealtimeClient = { workspaceId: actor.workspaceId, userId: actor.id, topics: new Set(), send };
    const remove = ctx.realtime.add(client);

    // A peer that misses a whole heartbeat period without answering a ping is gone (laptop lid closed).
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();

    socket.on('message', (raw) => {
      let parsed;
      try {
        parsed = RealtimeClientMessageSchema.safeParse(JSON.parse(raw.toString()));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        send({ type: 'error', error: { id: 'realtime.invalid_message', message: 'Send {"type":"subscribe"|"unsubscribe","topics":[…]}' } });
        return;
      }
      const { type, topics } = parsed.data;
      const bad = topics.filter((t) => !TOPIC.test(t));
      const good = topics.filter((t) => TOPIC.test(t)).map((t) => t.toLowerCase());
      if (type === 'subscribe') for (const t of good) if (client.topics.size < MAX_TOPICS) client.topics.add(t);
      if (type === 'unsubscribe') for (const t of good) client.topics.delete(t);
      send({ type: type === 'subscribe' ? 'subscribed' : 'unsubscribed', topics: [...client.topics], rejected: bad });
    });

    socket.on('close', () => {
      clearInterval(heartbeat);
      remove();
    });
    send({ type: 'hello', userId: actor.id });
  });
};
