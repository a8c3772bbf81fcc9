import dns from 'node:dns';
import net from 'node:net';
import { badRequest } from '../../core/errors.js';

// Addresses a webhook may not reach unless ALLOW_PRIVATE_WEBHOOK_URLS=true: this machine, its private
// networks, link-local (cloud metadata) and multicast/reserved.
const blocked = new net.BlockList();
for (const [a, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 3],
] as const) blocked.addSubnet(a, bits, 'ipv4');
for (const [a, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(a, bits, 'ipv6');

/** Whether an IP address is loopback, private, link-local or otherwise not a public host. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? blocked.check(mapped[1], 'ipv4') : blocked.check(ip, 'ipv6');
}

/** Why a URL may not be called (null: it may), from its text alone: scheme, credentials, a literal private address. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https URLs can be called';
  if (u.username || u.password) return 'credentials in the URL are not allowed';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && isPrivateAddress(host)))) return 'a local or private network address';
  return null;
}

/** Refuses a URL that cannot be called (400 webhooks.url_not_allowed), also when its name resolves to a private address. */
export async function assertCallableUrl(raw: string, allowPrivate: boolean, field = 'url'): Promise<void> {
  const problem = urlProblem(raw, allowPrivate);
  const refuse = (why: string) =>
    badRequest('webhooks.url_not_allowed', `This URL cannot receive webhooks: ${why} (the server's admin can allow private addresses with ALLOW_PRIVATE_WEBHOOK_URLS=true)`, { field });
  if (problem) throw refuse(problem);
  if (allowPrivate) return;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return;
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.some((a) => isPrivateAddress(a.address))) throw refuse('a local or private network address');
}

/**
 * A dns lookup for http.request that refuses private addresses at connection time, so a name that
 * resolved to a public address when subscribed cannot later point the request inward (DNS rebinding).
 */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error) => void)(err);
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EWEBHOOKBLOCKED' });
        return (callback as (e: Error) => void)(e);
      }
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
    });
  };
}
