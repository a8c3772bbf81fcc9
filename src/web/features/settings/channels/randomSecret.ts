const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random signing key made in the browser (Web Crypto), letters and digits so it pastes into any PBX
 * form. Bytes ≥ 248 are dropped so every character is equally likely (248 = 4 × 62).
 */
export function randomSecret(length = 32): string {
  let out = '';
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}
