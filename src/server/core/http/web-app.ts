import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A Host header fit to be written into a header value (anything else: the socket lines are left out). */
const PLAIN_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * The agents' app runs only our own bundles: no inline script (the Vite build has none), no eval, no
 * plugin; styles inline as Mantine sets them; images from us or made in the page (data:, blob:);
 * requests and the realtime socket to us only (ws/wss named too: older Safari does not count them
 * as 'self'); never framed (clickjacking). The widget bundle and its API are served elsewhere
 * (channels/webchat) and the survey page sends its own policy, so both keep working cross-origin.
 */
export function appPolicy(host: string | undefined): string {
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Security headers on the app's HTML pages (the shell); a page that set its own policy keeps it. */
function protectPage(req: FastifyRequest, reply: FastifyReply) {
  const type = String(reply.getHeader('content-type') ?? '');
  if (!type.startsWith('text/html') || reply.hasHeader('content-security-policy')) return;
  reply.header('Content-Security-Policy', appPolicy(req.headers.host));
  reply.header('X-Frame-Options', 'DENY');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'same-origin');
}

const notFound = (method: string, url: string) => ({ error: { id: 'route.not_found', message: `No route ${method} ${url.split('?')[0]}` } });

/**
 * Serves the built web app from `root` (dist/web): the Brotli/gzip copies made at build time when the
 * browser accepts them, hashed assets cached for a year (their name changes with their content), the
 * app shell never cached (so a new build is picked up at once), and the shell for client-side routes,
 * with the app's Content-Security-Policy and X-Frame-Options. Without a build (API tests), unknown
 * routes get the JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, root: string | undefined) {
  if (!root || !fs.existsSync(root)) {
    app.setNotFoundHandler((req, reply) => reply.status(404).send(notFound(req.method, req.url)));
    return;
  }
  // On the app's files only (this hook sees every response, so it is narrowed to pages outside /api).
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/')) protectPage(req, reply);
    return payload;
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(res, filePath) {
      const hashed = /[\\/]assets[\\/]/.test(filePath);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Client-side routing: any non-API GET that is not a file gets the app shell.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.header('Cache-Control', 'no-cache').type('text/html').sendFile('index.html');
    return reply.status(404).send(notFound(req.method, req.url));
  });
}
