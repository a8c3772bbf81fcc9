import sanitizeHtml from 'sanitize-html';

/** Larger HTML bodies are not kept for display (the plain text still is): sanitising megabytes of markup costs more than it shows. */
export const MAX_HTML_CHARS = 2 * 1024 * 1024;

const DISPLAY_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins', 'u', 's'],
  allowedAttributes: {
    a: ['href', 'name', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    font: ['color'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    table: ['width', 'border', 'cellpadding', 'cellspacing'],
    '*': ['align', 'dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // Inline images arrive as attachments referenced by cid:; data: images are self-contained.
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  allowProtocolRelative: false,
  // Mail HTML must never drive the agent's browser: links open in a new tab without an opener.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }) },
};

/** An email's HTML made safe to show in the agents' app (no scripts, styles, forms, event handlers). */
export function sanitizeEmailHtml(html: string): string | undefined {
  if (!html || html.length > MAX_HTML_CHARS) return undefined;
  const clean = sanitizeHtml(html, DISPLAY_OPTIONS).trim();
  return clean || undefined;
}

/** Plain text of an agent's HTML reply (the text/plain alternative of the mail we send). */
export function htmlToPlain(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** An agent's plain-text reply as simple HTML (the html alternative). */
export function plainToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<div style="white-space: pre-wrap">${esc.replace(/\r?\n/g, '<br>')}</div>`;
}
