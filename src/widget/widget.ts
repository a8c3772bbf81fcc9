import { WidgetApiError, type WidgetApi } from './api';
import { h, icon } from './dom';
import { formatBytes, formatDateTime, textColorOn } from './format';
import { strings, type Strings } from './i18n';
import { MessageStore, type PendingMessage } from './message-store';
import { backoffMs, VisitorSocket } from './socket';
import { createStorage } from './storage';
import type { ConversationStatus, PreChatField, ServerFrame, SessionResponse, WidgetConfig, WidgetMessage } from './types';
import { uuid } from './uuid';
import { createComposer } from './ui/composer';
import { createForm, type FormField, type FormValues } from './ui/form';
import { messageView, pendingView } from './ui/thread';
import css from './styles.css?inline';

const TYPING_SEND_EVERY_MS = 2000;
const TYPING_SHOWN_MS = 6000;
const PAGE = 200;

type View = 'prechat' | 'offline-prechat' | 'composer' | 'offline-chat' | 'offline-thanks';

/** The chat bubble and panel inside a Shadow DOM root: state, rendering and the server conversation. */
export class ChatWidget {
  private t: Strings;
  private store = new MessageStore();
  private storage;
  private socket: VisitorSocket;
  private preChat: FormField[];

  private isOpen = false;
  private hasSession = false;
  private status: ConversationStatus | null = null;
  private online: boolean;
  private nextOpenAt: string | null;
  private offlineSent = false;
  private everConnected = false;
  private lastTypingSent = 0;
  private lastAcked = 0;
  private seenSeq: number;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private view: string = '';
  private composer: ReturnType<typeof createComposer> | undefined;
  /** Rendered confirmed messages, reused while the message object is unchanged (no image reloads). */
  private rendered = new Map<string, { m: WidgetMessage; el: HTMLElement }>();
  private focusComposer: (() => void) | null = null;
  private stickToBottom = true;

  private root: HTMLDivElement;
  private bubble: HTMLButtonElement;
  private badge: HTMLSpanElement;
  private panel: HTMLDivElement;
  private statusLine: HTMLParagraphElement;
  private endButton: HTMLButtonElement;
  private connection: HTMLParagraphElement;
  private scroller: HTMLDivElement;
  private thread: HTMLDivElement;
  private typing: HTMLDivElement;
  private slot: HTMLDivElement;
  private footer: HTMLDivElement;

  constructor(
    private cfg: WidgetConfig,
    private api: WidgetApi,
    shadow: ShadowRoot,
  ) {
    this.t = strings(cfg.language);
    this.storage = createStorage(cfg.key);
    this.online = cfg.online;
    this.nextOpenAt = cfg.nextOpenAt;
    this.seenSeq = this.storage.read().seenSeq ?? 0;
    this.preChat = (['name', 'phone', 'email'] as PreChatField[])
      .filter((f) => cfg.preChat[f] !== 'off')
      .map((f) => ({ name: f, required: cfg.preChat[f] === 'required' }));
    this.socket = new VisitorSocket(() => this.api.socketUrl(), {
      onOpen: () => void this.catchUp(),
      onFrame: (f) => this.onFrame(f),
      onConnectedChange: (c) => this.onConnectedChange(c),
      // The socket keeps failing (a proxy without WebSockets, a rejected token): fetch over HTTP
      // meanwhile, so messages still arrive and a 401 resets the session.
      onRetry: (attempt) => {
        if (attempt >= 2) void this.catchUp();
      },
    });

    const t = this.t;
    const titleId = 'tt-title';
    this.badge = h('span', { class: 'tt-badge', 'aria-hidden': 'true', hidden: true, 'data-testid': 'tt-badge' });
    this.bubble = h('button', { type: 'button', class: 'tt-bubble', 'aria-label': t.openChat, 'aria-expanded': 'false', 'aria-controls': 'tt-panel', 'data-testid': 'tt-bubble', onclick: () => (this.isOpen ? this.close() : this.open()) }, h('span', { class: 'tt-when-closed' }, icon('chat')), h('span', { class: 'tt-when-open' }, icon('close')), this.badge);
    this.statusLine = h('p', { class: 'tt-status' });
    this.endButton = h('button', { type: 'button', class: 'tt-icon-btn', 'aria-label': t.endChat, title: t.endChat, hidden: true, 'data-testid': 'tt-end', onclick: () => void this.endChat() }, icon('end'));
    this.connection = h('p', { class: 'tt-connection', role: 'status', hidden: true, 'data-testid': 'tt-reconnecting' }, t.reconnecting);
    this.thread = h('div', { class: 'tt-thread', role: 'log', 'aria-live': 'polite', 'aria-label': t.messages });
    this.typing = h('div', { class: 'tt-typing', 'aria-live': 'polite', 'data-testid': 'tt-typing' });
    this.slot = h('div', { class: 'tt-slot' });
    this.scroller = h('div', { class: 'tt-scroll' }, h('div', { class: 'tt-msg tt-theirs tt-greeting', 'data-testid': 'tt-greeting' }, h('div', { class: 'tt-author' }, cfg.businessName || cfg.title), h('div', { class: 'tt-text' }, cfg.greeting)), this.thread, this.typing, this.slot);
    // Follow new content while the visitor is at the bottom; leave them alone when they scrolled up to read.
    this.scroller.addEventListener('scroll', () => {
      const s = this.scroller;
      this.stickToBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 80;
    });
    // Pictures change the height when they arrive.
    this.scroller.addEventListener('load', () => this.stickToBottom && this.scrollToBottom(), true);
    this.footer = h('div', { class: 'tt-footer' });
    this.panel = h(
      'div',
      { id: 'tt-panel', class: 'tt-panel', role: 'dialog', 'aria-labelledby': titleId, hidden: true, 'data-testid': 'tt-panel' },
      h(
        'div',
        { class: 'tt-header' },
        h('div', { class: 'tt-heading' }, h('h2', { id: titleId }, cfg.title), this.statusLine),
        this.endButton,
        h('button', { type: 'button', class: 'tt-icon-btn', 'aria-label': t.closeChat, title: t.closeChat, 'data-testid': 'tt-close', onclick: () => this.close() }, icon('close')),
      ),
      this.connection,
      this.scroller,
      this.footer,
    );
    this.panel.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.stopPropagation();
        this.close();
      }
    });
    this.root = h('div', { class: `tt-root tt-${cfg.position === 'left' ? 'left' : 'right'}`, lang: cfg.language }, this.panel, this.bubble);
    this.root.style.setProperty('--tt-color', cfg.color);
    this.root.style.setProperty('--tt-on-color', textColorOn(cfg.color));
    // A constructed stylesheet where the browser has them (not blocked by a page's CSP style-src), else <style>.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(h('style', null, css));
    }
    shadow.append(this.root);
    document.addEventListener('visibilitychange', () => this.ack());
  }

  /** A returning visitor (token kept by the browser) continues their conversation. */
  async boot() {
    const token = this.storage.read().token;
    if (token) {
      try {
        this.adopt(await this.api.session({ visitorToken: token, pageUrl: location.href, locale: this.cfg.language }));
      } catch (err) {
        if (err instanceof WidgetApiError && err.retryable) {
          // Busy or unreachable right now (e.g. the per-address session limit on a shared office
          // connection): keep the token; the socket's catch-up loads the conversation.
          this.api.token = token;
          this.hasSession = true;
          this.socket.start();
        } else {
          // The form now asks for more than this visitor gave: start over with the form.
          this.storage.write({ token: undefined });
        }
      }
    }
    this.render();
  }

  open() {
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add('tt-open');
    this.bubble.setAttribute('aria-expanded', 'true');
    this.bubble.setAttribute('aria-label', this.t.closeChat);
    this.render();
    this.scrollToBottom();
    this.ack();
    const first = this.slot.querySelector<HTMLElement>('input, textarea');
    if (first) first.focus();
    else this.focusComposer?.();
  }

  close() {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove('tt-open');
    this.bubble.setAttribute('aria-expanded', 'false');
    this.renderBadge();
    this.bubble.focus();
  }

  // ---- session and server traffic ----

  private adopt(s: SessionResponse) {
    if (s.visitorToken !== this.storage.read().token) this.forgetVisitor();
    this.api.token = s.visitorToken;
    this.storage.write({ token: s.visitorToken });
    this.hasSession = true;
    this.store.merge(s.messages);
    this.status = s.conversation?.status ?? null;
    this.online = s.online;
    this.nextOpenAt = s.nextOpenAt;
    this.socket.start();
  }

  private async startSession(values: FormValues) {
    const stored = this.storage.read().token;
    this.adopt(
      await this.api.session({
        visitorToken: stored,
        name: values.name,
        phone: values.phone,
        email: values.email,
        pageUrl: location.href,
        locale: this.cfg.language,
      }),
    );
  }

  /** The server no longer knows the token (401): forget it and ask again. */
  private resetSession() {
    this.socket.stop();
    this.api.token = null;
    this.hasSession = false;
    this.storage.write({ token: undefined });
    this.forgetVisitor();
    this.render();
  }

  private forgetVisitor() {
    this.store.clearConfirmed();
    this.rendered.clear();
    this.seenSeq = 0;
    this.lastAcked = 0;
    this.status = null;
    this.storage.write({ seenSeq: 0 });
  }

  /** On every (re)connect: fetch what was missed, merge by id, resend failed sends (same clientId). */
  private async catchUp() {
    try {
      for (let page = 0; page < 50; page++) {
        const { messages } = await this.api.messagesAfter(this.store.lastSeq());
        this.store.merge(messages);
        if (messages.length < PAGE) break;
      }
    } catch (err) {
      if (err instanceof WidgetApiError && err.status === 401) return this.resetSession();
    }
    this.renderThread();
    this.ack();
    for (const p of this.store.retryable()) void this.submit(p);
  }

  private onFrame(f: ServerFrame) {
    if (f.type === 'message') {
      if (f.message.direction === 'agent') this.showTyping(undefined);
      if (f.message.direction !== 'system') this.status = 'open';
      if (this.store.merge([f.message])) this.render();
      this.ack();
    } else if (f.type === 'typing') {
      this.showTyping(f.name);
    } else if (f.type === 'status') {
      this.online = f.online;
      this.nextOpenAt = f.nextOpenAt;
      this.render();
    } else if (f.type === 'conversation') {
      this.status = f.status;
      this.render();
    }
  }

  private onConnectedChange(connected: boolean) {
    if (connected) this.everConnected = true;
    // Only a drop after a working connection is worth telling the visitor about.
    this.connection.hidden = connected || !this.everConnected;
  }

  private showTyping(name: string | null | undefined) {
    clearTimeout(this.typingTimer);
    if (name === undefined) {
      this.typing.textContent = '';
      return;
    }
    this.typing.textContent = name ? this.t.typingName(name) : this.t.typing;
    if (this.stickToBottom) this.scrollToBottom();
    this.typingTimer = setTimeout(() => this.showTyping(undefined), TYPING_SHOWN_MS);
  }

  private onVisitorTyping() {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    if (this.socket.send({ type: 'typing' })) this.lastTypingSent = now;
  }

  /** Agent messages now on screen: acknowledged (→ 'delivered') and no longer unread. */
  private ack() {
    if (!this.isOpen || document.visibilityState === 'hidden') return;
    const seq = this.store.lastAgentSeq();
    if (seq > this.seenSeq) {
      this.seenSeq = seq;
      this.storage.write({ seenSeq: seq });
    }
    if (seq > this.lastAcked && this.socket.send({ type: 'ack', seq })) this.lastAcked = seq;
    this.renderBadge();
  }

  private sendText(body: string) {
    void this.submit({ clientId: uuid(), body, attachments: [], createdAt: new Date().toISOString(), status: 'sending' });
  }

  private sendFile(file: File) {
    const reader = new FileReader();
    reader.onload = () => {
      const dataBase64 = String(reader.result).replace(/^data:[^,]*,/, '');
      void this.submit({
        clientId: uuid(),
        body: '',
        attachments: [{ filename: file.name, contentType: file.type || 'application/octet-stream', size: file.size, dataBase64 }],
        createdAt: new Date().toISOString(),
        status: 'sending',
      });
    };
    reader.readAsDataURL(file);
  }

  /**
   * Sends one message, shown at once. A retry reuses the clientId, so a send whose answer was lost
   * in a network drop is stored once by the server and shown once here.
   */
  private async submit(p: PendingMessage) {
    if (this.store.getPending(p.clientId)) this.store.updatePending(p.clientId, { status: 'sending', error: undefined });
    else this.store.addPending(p);
    this.renderThread();
    this.scrollToBottom();
    try {
      if (!this.hasSession) await this.startSession({});
      const { message } = await this.api.send({
        clientId: p.clientId,
        body: p.body,
        attachments: p.attachments.length ? p.attachments.map(({ filename, contentType, dataBase64 }) => ({ filename, contentType, dataBase64 })) : undefined,
      });
      this.store.removePending(p.clientId);
      this.store.merge([message]);
      this.status = 'open';
    } catch (err) {
      const e = err instanceof WidgetApiError ? err : new WidgetApiError(0, 'network', String(err));
      if (e.status === 401) this.resetSession();
      const attempts = (p.attempts ?? 0) + 1;
      // A used-up daily quota does not come back within the retries: say so once.
      const retryable = (e.retryable && e.id !== 'widget.upload_quota_exceeded') || e.status === 401;
      this.store.updatePending(p.clientId, { status: 'failed', error: this.sendError(e), retryable, attempts });
      // Try again by itself a few times (same clientId: the server stores it once); a reconnect also retries.
      if (retryable && attempts < 5) {
        setTimeout(() => {
          if (this.store.getPending(p.clientId)?.status === 'failed') void this.submit(p);
        }, backoffMs(attempts));
      }
    }
    this.render();
  }

  private sendError(e: WidgetApiError): string {
    const t = this.t;
    if (e.status === 413) return t.fileTooLarge(formatBytes(this.cfg.maxUploadBytes));
    if (e.status === 415) return t.fileTypeNotAllowed;
    if (e.id === 'widget.upload_quota_exceeded') return (e.details as { scope?: string } | undefined)?.scope === 'widget' ? t.uploadQuotaWidget : t.uploadQuotaVisitor;
    if (e.id === 'widget.uploads_busy') return t.uploadsBusy;
    if (e.status === 429) return t.rateLimited;
    if (e.retryable) return t.notSent;
    // Server messages are English; the visitor gets their own language.
    return t.genericError;
  }

  private async endChat() {
    try {
      await this.api.end();
      this.status = 'ended';
    } catch {
      /* nothing to undo: the chat simply stays open */
    }
    this.render();
  }

  // ---- rendering ----

  private currentView(): View {
    const needsForm = this.preChat.length > 0 && !this.hasSession;
    if (this.online) return needsForm ? 'prechat' : 'composer';
    if (this.offlineSent) return 'offline-thanks';
    return needsForm ? 'offline-prechat' : 'offline-chat';
  }

  private render() {
    const t = this.t;
    this.statusLine.textContent = this.online ? t.statusOnline : t.statusOffline;
    this.endButton.hidden = !(this.hasSession && this.status === 'open');
    const view = this.currentView();
    const key = `${view}|${this.nextOpenAt ?? ''}`;
    if (key !== this.view) {
      this.view = key;
      this.buildView(view);
    }
    this.renderThread();
  }

  private buildView(view: View) {
    const t = this.t;
    this.slot.replaceChildren();
    this.footer.replaceChildren();
    this.focusComposer = null;
    const offlineBanner = () =>
      h(
        'div',
        { class: 'tt-offline', 'data-testid': 'tt-offline' },
        h('strong', null, t.offlineTitle),
        h('p', null, this.nextOpenAt ? t.backAt(formatDateTime(this.nextOpenAt)) : t.backSoon),
      );
    if (view === 'prechat') {
      const form = createForm(t, {
        fields: this.preChat,
        intro: t.preChatIntro,
        submitLabel: t.start,
        testId: 'tt-prechat',
        onSubmit: async (values) => {
          await this.startSession(values);
          this.render();
          this.focusComposer?.();
        },
      });
      this.slot.append(form.el);
    } else if (view === 'composer') {
      // Built once, so a half-written message survives going offline and back.
      this.composer ??= createComposer(t, {
        allowedTypes: this.cfg.allowedFileTypes,
        maxBytes: this.cfg.maxUploadBytes,
        onSend: (body) => this.sendText(body),
        onFile: (file) => this.sendFile(file),
        onTyping: () => this.onVisitorTyping(),
      });
      this.focusComposer = this.composer.focus;
      this.footer.append(this.composer.el);
    } else if (view === 'offline-thanks') {
      const thanks = this.cfg.offlineEmail === false ? t.offlineThanksChat : t.offlineThanks;
      this.slot.append(offlineBanner(), h('p', { class: 'tt-thanks', role: 'status', 'data-testid': 'tt-offline-thanks' }, thanks));
    } else {
      // Out of hours: the pre-chat details (email now required when a mailbox can answer by email) or just
      // an email, plus the message. Without a mailbox the answer comes back here, so no email is demanded.
      const byEmail = this.cfg.offlineEmail !== false;
      const details = view === 'offline-prechat' ? this.preChat.filter((f) => f.name !== 'email') : [];
      const ownEmail = this.preChat.find((f) => f.name === 'email');
      const fields: FormField[] = byEmail
        ? [...details, { name: 'email', required: true }]
        : [...details, ...(view === 'offline-prechat' && ownEmail ? [ownEmail] : [])];
      const form = createForm(t, {
        fields: [...fields, { name: 'body', required: true }],
        intro: byEmail ? t.offlineAsk : t.offlineAskChat,
        submitLabel: t.offlineSend,
        testId: 'tt-offline-form',
        onSubmit: async (values) => {
          if (!this.hasSession) await this.startSession(values);
          await this.api.offline({ email: values.email || undefined, name: values.name, body: values.body! });
          this.offlineSent = true;
          this.render();
        },
      });
      this.slot.append(offlineBanner(), form.el);
    }
  }

  private renderThread() {
    const t = this.t;
    const absolute = (url: string) => this.api.absolute(url);
    const confirmed = this.store.confirmed().map((m) => {
      const hit = this.rendered.get(m.id);
      if (hit?.m === m) return hit.el;
      const el = messageView(m, t, absolute, { lang: this.cfg.language, answer: (token, body) => this.api.answerSurvey(token, body) });
      this.rendered.set(m.id, { m, el });
      return el;
    });
    const pending = this.store.pendingList().map((p) =>
      pendingView(p, t, {
        retry: (id) => {
          const msg = this.store.getPending(id);
          if (msg) void this.submit(msg);
        },
        remove: (id) => {
          this.store.removePending(id);
          this.renderThread();
        },
      }),
    );
    const ended = this.status === 'ended' || this.status === 'abandoned' ? h('div', { class: 'tt-msg tt-system', 'data-testid': 'tt-ended' }, t.ended) : null;
    this.thread.replaceChildren(...confirmed, ...pending, ...(ended ? [ended] : []));
    this.thread.hidden = !this.hasSession && !pending.length;
    if (this.stickToBottom) this.scrollToBottom();
    this.renderBadge();
  }

  private renderBadge() {
    const unread = this.isOpen ? 0 : this.store.unreadAfter(this.seenSeq);
    this.badge.textContent = unread > 9 ? '9+' : String(unread);
    this.badge.hidden = unread === 0;
    if (!this.isOpen) this.bubble.setAttribute('aria-label', unread ? `${this.t.openChat} (${this.t.unread(unread)})` : this.t.openChat);
  }

  private scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.stickToBottom = true;
  }
}
