import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local S3-compatible server speaking the documented REST contract the app uses, path-style
 * (`/<bucket>/<key>`): PutObject (PUT, 200 + ETag), GetObject (GET, 200 with the bytes and their
 * Content-Type, or 404 NoSuchKey XML), DeleteObject (DELETE, 204 whether or not the key existed).
 * Requests must be SigV4-signed (an Authorization header naming the access key); one bucket exists.
 */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  objects: Map<string, { data: Buffer; contentType: string }>;
  requests: { method: string; key: string }[];
  close(): Promise<void>;
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(bucket = 'tantam-test', accessKeyId = 'test-access-key'): Promise<FakeS3> {
  const objects = new Map<string, { data: Buffer; contentType: string }>();
  const requests: { method: string; key: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://s3.local');
      const [, b, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const fail = (status: number, code: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' }).end(req.method === 'HEAD' ? undefined : xmlError(code, message));
      };
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !auth.includes(`Credential=${accessKeyId}/`)) return fail(403, 'AccessDenied', 'Unsigned or unknown key');
      if (b !== bucket) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
      requests.push({ method: req.method ?? '', key });
      if (req.method === 'PUT') {
        const data = Buffer.concat(chunks);
        objects.set(key, { data, contentType: req.headers['content-type'] ?? 'application/octet-stream' });
        return res.writeHead(200, { etag: `"${data.length}-${key.length}"` }).end();
      }
      if (req.method === 'GET') {
        const o = objects.get(key);
        if (!o) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
        return res.writeHead(200, { 'content-type': o.contentType, 'content-length': String(o.data.length), etag: `"${o.data.length}"` }).end(o.data);
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      fail(405, 'MethodNotAllowed', 'Not supported here');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
