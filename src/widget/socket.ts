import type { ServerFrame } from './types';

/** 1 s, 2 s, 4 s, 8 s, then 15 s at most (protocol). */
export function backoffMs(attempt: number): number {
  return Math.min(15_000, 1000 * 2 ** attempt);
}

/** No frame (the server pings every 25 s) for this long means a silently dead connection. */
const SILENCE_MS = 60_000;
/** A connection that lasted this long was a working one. */
const STABLE_MS = 10_000;

export interface SocketHandlers {
  /** Every (re)connect: the caller catches up with `after=<last seq>`. */
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  onConnectedChange(connected: boolean): void;
  /** A reconnect is scheduled (attempt counts from 0): while the socket cannot connect, the caller may poll. */
  onRetry?(attempt: number): void;
}

/** The visitor's WebSocket, reconnecting with backoff until stopped. */
export class VisitorSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private silence: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  connected = false;

  constructor(
    private url: () => string,
    private handlers: SocketHandlers,
  ) {}

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop() {
    this.stopped = true;
    removeEventListener('online', this.reconnectNow);
    clearTimeout(this.timer);
    clearTimeout(this.silence);
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.setConnected(false);
  }

  send(frame: object): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** The browser says the network is back: skip the rest of the backoff wait. */
  private reconnectNow = () => {
    if (this.stopped || this.connected) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  };

  private setConnected(v: boolean) {
    if (this.connected === v) return;
    this.connected = v;
    this.handlers.onConnectedChange(v);
  }

  private heard() {
    clearTimeout(this.silence);
    this.silence = setTimeout(() => this.ws?.close(), SILENCE_MS);
  }

  private connect() {
    if (this.stopped) return;
    const old = this.ws;
    if (old) {
      old.onclose = null;
      old.close();
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.schedule();
      return;
    }
    this.ws = ws;
    let openedAt = 0;
    ws.onopen = () => {
      openedAt = Date.now();
      this.heard();
      this.setConnected(true);
      this.handlers.onOpen();
    };
    ws.onmessage = (ev) => {
      this.heard();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (frame.type === 'ping') this.send({ type: 'pong' });
      this.handlers.onFrame(frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearTimeout(this.silence);
      this.setConnected(false);
      // Back off from scratch only after a connection that worked for a while; one refused right after
      // opening (server restarting, token rejected) keeps backing off instead of hammering.
      if (openedAt && Date.now() - openedAt > STABLE_MS) this.attempt = 0;
      this.schedule();
    };
  }

  private schedule() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.handlers.onRetry?.(this.attempt);
    this.timer = setTimeout(() => this.connect(), backoffMs(this.attempt++));
  }
}
