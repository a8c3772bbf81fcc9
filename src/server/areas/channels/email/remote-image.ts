import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { AppError } from '../../../core/errors.js';
import { isPrivateAddress } from './mail-host-guard.js';

/** Largest remote image the proxy passes on. */
export const MAX_REMOTE_IMAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

const failed = (why: string) => new AppError(502, 'remote_image.failed', `The image could not be loaded: ${why}`);

/** The host's addresses, refused when any is loopback/private/link-local (unless allowed): no probing of our own network. */
async function publicAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '');
  const found = net.isIP(bare) ? [{ address: bare, family: net.isIP(bare) }] : await dns.lookup(bare, { all: true, verbatim: true }).catch(() => []);
  if (found.length === 0) throw failed('the host does not resolve');
  if (!allowPrivate && found.some((a) => isPrivateAddress(a.address))) {
    throw new AppError(400, 'remote_image.not_allowed', 'Images on local or private network addresses are not loaded');
  }
  return found[0];
}

/**
 * Fetches a remote image of an inbound message for the agent who asked to see it ("Tải hình ảnh từ
 * xa"), so the sender sees our server, not the agent: no cookies, no Referer, no agent IP or browser.
 * The address is resolved and checked first and the connection pinned to it (no DNS rebinding);
 * redirects are followed (≤ 3) with the same check; only raster images (no SVG: it can carry script)
 * up to 5 MB are passed on.
 */
export async function fetchRemoteImage(rawUrl: string, allowPrivate: boolean): Promise<{ contentType: string; data: Buffer }> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AppError(400, 'remote_image.bad_url', 'Not an image address');
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError(400, 'remote_image.bad_url', 'Only http and https images are loaded');
    const pinned = await publicAddress(url.hostname, allowPrivate);
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
      else cb(null, pinned.address, pinned.family);
    };
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (url.protocol === 'https:' ? https : http).get(url, { lookup, headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8', 'user-agent': 'TanTam-ImageProxy/1' }, timeout: TIMEOUT_MS });
      req.on('response', resolve);
      req.on('timeout', () => req.destroy(failed('timed out')));
      req.on('error', (err) => reject(err instanceof AppError ? err : failed('the server did not answer')));
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      url = new URL(res.headers.location, url);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw failed(`the server answered ${status}`);
    }
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!/^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/.test(contentType)) {
      res.resume();
      throw failed(`not a supported image (${contentType || 'no type'})`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_REMOTE_IMAGE_BYTES) {
        res.destroy();
        throw failed('larger than 5 MB');
      }
      chunks.push(chunk);
    }
    return { contentType, data: Buffer.concat(chunks) };
  }
  throw failed('too many redirects');
}
