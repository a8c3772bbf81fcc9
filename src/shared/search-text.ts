/**
 * Text as we store and compare it for search: lower-case, Vietnamese diacritics removed (đ → d),
 * whitespace collapsed. "  Nguyễn  Văn Đức " → "nguyen van duc". The same function feeds
 * customers.search_name and the typed query, so both sides always agree; the database's
 * tt_search_text() (migration 070) is the same mapping in SQL, checked letter by letter by a test.
 *
 * Removing every mark also makes both tone placements one text: "hoà"/"hòa", "thuỷ"/"thủy",
 * "khoẻ"/"khỏe" all read "hoa", "thuy", "khoe" — and so does "hoa" typed without accents, which is
 * how many customers write. That is the search rule everywhere (customers, tickets, messages):
 * accent-insensitive, so an agent typing "điều hòa" also finds a customer's "dieu hoa" and "điều hoà".
 */
export function toSearchText(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(DEE, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Đ/đ, and the look-alike Icelandic eth Ð/ð that some keyboards and fonts put in its place.
const DEE = /[đĐðÐ]/g;

/** Folded non-ASCII code points, so a long text folds each distinct letter once (bounded: any script may come). */
const foldedLetters = new Map<string, string>();
const MAX_FOLDED_LETTERS = 4096;

/** One code point folded the way toSearchText folds it (without the whitespace rules). */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  let f = foldedLetters.get(ch);
  if (f === undefined) {
    f = ch.normalize('NFD').replace(COMBINING_MARKS, '').replace(DEE, 'd').toLowerCase();
    if (foldedLetters.size < MAX_FOLDED_LETTERS) foldedLetters.set(ch, f);
  }
  return f;
}

const isSpace = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(ch));
};

/**
 * The folded text of `text` with, for every folded character, the range [start, end) of the
 * original text it came from. Whitespace runs fold to one space; a combining mark typed on its own
 * (decomposed input) folds to nothing and widens the range of the letter before it. Linear in the
 * text's length (an 8 KB email body is folded for every search hit's snippet).
 */
export function foldWithOffsets(text: string): { folded: string; ranges: [number, number][] } {
  const parts: string[] = [];
  const ranges: [number, number][] = [];
  let afterSpace = false;
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    if (isSpace(ch)) {
      const last = ranges[ranges.length - 1];
      if (afterSpace && last) last[1] = i;
      else {
        parts.push(' ');
        ranges.push([start, i]);
        afterSpace = true;
      }
      continue;
    }
    const f = foldChar(ch);
    if (!f) {
      const last = ranges[ranges.length - 1];
      if (last) last[1] = i;
      continue;
    }
    parts.push(f);
    afterSpace = false;
    // One range per UTF-16 unit, so indexes into `folded` are indexes into `ranges`.
    for (let k = 0; k < f.length; k++) ranges.push([start, i]);
  }
  return { folded: parts.join(''), ranges };
}

/**
 * Where the typed query occurs in `text`, as [start, end) ranges of the original text (accents,
 * capitals, tone placement and spacing ignored, as the search itself does). Empty when the query
 * folds to nothing.
 */
export function findMatches(text: string, query: string): [number, number][] {
  const q = toSearchText(query);
  if (!q || !text) return [];
  const { folded, ranges } = foldWithOffsets(text);
  const out: [number, number][] = [];
  let from = 0;
  for (;;) {
    const at = folded.indexOf(q, from);
    if (at < 0) break;
    const first = ranges[at];
    const last = ranges[at + q.length - 1];
    if (first && last) out.push([first[0], last[1]]);
    from = at + q.length;
  }
  return out;
}

/** A piece of text to show, marked when it matched the query. */
export interface HighlightPart {
  text: string;
  match: boolean;
}

/** `text` cut into plain and matched parts for the query; one plain part when nothing matches. */
export function highlightParts(text: string, query: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let pos = 0;
  for (const [s, e] of findMatches(text, query)) {
    if (s > pos) parts.push({ text: text.slice(pos, s), match: false });
    parts.push({ text: text.slice(s, e), match: true });
    pos = e;
  }
  if (pos < text.length || parts.length === 0) parts.push({ text: text.slice(pos), match: false });
  return parts;
}

/**
 * A short excerpt of `text` around the first match of the query (about `max` characters, whitespace
 * collapsed, "…" where it was cut), or null when the query does not occur in it.
 */
export function snippetAround(text: string, query: string, max = 140): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  const hit = firstMatch(flat, query);
  if (!hit) return null;
  if (flat.length <= max) return flat;
  const room = Math.max(0, max - (hit[1] - hit[0]));
  // Little text before the match, so it stays in sight where the excerpt is cut to one phone line.
  let start = Math.max(0, hit[0] - Math.min(30, Math.floor(room / 3)));
  let end = Math.min(flat.length, start + max);
  start = Math.max(0, end - max);
  // Cut at word boundaries so no half word shows.
  if (start > 0) {
    const sp = flat.indexOf(' ', start);
    if (sp >= 0 && sp < hit[0]) start = sp + 1;
  }
  if (end < flat.length) {
    const sp = flat.lastIndexOf(' ', end);
    if (sp > hit[1]) end = sp;
  }
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

/**
 * findMatches(text, query)[0], folding only as much of the text as it takes: longer and longer
 * beginnings (a match well inside a beginning is the text's first match), so a long email whose
 * match is near the top is not folded whole.
 */
function firstMatch(text: string, query: string): [number, number] | undefined {
  for (let n = 1024; n < text.length; n *= 4) {
    const hit = findMatches(text.slice(0, n), query)[0];
    // Well inside: a combining mark or the other half of a pair just past the cut cannot change it.
    if (hit && hit[1] < n - 2) return hit;
  }
  return findMatches(text, query)[0];
}
