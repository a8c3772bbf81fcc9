import type { AppContext } from '../../../core/context.js';
import { visitorSockets, type VisitorFrame } from './sockets.js';
import { attachmentLinker, messageById, type WidgetMessage } from './widget-message.js';

/**
 * What reaches a visitor's open sockets, wherever they are: the visitor's widget may be connected to
 * any app instance, and the push may start on another (the reply's reaction runs on a worker). Each
 * push is done here at once and relayed to the other instances through the cluster bus (PostgreSQL
 * NOTIFY), which do the same for the sockets they hold.
 */
export type VisitorPush =
  /** A message of the visitor's stream, read per socket (attachment links carry that socket's token). */
  | { kind: 'message'; messageId: string; /** Already built, without attachments. */ known?: WidgetMessage }
  | { kind: 'frame'; frame: VisitorFrame };

const TOPIC = 'webchat.visitor';
type Relayed = { w: string; v: string; push: VisitorPush };

export async function pushToVisitor(ctx: AppContext, workspaceId: string, visitorId: string, push: VisitorPush) {
  // Only another instance can hold the visitor's other sockets: nothing to relay while this one is alone.
  ctx.realtime.cluster.publish(TOPIC, { w: workspaceId, v: visitorId, push } satisfies Relayed, { skipWhenAlone: true });
  await pushHere(ctx, workspaceId, visitorId, push);
}

async function pushHere(ctx: AppContext, workspaceId: string, visitorId: string, push: VisitorPush) {
  if (visitorSockets.count(visitorId) === 0) return;
  if (push.kind === 'frame') {
    await visitorSockets.push(visitorId, () => push.frame);
    return;
  }
  await visitorSockets.push(visitorId, async (s) => {
    if (push.known && push.known.attachments.length === 0) return { type: 'message', message: push.known };
    const message = await messageById(ctx.db, workspaceId, visitorId, push.messageId, attachmentLinker(s.base, s.key, s.token));
    return message && { type: 'message', message };
  });
}

const listening = new WeakSet<object>();

/** Pushes relayed by other instances reach this instance's visitor sockets (once per context). */
export function relayVisitorPushes(ctx: AppContext) {
  if (listening.has(ctx.realtime)) return;
  listening.add(ctx.realtime);
  ctx.realtime.cluster.subscribe(TOPIC, (p) => {
    const m = p as Relayed;
    pushHere(ctx, m.w, m.v, m.push).catch((err) => console.error('webchat: a relayed push failed', (err as Error).message));
  });
}
