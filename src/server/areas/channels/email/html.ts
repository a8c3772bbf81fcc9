import sanitizeHtml from 'sanitize-html';
import { cleanInboundHtml, MAX_INBOUND_HTML_CHARS } from '../../../core/lib/inbound-html.js';

/** Larger HTML bodies are not kept for display (the plain text still is). */
export const MAX_HTML_CHARS = MAX_INBOUND_HTML_CHARS;

/** An email's HTML made safe to show in the agents' app: no scripts, styles, forms, event handlers, nor remote images until asked (core/lib/inbound-html.ts). */
export function sanitizeEmailHtml(html: string): string | undefined {
  return cleanInboundHtml(html);
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
