import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local S3-compatible server speaking the documented REST contract the app uses, path-style
 * (`/<bucket>/<key>`): PutObject (PUT, 200 + ETag), GetObject (GET, 200 with the bytes and their
 * Content-Type, or 404 NoSuchKey XML), DeleteObject (DELETE, 204 whether or not the key existed),
 * ListObjectsV2 (GET `/<bucket>?list-type=2&prefix=…`, pages of `max-keys`, default 1000, with a
 * continuation token).
 * Requests must be SigV4-signed (an Authorization header naming the access key); one bucket exists.
 */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  objects: Map<string, { data: Buffer; contentType: string; lastModified: Date }>;
  requests: { method: string; key: string }[];
  /** After this many more PUTs, every PUT answers 500 InternalError (a bucket going away mid-run); undefined: never. */
  failPutsAfter: number | undefined;
  close(): Promise<void>;
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ListObjectsV2's answer: keys in order after the continuation token (the last key of the page before). */
function listXml(bucket: string, objects: FakeS3['objects'], q: URLSearchParams): string {
  const prefix = q.get('prefix') ?? '';
  const max = Number(q.get('max-keys') ?? 1000);
  const after = q.get('continuation-token') ?? q.get('start-after') ?? '';
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, max);
  const truncated = keys.length > page.length;
  const contents = page
    .map((k) => {
      const o = objects.get(k)!;
      return `<Contents><Key>${escapeXml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"${o.data.length}"</ETag><Size>${o.data.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
    truncated ? `<NextContinuationToken>${escapeXml(page.at(-1)!)}</NextContinuationToken>` : ''
  }${contents}</ListBucketResult>`;
}

export async function startFakeS3(bucket = 'tantam-test', accessKeyId = 'test-access-key'): Promise<FakeS3> {
  const objects = new Map<string, { data: Buffer; contentType: string; lastModified: Date }>();
  const requests: { method: string; key: string }[] = [];
  const fake: FakeS3 = {
    endpoint: '',
    bucket,
    accessKeyId,
    objects,
    requests,
    failPutsAfter: undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
        if (fake.failPutsAfter !== undefined && fake.failPutsAfter-- <= 0) return fail(500, 'InternalError', 'We encountered an internal error. Please try again.');
        const data = Buffer.concat(chunks);
        objects.set(key, { data, contentType: req.headers['content-type'] ?? 'application/octet-stream', lastModified: new Date() });
        return res.writeHead(200, { etag: `"${data.length}-${key.length}"` }).end();
      }
      if (req.method === 'GET' && !key && url.searchParams.get('list-type') === '2') {
        return res.writeHead(200, { 'content-type': 'application/xml' }).end(listXml(bucket, objects, url.searchParams));
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
  fake.endpoint = `http://127.0.0.1:${port}`;
  return fake;
}
