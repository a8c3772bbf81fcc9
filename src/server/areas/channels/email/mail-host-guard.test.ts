import { describe, expect, it } from 'vitest';
import { describeImapError } from './imap/connection.js';
import { isPrivateAddress, isUnreachable } from './mail-host-guard.js';

/** Issue 9 §9: which hosts the connection test refuses, and one message for every way a port says nothing. */
describe('mail host guard', () => {
  it('classifies addresses and connection failures (a silent port reads like a refused one)', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '::1', 'fe80::abcd', 'fd00::1', '::ffff:10.0.0.1', '255.255.255.255']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
    const imap = { host: 'mail.example.vn', port: 993, secure: true, user: 'u', folder: 'INBOX' };
    const refused = describeImapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), imap);
    const silent = describeImapError(Object.assign(new Error('Failed to receive greeting from server in required time'), { code: 'GREETING_TIMEOUT' }), imap);
    const closed = describeImapError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), imap);
    const garbage = describeImapError(new Error('Unexpected data'), imap);
    expect(new Set([refused, silent, closed, garbage].map((x) => JSON.stringify(x))).size).toBe(1);
    expect(isUnreachable(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }))).toBe(false);
  });
});
