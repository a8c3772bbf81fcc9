import WebSocket from 'ws';

/**
 * A JSON frame as received: the chat widget's ServerFrame or an agent realtime frame, depending on
 * the socket. The tests pick frames by their `type` and read their fields directly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- two protocols; its readers (webchat-live and realtime tests) index frames without narrowing
export type Frame = any;

/** A connected socket that records every JSON frame it receives. */
export async function connectSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const received: Frame[] = [];
  const waiters: { pred: (m: Frame) => boolean; resolve: (m: Frame) => void }[] = [];
  ws.on('message', (raw) => {
    const m: Frame = JSON.parse(raw.toString());
    received.push(m);
    for (const w of [...waiters]) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (pred: (m: Frame) => boolean, ms = 5000) =>
    new Promise<Frame>((resolve, reject) => {
      const hit = received.find(pred);
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error('timed out waiting for a socket frame')), ms);
      waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      ws.once('close', () => resolve());
      ws.close();
    });
  return { ws, received, next, close, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}
