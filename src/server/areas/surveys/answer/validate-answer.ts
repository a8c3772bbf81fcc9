import { AppError } from '../../../core/errors.js';
import { SCALES, type SurveyQuestion, type SurveyType } from '../../../../shared/surveys.js';

export const MAX_COMMENT = 2000;

/** What a customer sent: the main score, a comment, and/or answers by question id (custom surveys). */
export interface AnswerInput {
  score?: number | string | null;
  comment?: string | null;
  answers?: Record<string, unknown>;
}

/** The stored form of an answer after merging with the previous one. */
export interface ValidAnswer {
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
}

const invalid = (questionId: string, message: string) =>
  new AppError(400, 'validation.failed', message, [{ path: questionId === 'score' ? 'score' : `answers.${questionId}`, message }]);

const invalidScore = (questionId: string, min: number, max: number, got: unknown) =>
  new AppError(400, 'survey.invalid_score', `The score must be a whole number from ${min} to ${max}`, { questionId, min, max, got });

/** The range of a scored question (rating: 1..max, default 5). */
export function scaleOf(q: SurveyQuestion): { min: number; max: number } | null {
  if (q.kind === 'csat' || q.kind === 'nps' || q.kind === 'ces') return SCALES[q.kind];
  if (q.kind === 'rating') return { min: 1, max: q.max ?? 5 };
  return null;
}

/** The question whose answer is the survey's main score: the type's scale, else the first rating. */
export function mainQuestion(type: SurveyType, questions: SurveyQuestion[]): SurveyQuestion | undefined {
  return questions.find((q) => q.kind === type) ?? questions.find((q) => scaleOf(q) !== null);
}

/** The question a free comment lands in (the first text question). */
export const commentQuestion = (questions: SurveyQuestion[]) => questions.find((q) => q.kind === 'text');

/** Form values arrive as strings ("4"); an empty field means "not answered". */
function toScore(q: SurveyQuestion, v: unknown): number | undefined {
  const range = scaleOf(q)!;
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < range.min || n > range.max) throw invalidScore(q.id, range.min, range.max, v);
  return n;
}

function checkValue(q: SurveyQuestion, v: unknown): unknown {
  if (scaleOf(q)) return toScore(q, v);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(q.id, `The answer to "${q.id}" must be text`);
  const s = v.trim();
  if (s === '') return undefined;
  if (q.kind === 'choice') {
    if (!(q.options ?? []).some((o) => o.value === s)) throw invalid(q.id, `"${s}" is not one of the choices of "${q.id}"`);
    return s;
  }
  if (s.length > MAX_COMMENT) throw invalid(q.id, `The answer to "${q.id}" is longer than ${MAX_COMMENT} characters`);
  return s;
}

/**
 * Checks an answer against the template's questions and merges it over the previous answer (an
 * edit may send only what changes, e.g. the comment after a one-click score): every value by its
 * question's kind (scores in their scale → survey.invalid_score; choices among the options; text
 * ≤ 2,000 characters), unknown questions refused, required questions present after merging.
 * `score`/`comment` are shorthands for the main and the comment question.
 */
export function validateAnswer(type: SurveyType, questions: SurveyQuestion[], input: AnswerInput, previous: ValidAnswer | null): ValidAnswer {
  const main = mainQuestion(type, questions);
  const commentQ = commentQuestion(questions);
  const incoming: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(input.answers ?? {})) {
    if (!questions.some((q) => q.id === id)) throw invalid(id, `This survey has no question "${id}"`);
    incoming[id] = v;
  }
  if (input.score !== undefined) {
    if (!main) throw invalid('score', 'This survey has no score question');
    incoming[main.id] = input.score;
  }
  if (input.comment !== undefined) {
    if (!commentQ) throw invalid('comment', 'This survey takes no comment');
    if (input.comment !== null && typeof input.comment !== 'string') throw invalid(commentQ.id, 'The comment must be text');
    incoming[commentQ.id] = input.comment ?? '';
  }

  const merged: Record<string, unknown> = { ...(previous?.answers ?? {}) };
  for (const q of questions) {
    if (!(q.id in incoming)) continue;
    const v = checkValue(q, incoming[q.id]);
    // Clearing an optional answer on an edit removes it; a required one is checked below.
    if (v === undefined) delete merged[q.id];
    else merged[q.id] = v;
  }
  if (Object.keys(merged).length === 0) throw invalid(main?.id ?? 'score', 'Answer at least one question');
  const missing = questions.filter((q) => q.required && merged[q.id] === undefined);
  if (missing.length > 0) {
    const first = missing[0]!;
    throw new AppError(
      400,
      'validation.failed',
      first === main ? 'Choose a score first' : `Please answer every required question (${missing.map((q) => q.id).join(', ')})`,
      missing.map((q) => ({ path: q === main ? 'score' : `answers.${q.id}`, message: 'Required' })),
    );
  }
  const score = main && typeof merged[main.id] === 'number' ? (merged[main.id] as number) : null;
  const comment = commentQ && typeof merged[commentQ.id] === 'string' ? (merged[commentQ.id] as string) : null;
  return { score, comment, answers: merged };
}
