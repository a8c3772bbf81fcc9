import { describe, expect, it } from 'vitest';
import { signCallWebhook, verifyCallWebhook } from './signature.js';

describe('verifyCallWebhook', () => {
  const secret = '0123456789abcdef';
  const ts = 1_795_400_000;
  const sign = (key: string, body: string, at = ts) => ({ 'x-tantam-timestamp': String(at), 'x-tantam-signature': signCallWebhook(key, at, body) });

  it('accepts the HMAC of "<timestamp>.<raw body>" within 5 minutes', () => {
    expect(() => verifyCallWebhook(secret, sign(secret, '{"a":1}'), '{"a":1}', ts + 299)).not.toThrow();
    expect(() => verifyCallWebhook(secret, sign(secret, '{"a":1}'), '{"a":1}', ts + 301)).toThrow(/5 minutes/);
    expect(() => verifyCallWebhook(secret, sign(secret, '{"a":1}'), '{"a": 1}', ts)).toThrow(/does not match/);
  });

  it('refuses everything when the endpoint has no secret, even a request signed with the empty key', () => {
    expect(() => verifyCallWebhook('', sign('', '{}'), '{}', ts)).toThrow(/no signing secret/);
  });
});
