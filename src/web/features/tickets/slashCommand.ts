import { toSearchText } from '../../../shared/search-text';
import type { CannedReply } from '../../../shared/tickets';

/** A "/chao" being typed in the reply box: where its "/" is and what follows it up to the caret. */
export interface SlashToken {
  start: number;
  query: string;
}

/**
 * The "/word" the caret is at the end of, when the "/" starts the text or follows a space or line
 * break (so "1/2" or a link's "http://" never opens the menu); null otherwise.
 */
export function slashAt(text: string, caret: number): SlashToken | null {
  const m = /(^|\s)\/([\p{L}\p{M}\p{N}_-]{0,40})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

/**
 * Canned replies matching what follows the "/", accent-insensitive (toSearchText, as every search):
 * shortcuts that start with it first, then titles with a word that starts with it, then any
 * shortcut or title containing it; alphabetical within each group. An empty query lists them all.
 */
export function filterCanned(list: readonly CannedReply[], query: string, limit = 8): CannedReply[] {
  const q = toSearchText(query).replace(/\s+/g, '');
  const rank = (c: CannedReply) => {
    if (!q) return 0;
    const shortcut = toSearchText(c.shortcut);
    const title = toSearchText(c.title);
    if (shortcut.startsWith(q)) return 0;
    if (title.split(/[\s-]+/).some((w) => w.startsWith(q))) return 1;
    if (shortcut.includes(q) || title.replace(/\s+/g, '').includes(q)) return 2;
    return -1;
  };
  return list
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.shortcut.localeCompare(b.c.shortcut, 'vi'))
    .slice(0, limit)
    .map((x) => x.c);
}

/** The text with the "/word" replaced by the inserted text, and where the caret goes after it. */
export function replaceSlash(text: string, token: SlashToken, caret: number, insert: string): { text: string; caret: number } {
  const next = text.slice(0, token.start) + insert + text.slice(caret);
  return { text: next, caret: token.start + insert.length };
}
