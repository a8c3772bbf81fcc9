import type { AppContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { recordAnswer, type SurveyMeta } from '../../surveys/index.js';

/** Messenger shows at most 13 quick replies, each title at most 20 characters. */
const MAX_QUICK_REPLIES = 13;
const MAX_TITLE = 20;
const PREFIX = 'TANTAM_SURVEY';

/** The quick reply's payload: the survey link's token (the credential, as on the survey page) and the score. */
export const surveyPayload = (token: string, score: number) => `${PREFIX}:${token}:${score}`;

export function parseSurveyPayload(payload: string | undefined): { token: string; score: number } | undefined {
  const m = payload?.match(/^TANTAM_SURVEY:([A-Za-z0-9_-]{8,200}):(-?\d{1,3})$/);
  return m ? { token: m[1], score: Number(m[2]) } : undefined;
}

/** A CSAT choice "⭐⭐⭐⭐⭐ Rất hài lòng"; NPS/CES/rating choices are the plain numbers. */
function title(meta: SurveyMeta, o: SurveyMeta['options'][number]): string {
  const t = meta.type === 'csat' ? `${'⭐'.repeat(o.value)} ${o.label.vi}` : o.label.vi;
  return [...t].slice(0, MAX_TITLE).join('');
}

/**
 * A survey as one Messenger message: the question (Vietnamese first, English below), the link for a
 * comment, and its one-tap scores as quick replies — CSAT 5 (best first), NPS 0–10 (11 ≤ 13). Quick
 * replies belong to the latest message only (an earlier message's vanish when another arrives), so
 * NPS stays in one message: Messenger wraps the 11 choices over two rows by itself.
 */
export function surveyMessage(meta: SurveyMeta): { text: string; quick_replies?: { content_type: 'text'; title: string; payload: string }[] } {
  const text = [meta.question.vi, meta.question.en, '', `Trả lời chi tiết / Answer here: ${meta.url}`].join('\n');
  if (meta.options.length === 0 || meta.options.length > MAX_QUICK_REPLIES) return { text };
  return { text, quick_replies: meta.options.map((o) => ({ content_type: 'text', title: title(meta, o), payload: surveyPayload(meta.token, o.value) })) };
}

/**
 * Records a tapped score exactly like the survey page does (surveys' recordAnswer: one answer per link,
 * edits within the window, follow-up on a low score). A link that expired or can no longer be changed
 * is told in the log only: the tap itself is still in the conversation as the customer's message.
 */
export async function recordSurveyTap(ctx: AppContext, token: string, score: number): Promise<boolean> {
  try {
    await recordAnswer(ctx, token, { score });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      console.warn(`messenger: survey quick reply not recorded (${err.id})`);
      return false;
    }
    throw err;
  }
}
