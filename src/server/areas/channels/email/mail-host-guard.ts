import dns from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '../../../core/errors.js';

// Addresses a mailbox's server may not live at unless ALLOW_PRIVATE_MAIL_HOSTS=true: this machine,
// its private networks and link-local (cloud metadata at 169.254.169.254), so that the connection
// test cannot be used to probe them.
const blocked = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, often the provider's internal network
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3], // multicast and reserved, through 255.255.255.255
] as const) {
  blocked.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net6, bits, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local or otherwise not a public host. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  // IPv4 written as IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(ip, 'ipv6');
}

/**
 * Refuses a mail server host that is, or resolves to, a private address (every address it resolves
 * to is checked): 400 `email.host_not_allowed` naming the setting. A name that does not resolve is
 * left to the connection itself (it fails with the uniform "cannot reach" error).
 */
export async function assertPublicMailHost(host: string, field: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = (await dns.lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return;
    }
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new AppError(
      400,
      'email.host_not_allowed',
      `${host} is a local or private network address; mail servers must be reachable on the internet (the server's admin can allow private hosts with ALLOW_PRIVATE_MAIL_HOSTS=true)`,
      { field },
    );
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ETIMEOUT', 'EPIPE', 'ECONNECTION', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'NoConnection', 'ClosedConnection']);

/**
 * Whether a connection failed before any mail server spoke (refused, closed, silent, unreachable).
 * These get one message whatever the cause, so the test tells nothing about which ports are open.
 */
export function isUnreachable(err: unknown): boolean {
  const e = (err ?? {}) as { code?: string; responseCode?: number; responseText?: string; authenticationFailed?: boolean; message?: string };
  if (e.responseCode || e.responseText || e.authenticationFailed) return false;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  return /timeout|timed out|closed|refused|greeting never received|unexpected(ly)? (close|end)|socket hang up/i.test(e.message ?? '');
}

/** The one message for an unreachable mail server. */
export const unreachableMessage = (protocol: 'IMAP' | 'SMTP', host: string, port: number) =>
  `No ${protocol} server answered at ${host}:${port} (refused, closed or no answer; check the host, port and TLS setting)`;
