import { useMemo, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const REMOTE = /^\s*(https?:)?\/\//i;

/**
 * Inbound HTML with its remote images held back: the server already moved `img src`/`srcset` over
 * http(s) to `data-remote-src`/`data-remote-srcset` (core/lib/inbound-html.ts); this does the same to
 * anything still remote (messages stored before that, `poster`, `background`), in an inert document
 * (DOMParser loads nothing). Returns the safe HTML and how many images were held back.
 */
export function holdRemoteImages(html: string): { html: string; held: number } {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const el of Array.from(doc.body.querySelectorAll('[src], [srcset], [poster], [background]'))) {
    const src = el.getAttribute('src');
    if (src && REMOTE.test(src)) {
      el.setAttribute('data-remote-src', src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim());
      el.removeAttribute('src');
    }
    const srcset = el.getAttribute('srcset');
    if (srcset) {
      if (/(https?:)?\/\//i.test(srcset)) el.setAttribute('data-remote-srcset', srcset);
      el.removeAttribute('srcset');
    }
    // Media posters and table backgrounds are never worth a remote load: dropped.
    el.removeAttribute('poster');
    el.removeAttribute('background');
  }
  const held = doc.body.querySelectorAll('[data-remote-src], [data-remote-srcset]').length;
  return { html: doc.body.innerHTML, held };
}

/** A remote image through our server's proxy: the sender sees our server, never the agent's browser (and the app's CSP allows only our own images). */
const proxied = (url: string) => `/api/remote-image?url=${encodeURIComponent(url)}`;

/** The held-back images put back (after the agent asked), loaded through the proxy. */
function releaseRemoteImages(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const el of Array.from(doc.body.querySelectorAll('[data-remote-src], [data-remote-srcset]'))) {
    const src = el.getAttribute('data-remote-src');
    const srcset = el.getAttribute('data-remote-srcset');
    if (src && /^https?:\/\//i.test(src)) el.setAttribute('src', proxied(src));
    if (srcset) {
      const candidates = srcset.split(',').map((c) => c.trim().split(/\s+/)).filter(([u]) => /^https?:\/\//i.test(u ?? ''));
      if (candidates.length) el.setAttribute('srcset', candidates.map(([u, d]) => `${proxied(u)}${d ? ` ${d}` : ''}`).join(', '));
    }
    el.setAttribute('referrerpolicy', 'no-referrer');
  }
  return doc.body.innerHTML;
}

/**
 * Shows an inbound message's (already sanitised) HTML without loading anything from the sender's
 * servers: remote images would tell the sender when and from where the agent read it. A bar offers
 * "Tải hình ảnh từ xa" / "Load remote images" for this message; they then come through our proxy
 * (GET /api/remote-image, channels/email/remote-image.ts).
 */
export function RemoteImagesGate({ html, className }: { html: string; className?: string }) {
  const { t } = useTranslation('emailIntake');
  const [loaded, setLoaded] = useState(false);
  const held = useMemo(() => holdRemoteImages(html), [html]);
  const shown = useMemo(() => (loaded ? releaseRemoteImages(held.html) : held.html), [loaded, held.html]);
  return (
    <>
      {held.held > 0 && !loaded && (
        <Group gap="xs" wrap="wrap" mb={6} py={4} px={8} data-testid="remote-images-blocked" style={{ borderRadius: 6, background: 'var(--mantine-color-default-hover)' }}>
          <IconPhotoOff size={15} aria-hidden />
          <Text size="xs" c="dimmed" style={{ flex: '1 1 180px' }}>
            {t('remoteImages.blocked', { count: held.held })}
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => setLoaded(true)} data-testid="load-remote-images">
            {t('remoteImages.load')}
          </Button>
        </Group>
      )}
      <div className={className} dangerouslySetInnerHTML={{ __html: shown }} data-testid="message-html" />
    </>
  );
}
