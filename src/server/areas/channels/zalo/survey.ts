import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { recordAnswer, type SurveyMeta } from '../../surveys/index.js';
import { toSearchText } from '../../../../shared/search-text.js';

/** Zalo's buttons under a message: at most 5 (developers.zalo.me, "buttons", tin Tư vấn). */
export const ZALO_MAX_BUTTONS = 5;
/** How long after the survey message a typed score still answers it. */
const ANSWER_WITHIN_DAYS = 7;

/**
 * A Zalo button of type `oa.query.show`: tapping it makes the user send `payload` to the OA as their
 * own text message, shown in the chat (action types table of the OA message API). The webhook then
 * delivers it as an ordinary `user_send_text`, so a tapped button and a typed score arrive alike and
 * are read by one parser (parseSurveyScore).
 */
export interface ZaloButton {
  title: string;
  type: 'oa.query.show';
  payload: string;
}

/** The text (and buttons) of a survey on Zalo. */
export interface ZaloSurveyMessage {
  text: string;
  buttons: ZaloButton[];
}

/**
 * How a survey looks on Zalo: up to 5 choices (CSAT, a 1–5 rating) as buttons; more (NPS 0–10, CES
 * 1–7) as a short "answer with a number" line; none (custom questions) as the link alone. The link is
 * always there for the full page (comment, other questions).
 */
export function zaloSurveyMessage(s: SurveyMeta): ZaloSurveyMessage {
  const values = s.options.map((o) => o.value);
  if (values.length === 0) {
    return { text: `${s.question.vi}\nMời anh/chị trả lời tại: ${s.url}`, buttons: [] };
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (s.options.length <= ZALO_MAX_BUTTONS) {
    return {
      text: `${s.question.vi}\nAnh/chị chọn một mức bên dưới hoặc trả lời bằng một số từ ${min} đến ${max}.\nHoặc trả lời tại: ${s.url}`,
      buttons: s.options.map((o) => {
        const label = o.label.vi === String(o.value) ? String(o.value) : `${o.value} – ${o.label.vi}`;
        return { title: label.slice(0, 100), type: 'oa.query.show', payload: label };
      }),
    };
  }
  return { text: `${s.question.vi}\nAnh/chị trả lời bằng một số từ ${min} đến ${max} nhé (${max} là cao nhất).\nHoặc trả lời tại: ${s.url}`, buttons: [] };
}

/**
 * The score in a user's reply to a survey: a number at its start ("5", "5 – Rất hài lòng", "9 điểm")
 * within the survey's choices, or a choice's label typed alone ("rất hài lòng", accents optional).
 * Undefined for anything else ("5 cái nữa nhé" still reads 5: the user's very next message after a
 * survey is taken as its answer only when it starts with a valid score).
 */
export function parseSurveyScore(text: string, s: Pick<SurveyMeta, 'options'>): number | undefined {
  const values = new Set(s.options.map((o) => o.value));
  const m = /^\s*(\d{1,2})(?!\d)(?![.,]\d)/.exec(text);
  if (m) {
    const n = Number(m[1]);
    return values.has(n) ? n : undefined;
  }
  const folded = toSearchText(text).replace(/[.!]+$/, '').trim();
  const byLabel = s.options.find((o) => toSearchText(o.label.vi) === folded || toSearchText(o.label.en) === folded);
  return byLabel?.value;
}

/**
 * Records a Zalo user's reply as the answer of the survey we sent them, like the web chat's buttons do
 * (surveys' recordAnswer with the link's token: one answer per request, survey.answered, follow-ups).
 * Only the user's NEXT message after the survey counts, and only when it reads as a score; so a
 * repeated webhook, a second number or small talk later never records or changes an answer.
 * Returns the recorded score, or undefined when the message is no answer. Never throws for the
 * customer's message: an expired or closed survey is simply not answered.
 */
export async function recordZaloSurveyReply(
  ctx: AppContext,
  m: { workspaceId: string; customerId: string; messageId: string; text: string },
): Promise<number | undefined> {
  const survey = await ctx.db.maybeOne<{ id: string; meta: { survey: SurveyMeta }; created_at: Date }>(
    `SELECT s.id, s.meta, s.created_at FROM messages s
      JOIN messages r ON r.id = $3 AND r.workspace_id = s.workspace_id
      WHERE s.workspace_id = $1 AND s.customer_id = $2 AND s.channel = 'zalo' AND s.direction = 'outbound' AND s.meta ? 'survey'
        AND s.created_at < r.created_at AND s.created_at > r.created_at - make_interval(days => $4)
      ORDER BY s.created_at DESC, s.id DESC LIMIT 1`,
    [m.workspaceId, m.customerId, m.messageId, ANSWER_WITHIN_DAYS],
  );
  if (!survey?.meta.survey?.token) return undefined;
  // The user's next message only: any message of theirs between the survey and this one means they moved on.
  const between = await ctx.db.maybeOne(
    `SELECT 1 FROM messages x JOIN messages r ON r.id = $4
      WHERE x.workspace_id = $1 AND x.customer_id = $2 AND x.direction = 'inbound' AND x.id <> $4
        AND x.created_at > $3 AND (x.created_at < r.created_at OR (x.created_at = r.created_at AND x.id < r.id)) LIMIT 1`,
    [m.workspaceId, m.customerId, survey.created_at, m.messageId],
  );
  if (between) return undefined;
  const score = parseSurveyScore(m.text, survey.meta.survey);
  if (score === undefined) return undefined;
  try {
    await recordAnswer(ctx, survey.meta.survey.token, { score });
  } catch (err) {
    // Expired, closed or deleted survey: the message stays an ordinary message in the thread.
    if (err instanceof AppError && err.status < 500) return undefined;
    throw err;
  }
  return score;
}
