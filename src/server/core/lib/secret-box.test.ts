import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

describe('secret box', () => {
  it('round-trips, and the sealed text shows nothing of the secret', () => {
    const box = createSecretBox({});
    const sealed = box.seal({ password: 'mật-khẩu-hộp-thư' });
    expect(sealed).not.toContain('mật');
    expect(box.open(sealed)).toEqual({ password: 'mật-khẩu-hộp-thư' });
  });

  it('keeps one generated key in the data folder across restarts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-key-'));
    const sealed = createSecretBox({ dataDir: dir }).seal({ a: 1 });
    expect(createSecretBox({ dataDir: dir }).open(sealed)).toEqual({ a: 1 });
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses tampered text and a different key', () => {
    const box = createSecretBox({});
    const sealed = box.seal({ a: 1 });
    const parts = sealed.split(':');
    parts[3] = Buffer.from('{"a":2}').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => createSecretBox({}).open(sealed)).toThrow();
  });
});
