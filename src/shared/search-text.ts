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

/** One code point folded the way toSearchText folds it (without the whitespace rules). */
function foldChar(ch: string): string {
  return ch.normalize('NFD').replace(COMBINING_MARKS, '').replace(DEE, 'd').toLowerCase();
}

/**
 * The folded text of `text` with, for every folded character, the range [start, end) of the
 * original text it came from. Whitespace runs fold to one space; a combining mark typed on its own
 * (decomposed input) folds to nothing and widens the range of the letter before it.
 */
export function foldWithOffsets(text: string): { folded: string; ranges: [number, number][] } {
  let folded = '';
  const ranges: [number, number][] = [];
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    if (/\s/.test(ch)) {
      const last = ranges[ranges.length - 1];
      if (folded.endsWith(' ') && last) last[1] = i;
      else {
        folded += ' ';
        ranges.push([start, i]);
      }
      continue;
    }
    const f = foldChar(ch);
    if (!f) {
      const last = ranges[ranges.length - 1];
      if (last) last[1] = i;
      continue;
    }
    folded += f;
    // One range per UTF-16 unit, so indexes into `folded` are indexes into `ranges`.
    for (let k = 0; k < f.length; k++) ranges.push([start, i]);
  }
  return { folded, ranges };
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
  const hit = findMatches(flat, query)[0];
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
