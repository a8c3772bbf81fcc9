import { stripDiacritics } from './normalise.js';

/**
 * Sentiment cues that word n-grams miss: emoticons and punctuation (the normaliser drops them), letters
 * stretched for emphasis ("quáaaa", "đẹppp"), which words a negation covers ("không tốt" is not "tốt"),
 * and a small hand-written lexicon of feeling words.
 */

// Emoticons, longest alternatives first; a face needs eyes and a mouth, so "x" or ":" alone is none.
const SMILE_RE = /(?:[:;=8][-'^]?[)\]}dDpP3*>]+|\^[_.-]?\^|<3|\(:|[xX][dD]\b|\b:v\b)/g;
const SAD_RE = /(?:[:;=][-'^]?[([{|/\\]+(?![/\\]?\w)|T[_.]T|[;:]['’]\(|:-?\(\(+|>[:.]<)/g;
const LAUGH_RE = /(?:[:=][))]{2,}|\b(?:ha){2,}\b|\b(?:hi){2,}\b|\b(?:he){2,}\b|\bk{3,}\b|\blol\b)/giu;
// Emoji by block: faces and hearts that smile, faces that frown or cry.
const EMOJI_GOOD_RE = /[\u{1F600}-\u{1F60F}\u{1F617}-\u{1F61D}\u{1F642}\u{1F643}\u{1F970}-\u{1F973}\u{1F44D}\u{1F44F}\u{1F64F}\u2764\u{1F495}-\u{1F49F}\u263A\u{1F339}\u{1F389}]/gu;
const EMOJI_BAD_RE = /[\u{1F610}-\u{1F616}\u{1F61E}-\u{1F62F}\u{1F630}-\u{1F641}\u{1F44E}\u{1F621}\u{1F624}\u{1F92C}\u{1F494}\u2639]/gu;
// A letter repeated three times or more, or a toned vowel followed by its bare letter ("quáaa").
const STRETCH_RE = /(\p{L})\1{2,}/u;

/** Tokens for the cues in a raw (not normalised) text: zzsmile, zzsad, zzlaugh, zzexcl, zzexcl2, zzdots, zzstretch, zzcaps. */
export function textCues(raw: string): string[] {
  const out: string[] = [];
  const count = (re: RegExp, token: string) => {
    const n = raw.match(re)?.length ?? 0;
    for (let i = 0; i < Math.min(n, 3); i++) out.push(token);
  };
  count(SMILE_RE, 'zzsmile');
  count(SAD_RE, 'zzsad');
  count(LAUGH_RE, 'zzlaugh');
  count(EMOJI_GOOD_RE, 'zzsmile');
  count(EMOJI_BAD_RE, 'zzsad');
  // No cue for "?": in our labelled messages nearly every neutral one is a question written with "?", so
  // the cue learnt "no ? → not neutral" and called plain chat questions typed without it ("đơn hàng của
  // anh tới đâu rồi", "where is my order") negative. Without it those are neutral; VLSP unchanged (0.703).
  if (/!/.test(raw)) out.push('zzexcl');
  if (/!{2,}|\?{2,}|[!?]{2,}/.test(raw)) out.push('zzexcl2');
  if (/\.{3,}|…/.test(raw)) out.push('zzdots');
  const nfc = raw.normalize('NFC').toLowerCase();
  const stretched = STRETCH_RE.test(nfc.replace(/\bk+\b/g, '')) || [...nfc.matchAll(/(\p{L})(\p{L})\2+/gu)].some((m) => m[1] !== m[2] && stripDiacritics(m[1]) === m[2]);
  if (stretched) out.push('zzstretch');
  // Two or more words in capitals (shouting), not acronyms alone.
  if ((raw.match(/\b\p{Lu}{3,}\b/gu)?.length ?? 0) >= 2) out.push('zzcaps');
  return out;
}

/** Words that negate what follows (normalised forms; "ko", "k", "hok" … are "không" by then). */
const NEGATORS = new Set(['không', 'chẳng', 'chả', 'chưa', 'đừng', 'chớ', 'not', 'no', 'never', 'cannot', 'without', 'nothing', 'nobody', 'hardly']);
/** How many words after a negator it covers at most (a clause ends it sooner). */
const NEGATION_SCOPE = 3;
/** Words that end a negation's scope (a contrast starts a new thought). */
const SCOPE_BREAKERS = new Set(['nhưng', 'mà', 'but', 'tuy', 'song', 'however', 'although', 'though']);

/**
 * Which words a negation covers: the (at most three) words after a negator, up to the end of the
 * clause (punctuation, `clauseEnd[i]` true after word i) or a contrast word. English "n't" negates.
 */
export function negationScope(words: readonly string[], clauseEnd: readonly boolean[]): boolean[] {
  const out = new Array<boolean>(words.length).fill(false);
  let left = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (left > 0 && !SCOPE_BREAKERS.has(w) && !NEGATORS.has(w)) {
      out[i] = true;
      left--;
    } else left = 0;
    if (NEGATORS.has(w) || w.endsWith("n't")) left = NEGATION_SCOPE;
    if (clauseEnd[i] || SCOPE_BREAKERS.has(w)) left = 0;
  }
  return out;
}
