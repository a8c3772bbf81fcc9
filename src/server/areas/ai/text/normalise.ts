/**
 * Vietnamese (and English) text normalisation for the classifiers: Unicode NFC, one tone-mark
 * placement ("hoà" and "hòa" become one form), lowercase, chat abbreviations expanded, runs of a
 * repeated letter squeezed, and a variant without diacritics for text typed without them.
 */

// Combining tone marks (NFD): grave, acute, tilde, hook above, dot below.
const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
// Vowels after NFD with tones removed (modifier marks — circumflex, breve, horn — stay composed after NFC).
const VOWELS = new Set([...'aăâeêioôơuưy']);
const MODIFIED = new Set([...'ăâêôơư']);

/**
 * Puts a syllable's tone mark where the "new" (orthographic reform) rule puts it, so old-style
 * "hoà, thuý, khoẻ" and new-style "hòa, thúy, khỏe" meet. `syl` is lowercase NFC.
 */
function placeTone(syl: string): string {
  const nfd = syl.normalize('NFD');
  let tone = '';
  let bare = '';
  for (const ch of nfd) {
    if (TONES.has(ch)) tone = ch;
    else bare += ch;
  }
  if (!tone) return syl;
  const chars = [...bare.normalize('NFC')];
  // The vowel nucleus: skip "qu" and "gi" onsets (their u/i belong to the consonant).
  let start = 0;
  while (start < chars.length && !VOWELS.has(chars[start])) start++;
  if (start > 0 && start < chars.length - 1) {
    const onset = chars.slice(0, start).join('');
    if ((onset === 'q' && chars[start] === 'u') || (onset === 'g' && chars[start] === 'i' && VOWELS.has(chars[start + 1]))) start++;
  }
  let end = start;
  while (end < chars.length && VOWELS.has(chars[end])) end++;
  const n = end - start;
  if (n <= 0) return syl; // not a Vietnamese syllable shape: leave the mark where it was
  let at: number;
  const modified = chars.slice(start, end).findIndex((c) => MODIFIED.has(c));
  if (modified >= 0) {
    at = start + modified;
    // "ươ": the mark goes on ơ.
    if (chars[at] === 'ư' && chars[at + 1] === 'ơ') at++;
  } else if (n === 1) {
    at = start;
  } else if (end < chars.length) {
    at = end - 1; // a final consonant follows: the last vowel (toán, khuyến)
  } else if (n === 2) {
    const pair = chars[start] + chars[start + 1];
    at = pair === 'oa' || pair === 'oe' || pair === 'uy' ? start + 1 : start;
  } else {
    at = start + 1; // three vowels, open syllable: the middle one (khuỷu → khuỷu, ngoài)
  }
  chars[at] = (chars[at] + tone).normalize('NFC');
  return chars.join('');
}

/** Chat shorthand seen in Vietnamese support messages → the words they stand for. */
const ABBREVIATIONS: Record<string, string> = {
  ko: 'không', k: 'không', kh: 'không', hok: 'không', hong: 'không', khong: 'không', hông: 'không', kg: 'không', khg: 'không', hem: 'không', 'hổng': 'không',
  dc: 'được', đc: 'được', dk: 'được', đk: 'được', duoc: 'được', dduoc: 'được',
  sp: 'sản phẩm', ship: 'giao hàng', shiper: 'shipper', ib: 'nhắn tin', inbox: 'nhắn tin', khach: 'khách',
  j: 'gì', gi: 'gì', z: 'vậy', v: 'vậy', vay: 'vậy', r: 'rồi', roi: 'rồi', ms: 'mới', mik: 'mình', mk: 'mình', mn: 'mọi người',
  bn: 'bao nhiêu', bnh: 'bao nhiêu', tks: 'cảm ơn', thanks: 'cảm ơn', thank: 'cảm ơn', thx: 'cảm ơn', camon: 'cảm ơn', cám: 'cảm',
  a: 'anh', e: 'em', c: 'chị', ad: 'admin', shop: 'shop', nv: 'nhân viên', sdt: 'số điện thoại', đt: 'điện thoại', dt: 'điện thoại',
  ok: 'ok', oke: 'ok', okie: 'ok', okela: 'ok', ng: 'người', nc: 'nói chuyện', ntn: 'như thế nào', trc: 'trước', sđt: 'số điện thoại',
  bt: 'bình thường', bth: 'bình thường', lm: 'làm', cx: 'cũng', cg: 'cũng', vs: 'với', h: 'giờ', hqua: 'hôm qua', hnay: 'hôm nay',
  qá: 'quá', wa: 'quá', qa: 'quá', wá: 'quá', cty: 'công ty', tg: 'thời gian', đh: 'đơn hàng', dh: 'đơn hàng', hđ: 'hóa đơn',
  pls: 'please', plz: 'please', u: 'you', ur: 'your', dont: "don't", cant: "can't", wont: "won't", im: "i'm", idk: "i don't know",
};

const STRIP_RE = /[\u0300-\u036f]/g;

/** Lowercase letters without diacritics: "Được hoà" → "duoc hoa". */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(STRIP_RE, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The words of a normalised text (letters, digits, apostrophes inside words). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

export interface NormalisedText {
  /** Lowercase NFC words, one tone placement, abbreviations expanded, letter runs squeezed. */
  words: string[];
  /** The same words without diacritics. */
  plain: string[];
  /** True after a word that ends a clause (punctuation or a line break follows it). */
  clauseEnd: boolean[];
}

/** A word, or a run of clause-ending punctuation. */
const TOKEN_RE = /([\p{L}\p{N}]+(?:'[\p{L}]+)?)|([.,;:!?…()\n]+)/gu;

/** Normalises one message into its words (with diacritics) and their plain variant. */
export function normaliseText(text: string): NormalisedText {
  const lower = text.normalize('NFC').toLowerCase()
    // A toned vowel followed by its bare letter ("quáaaa") is emphasis: keep the toned one.
    .replace(/(\p{L})(\p{L})\2+/gu, (m, a: string, b: string) => (stripDiacritics(a) === b ? a : m))
    // Runs of 3+ of one letter ("đcccc", "hayyyy") say emphasis, not spelling.
    .replace(/(\p{L})\1{2,}/gu, '$1')
    // Links, e-mails and numbers carry no class evidence beyond "a link/number was here".
    .replace(/https?:\/\/\S+/g, ' zzurl ')
    .replace(/\S+@\S+\.\S+/g, ' zzemail ')
    // A "k" right after a number is thousands ("98k"), not "không".
    .replace(/\d+(?:[.,]\d+)*(?:k(?!\p{L}))?/gu, (m) => (m.length >= 9 ? ' zzlongnum ' : ' zznum '));
  const out: string[] = [];
  const clauseEnd: boolean[] = [];
  for (const [, w, stop] of lower.matchAll(TOKEN_RE)) {
    if (stop) {
      if (out.length) clauseEnd[out.length - 1] = true;
      continue;
    }
    const toned = placeTone(w);
    // Only the forms listed: a toned word whose bare form is a shorthand is a word of its own
    // ("hỏng" broken, "hồng" is not "hong" = không; "ạ", "à" are not "a" = anh).
    const expanded = ABBREVIATIONS[toned];
    if (expanded) {
      for (const part of expanded.split(' ')) {
        out.push(part);
        clauseEnd.push(false);
      }
    } else {
      out.push(toned);
      clauseEnd.push(false);
    }
  }
  return { words: out, plain: out.map(stripDiacritics), clauseEnd };
}

/** One string: the normalised words joined (what search and tests compare). */
export function normalise(text: string): string {
  return normaliseText(text).words.join(' ');
}
