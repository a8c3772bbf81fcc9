import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kiotVietSignatureValid } from './signatures.js';

/** KiotViet's X-Hub-Signature as its Public API document (§2.11.1) leaves it open: digest in hex or base64, keyed with the Secret's text or its base64 bytes. */
describe('KiotViet X-Hub-Signature', () => {
  const secret = Buffer.from('kv-secret-0123456789').toString('base64'); // registered base64, as the document asks
  const body = JSON.stringify({ Id: 'a1', Attempt: 1, Notifications: [{ Action: 'order.update', Data: [{ Code: 'DH1', Status: 5 }] }] });
  const mac = (key: string | Buffer, text = body) => crypto.createHmac('sha256', key).update(text, 'utf8').digest();
  const valid = (sig: string, text = body) => kiotVietSignatureValid(secret, { 'x-hub-signature': sig }, text);

  it('accepts hex or base64, with or without "sha256=", keyed with the text or the bytes it encodes', () => {
    expect(valid(mac(secret).toString('hex'))).toBe(true);
    expect(valid(mac(secret).toString('hex').toUpperCase())).toBe(true);
    expect(valid(`sha256=${mac(secret).toString('hex')}`)).toBe(true);
    expect(valid(mac(secret).toString('base64'))).toBe(true);
    expect(valid(mac(Buffer.from(secret, 'base64')).toString('hex'))).toBe(true);
  });

  it('refuses another secret, another body, a truncated or missing signature', () => {
    expect(valid(mac('another-secret').toString('hex'))).toBe(false);
    expect(valid(mac(secret).toString('hex'), `${body} `)).toBe(false);
    expect(valid(mac(secret).toString('hex').slice(0, 40))).toBe(false);
    expect(kiotVietSignatureValid(secret, {}, body)).toBe(false);
    expect(kiotVietSignatureValid('', { 'x-hub-signature': mac('').toString('hex') }, body)).toBe(false);
  });
});
