import type { OutboundRequest } from '../../../core/channels/types.js';

interface SurveyMetaLike {
  url: string;
  type: string;
  question: { vi: string; en: string };
  options: { value: number; label: { vi: string; en: string } }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function surveyOf(meta: Record<string, unknown>): SurveyMetaLike | undefined {
  const s = meta.survey as Partial<SurveyMetaLike> | undefined;
  if (!s || typeof s.url !== 'string' || !s.question || !Array.isArray(s.options)) return undefined;
  return s as SurveyMetaLike;
}

/** `…/s/<token>?score=N`: the click opens the survey page with that score chosen; one tap there sends it (a GET never records: mail scanners follow links). */
export const scoreLink = (url: string, score: number) => `${url}${url.includes('?') ? '&' : '?'}score=${score}`;

/**
 * The mail of a survey message: in HTML each score is its own link (a click chooses it: CSAT with
 * its five labels, NPS 0–10, CES 1–7), plus the plain link; the text part is the message body
 * (question + link). Undefined for any other message. Inline styles only: mail clients drop <style>.
 */
export function renderSurveyEmail(message: OutboundRequest['message']): { html: string; text: string } | undefined {
  const s = surveyOf(message.meta);
  if (!s) return undefined;
  const cell = 'display:inline-block;margin:3px;padding:8px 12px;border:1px solid #c9d3e0;border-radius:6px;color:#1c4e80;text-decoration:none;font:14px Arial,sans-serif';
  const labelled = s.type === 'csat';
  const buttons = s.options
    .map((o) => `<a href="${esc(scoreLink(s.url, o.value))}" style="${cell}">${labelled ? `${o.value}★ ${esc(o.label.vi)}` : esc(String(o.value))}</a>`)
    .join('');
  const scaleHint =
    s.type === 'nps'
      ? '<p style="font:12px Arial,sans-serif;color:#667">0 = Hoàn toàn không / Not at all likely · 10 = Chắc chắn / Extremely likely</p>'
      : s.type === 'ces'
        ? '<p style="font:12px Arial,sans-serif;color:#667">1 = Rất khó / Very hard · 7 = Rất dễ / Very easy</p>'
        : '';
  const html = [
    '<div style="font:14px Arial,sans-serif;color:#222">',
    `<p style="margin:0 0 4px">${esc(s.question.vi)}</p>`,
    `<p style="margin:0 0 12px;color:#555">${esc(s.question.en)}</p>`,
    buttons ? `<div>${buttons}</div>${scaleHint}` : '',
    `<p>Hoặc mở khảo sát / Or open the survey: <a href="${esc(s.url)}">${esc(s.url)}</a></p>`,
    '<p style="font:12px Arial,sans-serif;color:#888">Cảm ơn anh/chị đã dành thời gian. Thank you for your time.</p>',
    '</div>',
  ].join('\n');
  return { html, text: message.body };
}
