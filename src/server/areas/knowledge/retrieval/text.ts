import { toSearchText } from '../../../../shared/search-text.js';

/**
 * Tokens as retrieval compares them: NFC-independent, accents and tone placement folded (toSearchText:
 * "hoà"/"hòa"/"hoa" are one token, "không"/"khong" too), chat abbreviations spelled out ("ko" → khong,
 * "dc"/"đc" → duoc, "sp" → san pham, "bh" → bao hanh), filler words dropped. Vietnamese words are
 * syllables, so a question also gets its syllable pairs ("bao hanh" as one token), which rank a passage
 * that has the phrase above one that has both syllables apart.
 */
const ABBREVIATIONS: Record<string, string> = {
  ko: 'khong', k: 'khong', kh: 'khong', hok: 'khong', hong: 'khong', khg: 'khong', kg: 'khong',
  dc: 'duoc', dk: 'duoc', duoc: 'duoc', đc: 'duoc',
  sp: 'san pham', bh: 'bao hanh', ship: 'giao hang', shipper: 'giao hang', sdt: 'so dien thoai', dt: 'dien thoai',
  tg: 'thoi gian', j: 'gi', z: 'vay', r: 'roi', mk: 'minh', m: 'minh', ad: 'shop', nv: 'nhan vien', tv: 'tivi',
  tl: 'tu lanh', mg: 'may giat', dh: 'dieu hoa', don: 'don', cod: 'thanh toan khi nhan hang', ck: 'chuyen khoan',
};

const STOPWORDS = new Set([
  // Vietnamese fillers, pronouns and particles (folded)
  'a', 'oi', 'nhe', 'nha', 'vay', 'the', 'ah', 'ha', 'ak', 'em', 'anh', 'chi', 'minh', 'toi', 'shop', 'ban', 'ad', 'la', 'thi',
  'ma', 'cho', 'hoi', 'xin', 'voi', 'cua', 'nhung', 'cac', 'nay', 'do', 'kia', 'nao', 'gi', 'sao', 'bao', 'roi', 'duoc', 'co', 'khong',
  'da', 'vang', 'uh', 'u', 'ok', 'oke', 'a', 'nhi', 'luon', 'ne', 'cai', 'con', 'va', 'hay', 'hoac', 'o', 'tai', 've', 'trong', 'neu',
  'can', 'muon', 'biet', 'giup', 'dum', 'voi', 'mot', 'nhieu', 'bao', 'lau', 'the', 'nao',
  // English
  'the', 'a', 'an', 'is', 'are', 'am', 'i', 'my', 'me', 'to', 'of', 'do', 'does', 'did', 'how', 'what', 'when', 'where', 'can', 'could',
  'you', 'your', 'please', 'for', 'in', 'on', 'it', 'and', 'or', 'be', 'with', 'we', 'our', 'us', 'there', 'this', 'that', 'if', 'have',
  'has', 'will', 'would', 'about', 'hi', 'hello', 'thanks', 'thank', 'want', 'need', 'know', 'get', 'from', 'at', 'by', 'any', 'much', 'long',
]);
// Words that look like fillers but carry the question ("bao lâu", "bao nhiêu", "không" in "không lên nguồn")
// are kept in the pairs, where "bao lau" still ranks a passage about durations.

/** Folded words of a text, abbreviations spelled out; stop words kept (the pairs need them). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of toSearchText(text).split(/[^a-z0-9]+/)) {
    if (!w) continue;
    const full = ABBREVIATIONS[w];
    if (full) out.push(...full.split(' '));
    else out.push(w);
  }
  return out;
}

/** Index/query tokens: content words plus adjacent-syllable pairs ("bao_hanh"). */
export function tokens(text: string): string[] {
  const ws = words(text);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!STOPWORDS.has(w)) out.push(w);
    const next = ws[i + 1];
    if (next && !(STOPWORDS.has(w) && STOPWORDS.has(next))) out.push(`${w}_${next}`);
  }
  return out;
}

/** Character trigrams of a word (with boundary marks), for near-miss spellings ("baohanh", "bảo hàn"). */
export function trigrams(word: string): Set<string> {
  const s = ` ${word} `;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) set.add(s.slice(i, i + 3));
  return set;
}

/** Jaccard similarity of two trigram sets. */
export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const g of a) if (b.has(g)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

/** A rough language guess for a customer's message: Vietnamese letters or common Vietnamese words → vi. */
export function guessLang(text: string): 'vi' | 'en' {
  if (/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i.test(text)) return 'vi';
  const ws = toSearchText(text).split(/\W+/);
  const vi = ws.filter((w) => VI_HINTS.has(w)).length;
  const en = ws.filter((w) => EN_HINTS.has(w)).length;
  return en > vi ? 'en' : 'vi';
}
const VI_HINTS = new Set(['khong', 'ko', 'duoc', 'dc', 'minh', 'shop', 'em', 'anh', 'chi', 'cho', 'hoi', 'bao', 'nhieu', 'lam', 'sao', 'nhe', 'a', 'oi', 'may', 'hang', 'don']);
const EN_HINTS = new Set(['the', 'is', 'my', 'how', 'what', 'can', 'i', 'you', 'do', 'does', 'order', 'where', 'when', 'please', 'return', 'warranty', 'delivery']);
