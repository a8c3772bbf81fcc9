import crypto from 'node:crypto';

export const newId = (): string => crypto.randomUUID();

/** A random secret for cookies and API tokens (URL-safe). */
export const newSecret = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** Secrets are stored only as their sha256, so a leaked database leaks no usable token. */
export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');
