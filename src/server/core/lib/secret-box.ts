import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypts channel credentials at rest with AES-256-GCM. The key comes from SECRET_KEY (base64 of 32
 * bytes) or, when unset, from `<DATA_DIR>/secret.key`, generated on first use (mode 0600).
 * Without a data folder (in-memory tests) a random per-process key is used.
 */
export interface SecretBox {
  seal(plain: Record<string, unknown>): string;
  open(sealed: string): Record<string, unknown>;
}

const VERSION = 'v1';

export function createSecretBox(opts: { keyBase64?: string; dataDir?: string }): SecretBox {
  const key = loadKey(opts);
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split(':');
      if (v !== VERSION || !iv || !tag || data === undefined) throw new Error('secret box: unknown format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(plain);
    },
  };
}

function loadKey(opts: { keyBase64?: string; dataDir?: string }): Buffer {
  if (opts.keyBase64) {
    const key = Buffer.from(opts.keyBase64, 'base64');
    if (key.length !== 32) throw new Error('SECRET_KEY must be the base64 of 32 bytes (openssl rand -base64 32)');
    return key;
  }
  if (!opts.dataDir) return crypto.randomBytes(32);
  const file = path.join(opts.dataDir, 'secret.key');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  try {
    // 'wx' fails if the file exists, so two processes starting together keep one key.
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return loadKey({ keyBase64: fs.readFileSync(file, 'utf8').trim() });
}
