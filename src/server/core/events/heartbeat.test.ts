import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import WebSocket from 'ws';
import { createRealtime } from './realtime.js';
import type { AppContext } from '../context.js';
import { realtimeRoutes } from './realtime.routes.js';

// The heartbeat alone, with a short period and a fixed actor: no database needed.
describe('realtime heartbeat', () => {
  let app: FastifyInstance;
  let url: string;
  const ctx = { realtime: createRealtime(), env: { PUBLIC_URL: undefined } } as unknown as AppContext;
  beforeAll(async () => {
    app = Fastify();
    await app.register(websocket);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (req) => {
      req.actor = { kind: 'user', id: '11111111-1111-4111-8111-111111111111', workspaceId: '22222222-2222-4222-8222-222222222222', role: 'agent', name: 'A' };
    });
    await app.register(realtimeRoutes(ctx, { heartbeatMs: 60 }), { prefix: '/api' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    url = `ws://127.0.0.1:${addr.port}/api/ws`;
  });
  afterAll(() => app.close());

  const open = (opts: WebSocket.ClientOptions) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, opts);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });

  it('pings a live client and keeps it', async () => {
    const ws = await open({});
    let pings = 0;
    ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 400));
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('drops a client that stops answering pings, and forgets it', async () => {
    const ws = await open({ autoPong: false });
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(ctx.realtime.clientCount()).toBe(0);
  });
});
