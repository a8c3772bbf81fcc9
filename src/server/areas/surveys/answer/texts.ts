import { CSAT_LABELS, SCALES, type SurveyType } from '../../../../shared/surveys.js';

export type Lang = 'vi' | 'en';

/** "CSAT 2/5", "NPS 3/10", "CES 2/7"; custom surveys by their name and their rating's top. */
export function scoreLabel(type: SurveyType, templateName: string, score: number, max: number | null): string {
  if (type === 'custom') return max ? `${templateName} ${score}/${max}` : `${templateName} ${score}`;
  return `${type.toUpperCase()} ${score}/${SCALES[type].max}`;
}

/** The 5-level label of a CSAT score (PRODUCT.md §4), if it is one. */
export function csatLabel(lang: Lang, score: number | null): string | null {
  if (score === null) return null;
  return (CSAT_LABELS[lang] as Record<number, string>)[score] ?? null;
}

/** Texts of the follow-up ticket, in the workspace's language. */
export const FOLLOWUP_TEXTS = {
  vi: {
    subject: (label: string, ref: string) => `Khách chấm điểm thấp: ${label}${ref ? ` — ${ref}` : ''}`,
    intro: (customer: string, label: string, about: string) => `Khách hàng ${customer} chấm ${label}${about ? ` cho ${about}` : ''}.`,
    comment: (c: string) => `Góp ý của khách: “${c}”`,
    noComment: 'Khách chưa để lại góp ý.',
    original: (url: string) => `Phiếu gốc: ${url}`,
    ask: 'Hãy liên hệ lại với khách để khách thấy ý kiến của mình được lắng nghe.',
    changedScore: (from: string, to: string) => `Khách đổi điểm: ${from} → ${to}.`,
    changedComment: (c: string) => `Khách bổ sung góp ý: “${c}”`,
    ticket: (n: number) => `phiếu #${n}`,
  },
  en: {
    subject: (label: string, ref: string) => `Low score from a customer: ${label}${ref ? ` — ${ref}` : ''}`,
    intro: (customer: string, label: string, about: string) => `${customer} scored ${label}${about ? ` for ${about}` : ''}.`,
    comment: (c: string) => `Their comment: “${c}”`,
    noComment: 'No comment left yet.',
    original: (url: string) => `Original ticket: ${url}`,
    ask: 'Please get back to the customer so they see they were heard.',
    changedScore: (from: string, to: string) => `The customer changed the score: ${from} → ${to}.`,
    changedComment: (c: string) => `The customer added a comment: “${c}”`,
    ticket: (n: number) => `ticket #${n}`,
  },
} as const;
