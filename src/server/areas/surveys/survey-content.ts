import { CSAT_LABELS, SCALES, type LocalizedText, type SurveyQuestion, type SurveyType } from '../../../shared/surveys.js';

/** One answer choice of the main question, as buttons (chat) and one-click links (email) show it. */
export interface SurveyOption {
  value: number;
  label: LocalizedText;
}

/**
 * What a survey message carries in `messages.meta.survey`: enough for any channel to render it
 * (email links, chat buttons) without reading the template again. The url holds the link's token:
 * the message itself is what gets delivered (and re-delivered on retry), so it must keep the link.
 */
export interface SurveyMeta {
  requestId: string;
  templateId: string;
  type: SurveyType;
  url: string;
  token: string;
  /** The main question (the scale one; for custom surveys the first question). */
  question: LocalizedText;
  /** One-click choices of the main question; empty when it has none (text, choice) — the link then opens the page. */
  options: SurveyOption[];
}

/** The question that carries the score: the built-in scale, else a custom survey's first rating question. */
export function mainQuestion(questions: SurveyQuestion[]): SurveyQuestion | undefined {
  return questions.find((q) => q.kind === 'csat' || q.kind === 'nps' || q.kind === 'ces') ?? questions.find((q) => q.kind === 'rating') ?? questions[0];
}

/** The one-click options of a question: CSAT with the 5 labels of PRODUCT.md (best first), NPS 0–10, CES 1–7, rating 1–max. */
export function scoreOptions(q: SurveyQuestion | undefined): SurveyOption[] {
  if (!q) return [];
  const plain = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: { vi: String(min + i), en: String(min + i) } }));
  switch (q.kind) {
    case 'csat':
      return [5, 4, 3, 2, 1].map((v) => ({ value: v, label: { vi: CSAT_LABELS.vi[v as 1], en: CSAT_LABELS.en[v as 1] } }));
    case 'nps':
      return plain(SCALES.nps.min, SCALES.nps.max);
    case 'ces':
      return plain(SCALES.ces.min, SCALES.ces.max);
    case 'rating':
      return plain(1, q.max ?? 5);
    default:
      return [];
  }
}

export function surveyMeta(r: { requestId: string; templateId: string; type: SurveyType; url: string; token: string; questions: SurveyQuestion[] }): SurveyMeta {
  const q = mainQuestion(r.questions);
  return {
    requestId: r.requestId,
    templateId: r.templateId,
    type: r.type,
    url: r.url,
    token: r.token,
    question: q?.text ?? { vi: 'Anh/chị đánh giá thế nào về sự hỗ trợ của chúng tôi?', en: 'How would you rate our help?' },
    options: scoreOptions(q),
  };
}

/**
 * The message text (every channel shows it; email adds one-click links in HTML): the question and
 * the link, in Vietnamese first and English below, since we do not know the customer's language.
 */
export function surveyBody(m: SurveyMeta): string {
  return [
    `${m.question.vi}`,
    `Mời anh/chị trả lời tại: ${m.url}`,
    '',
    `${m.question.en}`,
    `Answer here: ${m.url}`,
  ].join('\n');
}

/** The internal note of a link-only survey (the channel cannot send and no email route exists). */
export function linkOnlyNote(m: SurveyMeta): string {
  return `Khảo sát ${m.type.toUpperCase()} chưa gửi được tự động (kênh này không gửi tin và khách chưa có email). Đường dẫn cho khách: ${m.url}`;
}
