import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const notFound = (method: string, url: string) => ({ error: { id: 'route.not_found', message: `No route ${method} ${url.split('?')[0]}` } });

/**
 * Serves the built web app from `root` (dist/web): the Brotli/gzip copies made at build time when the
 * browser accepts them, hashed assets cached for a year (their name changes with their content), the
 * app shell never cached (so a new build is picked up at once), and the shell for client-side routes.
 * Without a build (API tests), unknown routes get the JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, root: string | undefined) {
  if (!root || !fs.existsSync(root)) {
    app.setNotFoundHandler((req, reply) => reply.status(404).send(notFound(req.method, req.url)));
    return;
  }
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
