import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Whether a browser request comes from one of this app's own pages. A browser names the page that
 * sent a cross-site request in Origin (or at least Referer), and a page cannot forge it; allowed are
 * PUBLIC_URL's origin and the host the request itself was sent to (the app opened by another name,
 * e.g. its LAN address; the scheme is not compared, TLS may end at a proxy). Without either header
 * the caller is no browser form or socket (curl, an integration): cookies alone guard it, as before.
 */
export function isOwnOrigin(req: FastifyRequest, publicUrl: string | undefined): boolean {
  const claimed = req.headers.origin ?? req.headers.referer;
  if (claimed === undefined) return true;
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything unreadable
  }
  if (publicUrl && url.origin === new URL(publicUrl).origin) return true;
  return withoutDefaultPort(url.host) === withoutDefaultPort(req.host);
}

/** URL drops :80/:443 from an origin; a Host header may still carry them. */
const withoutDefaultPort = (host: string) => host.toLowerCase().replace(/:(80|443)$/, '');

const crossSite = (publicUrl: string | undefined) =>
  new AppError(403, 'request.cross_site', `This request came from another website. Open the app${publicUrl ? ` at ${publicUrl}` : ''} and try again`);

/** Throws 403 request.cross_site unless isOwnOrigin. */
export function requireOwnOrigin(req: FastifyRequest, publicUrl: string | undefined): void {
  if (!isOwnOrigin(req, publicUrl)) throw crossSite(publicUrl);
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard for cookie sessions. A page on another site (or a sibling
 * subdomain, which SameSite=Lax does not stop) can make the browser send a form — text/plain,
 * urlencoded, multipart — or a body-less POST with the agent's cookie, but never application/json
 * (that needs a CORS preflight we do not answer). So a state-changing, cookie-authenticated request
 * whose body is not JSON must come from our own pages. API tokens are not sent by browsers on their
 * own: exempt.
 */
export function needsOriginCheck(req: FastifyRequest, viaCookie: boolean): boolean {
  if (!viaCookie || !STATE_CHANGING.has(req.method)) return false;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type !== 'application/json';
}
