import EmailReplyParser from 'email-reply-parser';

/**
 * Longer texts are not folded: the parser's regular expressions run on every line, and a huge mail
 * (a log, a newsletter) is shown whole anyway.
 */
const MAX_FOLD_CHARS = 100_000;

export interface FoldedReply {
  /** What the customer wrote this time. */
  visible: string;
  /** Quoted history and signature, folded away in the thread view; undefined when nothing was folded. */
  quoted?: string;
}

/**
 * Splits a reply into the new text and the folded part (quoted history, "On … wrote:" headers,
 * Outlook "From:/Sent:" blocks, signatures) with crisp's email-reply-parser. Nothing is dropped:
 * every hidden fragment goes to `quoted`. If folding would leave nothing visible (a mail that is all
 * quote, or a parser misfire), the whole text stays visible.
 */
export function foldReply(text: string): FoldedReply {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (!normalized.trim() || normalized.length > MAX_FOLD_CHARS) return { visible: normalized.trim() };
  let fragments;
  try {
    fragments = new EmailReplyParser().read(normalized).getFragments();
  } catch {
    return { visible: normalized.trim() };
  }
  let visible = fragments.filter((f) => !f.isHidden()).map((f) => f.getContent()).join('\n').trim();
  let quoted = fragments.filter((f) => f.isHidden()).map((f) => f.getContent()).join('\n').trim();
  // The parser knows ~10 locales but not Vietnamese: cut at a Vietnamese quote header ourselves.
  const lines = visible.split('\n');
  const cut = lines.findIndex((line, i) => i > 0 && isVietnameseQuoteHeader(lines, i));
  if (cut > 0) {
    quoted = [lines.slice(cut).join('\n').trim(), quoted].filter(Boolean).join('\n');
    visible = lines.slice(0, cut).join('\n').trim();
  }
  if (!visible) return { visible: normalized.trim() };
  return { visible, quoted: quoted || undefined };
}

/** Gmail "Vào <ngày> … đã viết:" and Outlook "Từ: … / Đã gửi: …" blocks in Vietnamese. */
function isVietnameseQuoteHeader(lines: string[], i: number): boolean {
  const line = lines[i].trim();
  if (/^(vào|lúc)\s.{4,200}(đã viết|viết)\s*:$/i.test(line)) return true;
  if (/^\*?từ\*?\s*:/i.test(line)) return lines.slice(i + 1, i + 4).some((l) => /^\*?(đã gửi|gửi|ngày gửi)\*?\s*:/i.test(l.trim()));
  return false;
}
