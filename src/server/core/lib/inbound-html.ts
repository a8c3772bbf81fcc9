import sanitizeHtml from 'sanitize-html';

/**
 * HTML a customer sent (an email body, an HTML message through the inbound API), made safe to show in
 * the agents' app: no scripts, styles, forms or event handlers, and no remote loads. A remote image
 * would tell its sender when and from where an agent read the mail (a tracking pixel) and leak the
 * agent's address, so `img src`/`srcset` over http(s) are moved to `data-remote-src`/`data-remote-srcset`:
 * the app shows them only after the agent asks (RemoteImagesGate). CSS (`style`, `background`) is not
 * kept at all, nor are media tags (`video poster`). Same-origin (`/api/attachments/…`), `cid:` and
 * `data:` images stay as they are.
 */
const REMOTE = /^\s*(https?:)?\/\//i;

/** The http(s) URLs of a srcset, or undefined when any candidate is something else. */
function remoteSrcset(srcset: string): string | undefined {
  const candidates = srcset.split(',').map((c) => c.trim()).filter(Boolean);
  if (candidates.length === 0) return undefined;
  return candidates.every((c) => /^https?:\/\//i.test(c)) ? candidates.join(', ') : undefined;
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins', 'u', 's'],
  allowedAttributes: {
    a: ['href', 'name', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src', 'data-remote-srcset'],
    font: ['color'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    table: ['width', 'border', 'cellpadding', 'cellspacing'],
    '*': ['align', 'dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // Inline images arrive as attachments referenced by cid:; data: images are self-contained.
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    // Mail HTML must never drive the agent's browser: links open in a new tab without an opener.
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    img: (tagName, attribs) => {
      const { src, srcset, ...rest } = attribs;
      const out: Record<string, string> = { ...rest };
      delete out['data-remote-src'];
      delete out['data-remote-srcset'];
      if (src && REMOTE.test(src)) {
        const url = src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim();
        if (/^https?:\/\/[^\s]+$/i.test(url)) out['data-remote-src'] = url;
      } else if (src) {
        out.src = src;
      }
      const set = srcset ? remoteSrcset(srcset) : undefined;
      if (set) out['data-remote-srcset'] = set;
      return { tagName, attribs: out };
    },
  },
};

/** Largest HTML kept for display: sanitising megabytes of markup costs more than it shows. */
export const MAX_INBOUND_HTML_CHARS = 2 * 1024 * 1024;

/** Inbound HTML made safe to show (see above); undefined when nothing is left or it is too large. */
export function cleanInboundHtml(html: string): string | undefined {
  if (!html || html.length > MAX_INBOUND_HTML_CHARS) return undefined;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean || undefined;
}
