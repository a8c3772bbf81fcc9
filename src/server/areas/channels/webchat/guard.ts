import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { sha256 } from '../../../core/lib/ids.js';
import { findAccountByAddress, type ChannelAccount } from '../../../core/channels/accounts.js';
import { WebchatAccountConfigSchema, type WebchatAccountConfig } from './account.js';
import type { VisitorRow } from './store.js';

export interface Widget {
  account: ChannelAccount;
  config: WebchatAccountConfig;
  /** Normalised allowed origins ("https://shop.vn"); empty = any. */
  origins: Set<string>;
}

export const widgetNotFound = () => new AppError(404, 'widget.not_found', 'This chat widget does not exist or is switched off');
export const tokenInvalid = () => new AppError(401, 'widget.visitor_token_invalid', 'The visitor token is missing or not valid for this widget; start a new session');

// Widget settings are read on every visitor request; a short cache keeps a busy widget off the
// database. A change of settings (or switching the widget off) takes effect within this time.
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; widget: Widget | null }>();

function originOf(value: string): string | null {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return null;
  }
}

/** The enabled widget behind a public key (cached briefly); 404 widget.not_found otherwise. */
export async function loadWidget(ctx: AppContext, key: string): Promise<Widget> {
  const hit = cache.get(key);
  let widget: Widget | null;
  if (hit && Date.now() - hit.at < CACHE_MS) widget = hit.widget;
  else {
    const account = key.length <= 100 ? await findAccountByAddress(ctx, 'webchat', key) : undefined;
    widget = null;
    if (account && account.status !== 'disabled') {
      const config = WebchatAccountConfigSchema.parse(account.config ?? {});
      const origins = new Set(config.allowedOrigins.map(originOf).filter((o): o is string => !!o));
      widget = { account, config, origins };
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { at: Date.now(), widget });
  }
  if (!widget) throw widgetNotFound();
  return widget;
}

/** Forget cached widgets (tests that change settings). */
export function clearWidgetCache() {
  cache.clear();
}

/**
 * Checks the Origin header against the widget's allowed origins and answers CORS for allowed ones
 * only. Requests without Origin (server-to-server, same-origin navigation) pass: CORS protects
 * browsers, and a non-browser client can send any Origin anyway.
 */
export function checkOrigin(req: FastifyRequest, reply: FastifyReply, widget: Widget) {
  const origin = req.headers.origin;
  if (!origin) return;
  const normalised = originOf(origin);
  if (widget.origins.size > 0 && (!normalised || !widget.origins.has(normalised))) {
    throw new AppError(403, 'widget.origin_not_allowed', `The website ${origin} is not allowed to embed this chat widget`);
  }
  reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Vary', 'Origin');
  reply.header('Access-Control-Allow-Headers', 'Content-Type, X-Visitor-Token');
  reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  reply.header('Access-Control-Max-Age', '600');
}

/** The visitor token of a request: header X-Visitor-Token, or ?token= (WebSocket, file links). */
export function visitorTokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers['x-visitor-token'];
  const fromHeader = Array.isArray(h) ? h[0] : h;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.token;
  const token = fromHeader || (typeof fromQuery === 'string' ? fromQuery : undefined);
  return token && token.length <= 200 ? token : undefined;
}

/** The visitor owning the token on this widget; 401 widget.visitor_token_invalid otherwise. */
export async function requireVisitor(ctx: AppContext, widget: Widget, token: string | undefined): Promise<VisitorRow> {
  if (!token) throw tokenInvalid();
  const v = await ctx.db.maybeOne<VisitorRow>(
    'SELECT * FROM webchat_visitors WHERE token_hash = $1 AND workspace_id = $2 AND account_id = $3',
    [sha256(token), widget.account.workspaceId, widget.account.id],
  );
  if (!v) throw tokenInvalid();
  return v;
}

/** The base URL visitors reach this server at (for attachment links inside the widget). */
export function publicBase(ctx: AppContext, req: FastifyRequest): string {
  if (ctx.env.PUBLIC_URL) return ctx.env.PUBLIC_URL.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}
