import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { errorHandler } from '../../core/http/errors.js';
import { loggableError } from '../../core/http/text-safety.js';
import { recordAnswer, surveyExpired, surveyNotFound } from './commands/record-answer.js';
import { editableUntil, linkState, loadSurveyLink, type SurveyLink } from './answer/load-request.js';
import { PAGE_TEXTS } from './answer/page-texts.js';
import { answerLabel, renderClosed, renderForm, renderMessage, renderThanks } from './answer/page.js';
import { commentQuestion, mainQuestion, scaleOf, type AnswerInput } from './answer/validate-answer.js';
import type { Lang } from './answer/texts.js';
import { ErrorSchema } from '../../../shared/common.js';
import { SurveyQuestionSchema, SurveyTypeSchema } from '../../../shared/surveys.js';

const FORM_LIMIT = 16 * 1024;

/** ?lang=en|vi wins; otherwise the workspace's language. */
const langOf = (req: FastifyRequest, link?: SurveyLink): Lang => {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'vi') return q;
  return link?.locale ?? 'vi';
};

const tokenOf = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '');

/**
 * Pages carry the token in their URL: nothing may embed them, leak it through Referer, cache them, or
 * run script; the one inline stylesheet is allowed by a per-response nonce.
 */
function sendPage(reply: FastifyReply, status: number, render: (nonce: string) => string) {
  const nonce = crypto.randomBytes(16).toString('base64');
  return reply
    .status(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`)
    .header('X-Frame-Options', 'DENY')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .send(render(nonce));
}

/** The HTML answer to a failed lookup or write: friendly pages with the right status. */
function sendProblem(reply: FastifyReply, lang: Lang, err: unknown, link?: SurveyLink) {
  const id = err instanceof AppError ? err.id : (err as { statusCode?: number }).statusCode === 429 ? 'rate_limited' : 'other';
  if (id === 'survey.expired') return sendPage(reply, 410, (nonce) => renderMessage({ lang, nonce, kind: 'expired', businessName: link?.businessName }));
  if (id === 'rate_limited' || id === 'survey.rate_limited') return sendPage(reply, 429, (nonce) => renderMessage({ lang, nonce, kind: 'too_many' }));
  if (id === 'survey.not_found') return sendPage(reply, 404, (nonce) => renderMessage({ lang, nonce, kind: 'not_found' }));
  throw err;
}

/** Form fields → an answer: "score", "comment", and "q_<id>" for every other question. */
function formAnswer(link: SurveyLink, body: Record<string, string>): AnswerInput {
  const main = mainQuestion(link.type, link.questions);
  const commentQ = commentQuestion(link.questions);
  const answers: Record<string, unknown> = {};
  for (const q of link.questions) {
    if (q === main || q === commentQ) continue;
    if (`q_${q.id}` in body) answers[q.id] = body[`q_${q.id}`];
  }
  return {
    // A field the form did not send keeps its stored value (an unticked radio is simply absent).
    ...(main && 'score' in body ? { score: body.score } : {}),
    ...(commentQ && 'comment' in body ? { comment: body.comment } : {}),
    answers,
  };
}

/** What the customer just sent, to show again above an error. */
function postedValues(link: SurveyLink, input: AnswerInput): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(link.answer?.answers ?? {}) };
  const main = mainQuestion(link.type, link.questions);
  const commentQ = commentQuestion(link.questions);
  for (const [k, v] of Object.entries(input.answers ?? {})) values[k] = /^\d+$/.test(String(v)) ? Number(v) : v;
  if (main && input.score !== undefined && input.score !== '') values[main.id] = Number(input.score);
  if (commentQ && input.comment !== undefined) values[commentQ.id] = input.comment;
  return values;
}

function errorText(lang: Lang, err: unknown): string {
  const t = PAGE_TEXTS[lang];
  if (err instanceof AppError && err.id === 'survey.invalid_score') return t.errorScore;
  if (err instanceof AppError && err.id === 'validation.failed' && Array.isArray(err.details) && err.details.some((d: unknown) => typeof d === 'object' && d !== null && 'message' in d && d.message === 'Required')) return t.errorRequired;
  return t.errorGeneric;
}

/** An onRequest hook: per-address budget for the public survey endpoints (scanners, guessers). */
function perIpLimit(app: FastifyInstance, max: number) {
  const check = app.createRateLimit({ max, timeWindow: '1 minute', keyGenerator: (req) => `survey-ip:${req.ip}` });
  return async (req: FastifyRequest) => {
    if (req.method === 'OPTIONS') return;
    const r = await check(req);
    if (!r.isAllowed && r.isExceeded) throw new AppError(429, 'survey.rate_limited', 'Too many requests; wait a moment and try again');
  };
}

const tokenParams = z.object({ token: z.string().min(1).max(200) });
const AnswerBody = z.object({
  score: z.number().int().nullable().optional(),
  comment: z.string().max(5000).nullable().optional(),
  answers: z.record(z.string().max(40), z.unknown()).optional(),
});
const PublicAnswerSchema = z.object({
  score: z.number().nullable(),
  comment: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  answeredAt: z.string(),
  editableUntil: z.string(),
});
const PublicSurveySchema = z.object({
  type: SurveyTypeSchema,
  businessName: z.string(),
  locale: z.enum(['vi', 'en']),
  state: z.enum(['open', 'editable', 'closed']),
  questions: z.array(SurveyQuestionSchema),
  expiresAt: z.string(),
  answer: PublicAnswerSchema.nullable(),
});

/** CORS for the widget's JSON endpoints: any origin (the token is the credential), never cookies. */
function cors(reply: FastifyReply) {
  reply.header('Access-Control-Allow-Origin', '*');
  reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  reply.header('Access-Control-Allow-Headers', 'Content-Type');
  reply.header('Access-Control-Max-Age', '600');
  reply.header('Cache-Control', 'no-store');
}

/**
 * The public survey: the page at /s/:token (no login, no script, vi/en; ?score=N from an email
 * link pre-selects that score, only the POST records) and the JSON endpoints the chat widget uses
 * under /api/public/surveys/:token. Registered at the root; the token in the link is the only credential.
 */
export const publicSurveyRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const config = { public: true } as const;
  app.addHook('onRequest', perIpLimit(app, 120));
  // Plain HTML forms post urlencoded fields; parsed here only (encapsulated to this plugin).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((err, req, reply) => {
    if (req.url.startsWith('/s/')) {
      try {
        return sendProblem(reply, langOf(req), err);
      } catch {
        req.log.error({ err: loggableError(err) }, 'survey page failed');
        return sendPage(reply, (err as { statusCode?: number }).statusCode ?? 500, (nonce) => renderMessage({ lang: langOf(req), nonce, kind: 'not_found' }));
      }
    }
    if (req.url.startsWith('/api/public/surveys/')) cors(reply);
    return errorHandler(err as Error, req, reply);
  });

  app.get('/s/:token', { config, schema: { hide: true } }, async (req, reply) => {
    const token = tokenOf(req);
    const link = await loadSurveyLink(ctx.db, token);
    const lang = langOf(req, link);
    if (!link) return sendProblem(reply, lang, surveyNotFound());
    const state = linkState(link);
    if (state === 'expired') return sendProblem(reply, lang, surveyExpired(), link);
    const scoreParam = (req.query as Record<string, unknown>).score;
    if (state === 'closed') return sendPage(reply, 200, (nonce) => renderClosed({ lang, token, link, nonce }));
    // A GET never records (mail scanners and link previews follow every link, and a scanner's "Tệ" would
    // open a follow-up ticket): the one-click link of the email shows the page with that score chosen,
    // and one tap on its button POSTs it.
    if (scoreParam !== undefined && scoreParam !== '') {
      const main = mainQuestion(link.type, link.questions);
      const range = main ? scaleOf(main) : null;
      const score = typeof scoreParam === 'string' && /^\d{1,2}$/.test(scoreParam) ? Number(scoreParam) : NaN;
      const t = PAGE_TEXTS[lang];
      if (!main || !range || !(score >= range.min && score <= range.max)) {
        return sendPage(reply, 400, (nonce) => renderForm({ lang, token, link, nonce, values: link.answer?.answers ?? {}, notice: { kind: 'err', text: t.errorScore } }));
      }
      const values = { ...(link.answer?.answers ?? {}), [main.id]: score };
      return sendPage(reply, 200, (nonce) => renderForm({ lang, token, link, nonce, values, chosen: true, notice: { kind: 'ok', text: t.chosen(answerLabel(link, score, lang)) } }));
    }
    return sendPage(reply, 200, (nonce) => renderForm({ lang, token, link, nonce, values: link.answer?.answers ?? {} }));
  });

  app.post('/s/:token', { config, bodyLimit: FORM_LIMIT, schema: { hide: true } }, async (req, reply) => {
    const token = tokenOf(req);
    const link = await loadSurveyLink(ctx.db, token);
    const lang = langOf(req, link);
    if (!link) return sendProblem(reply, lang, surveyNotFound());
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {};
    const input = formAnswer(link, body);
    try {
      const rec = await recordAnswer(ctx, token, input);
      return sendPage(reply, 200, (nonce) => renderThanks({ lang, token, link: rec.link, nonce }));
    } catch (err) {
      if (err instanceof AppError && (err.id === 'survey.invalid_score' || err.id === 'validation.failed')) {
        return sendPage(reply, 400, (nonce) => renderForm({ lang, token, link, nonce, values: postedValues(link, input), notice: { kind: 'err', text: errorText(lang, err) } }));
      }
      if (err instanceof AppError && err.id === 'survey.closed') return sendPage(reply, 409, (nonce) => renderClosed({ lang, token, link, nonce, attempted: true }));
      return sendProblem(reply, lang, err, link);
    }
  });

  // The chat widget's endpoints (JSON, any origin, no cookies).
  app.options('/api/public/surveys/:token', { config, schema: { hide: true } }, async (_req, reply) => {
    cors(reply);
    return reply.status(204).send();
  });
  app.options('/api/public/surveys/:token/answer', { config, schema: { hide: true } }, async (_req, reply) => {
    cors(reply);
    return reply.status(204).send();
  });

  app.get(
    '/api/public/surveys/:token',
    {
      config,
      schema: {
        tags: ['surveys'],
        summary: 'A survey link: its questions (vi and en) and the current answer (public; the token is the credential)',
        params: tokenParams,
        response: { 200: PublicSurveySchema, 404: ErrorSchema, 410: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      cors(reply);
      const link = await loadSurveyLink(ctx.db, req.params.token);
      if (!link) throw surveyNotFound();
      const state = linkState(link);
      if (state === 'expired') throw surveyExpired();
      const until = editableUntil(link);
      return {
        type: link.type,
        businessName: link.businessName,
        locale: link.locale,
        state,
        questions: link.questions,
        expiresAt: link.expiresAt.toISOString(),
        answer: link.answer
          ? {
              score: link.answer.score,
              comment: link.answer.comment,
              answers: link.answer.answers,
              answeredAt: link.answer.answeredAt.toISOString(),
              editableUntil: until!.toISOString(),
            }
          : null,
      };
    },
  );

  app.post(
    '/api/public/surveys/:token/answer',
    {
      config,
      bodyLimit: FORM_LIMIT,
      schema: {
        tags: ['surveys'],
        summary: 'Answer (or, inside the edit window, change the answer of) a survey link (public; the token is the credential)',
        params: tokenParams,
        body: AnswerBody,
        response: {
          200: z.object({ ok: z.literal(true), answerId: z.string(), editableUntil: z.string() }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          410: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      cors(reply);
      const rec = await recordAnswer(ctx, req.params.token, req.body);
      return { ok: true as const, answerId: rec.answerId, editableUntil: rec.editableUntil.toISOString() };
    },
  );
};
