const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An origin with every loopback name folded into one, so localhost and 127.0.0.1 on one port count as the same place. */
function comparable(origin: string): string | null {
  try {
    const u = new URL(origin);
    const host = LOOPBACK.has(u.hostname) ? 'loopback' : u.hostname.toLowerCase();
    return `${u.protocol}//${host}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return null;
  }
}

/**
 * Whether links the server sends out (survey links, alert emails) would lead somewhere else than where
 * this browser reached the app: true only when PUBLIC_URL is unset and the two addresses differ.
 */
export function publicUrlMismatch(publicUrl: { url: string; configured: boolean }, openedAt: string): boolean {
  if (publicUrl.configured) return false;
  const a = comparable(publicUrl.url);
  const b = comparable(openedAt);
  return a !== null && b !== null && a !== b;
}
