import { z } from 'zod';

/** Survey types; the scales of PRODUCT.md §4. */
export const SURVEY_TYPES = ['csat', 'nps', 'ces', 'custom'] as const;
export const SurveyTypeSchema = z.enum(SURVEY_TYPES);
export type SurveyType = z.infer<typeof SurveyTypeSchema>;

/** The score range of each built-in scale. */
export const SCALES = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 }, ces: { min: 1, max: 7 } } as const;

/** The 5-level satisfaction labels of PRODUCT.md §4 (stars → label). */
export const CSAT_LABELS = {
  vi: { 5: 'Rất hài lòng', 4: 'Hài lòng', 3: 'Bình thường', 2: 'Không hài lòng', 1: 'Tệ' },
  en: { 5: 'Excellent', 4: 'Good', 3: 'Average', 2: 'Poor', 1: 'Very poor' },
} as const;

/** Default "low score" thresholds that open a follow-up (configurable per template). */
export const DEFAULT_LOW_SCORE = { csat: 2, nps: 6, ces: 3 } as const;

export const LocalizedTextSchema = z.object({ vi: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000) });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * One question. Built-in surveys have the main scale question (kind csat|nps|ces) and an optional
 * comment (kind text); custom surveys mix rating (1..max), choice and text questions.
 */
export const SurveyQuestionSchema = z.object({
  id: z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/i),
  kind: z.enum(['csat', 'nps', 'ces', 'rating', 'choice', 'text']),
  text: LocalizedTextSchema,
  required: z.boolean().default(false),
  /** rating: the top of the scale (min is 1). */
  max: z.number().int().min(2).max(10).optional(),
  /** choice: the options. */
  options: z.array(z.object({ value: z.string().trim().min(1).max(60), label: LocalizedTextSchema })).max(20).optional(),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

export const SURVEY_TRIGGER_EVENTS = ['ticket_resolved', 'chat_ended', 'call_ended'] as const;

/** When a template is sent by itself. */
export const SurveyTriggersSchema = z.object({
  on: z.array(z.enum(SURVEY_TRIGGER_EVENTS)).default([]),
  /** Wait after the event before sending. */
  delayMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
  /** A customer gets this survey type at most once per this many days. */
  throttleDays: z.number().int().min(0).max(3650).default(30),
});
export type SurveyTriggers = z.infer<typeof SurveyTriggersSchema>;

export const SurveyTemplateSchema = z.object({
  id: z.string(),
  type: SurveyTypeSchema,
  name: z.string(),
  questions: z.array(SurveyQuestionSchema),
  triggers: SurveyTriggersSchema,
  lowScoreThreshold: z.number().int().nullable(),
  editWindowMinutes: z.number().int(),
  expiresAfterDays: z.number().int(),
  enabled: z.boolean(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SurveyTemplateDto = z.infer<typeof SurveyTemplateSchema>;

/** A survey answer as shown on a ticket, in the 360 timeline and in exports. */
export const SurveyAnswerSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  templateId: z.string(),
  type: SurveyTypeSchema,
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  customerId: z.string(),
  ticketId: z.string().nullable(),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  teamId: z.string().nullable(),
  channel: z.string(),
  answeredAt: z.string(),
  updatedAt: z.string(),
  followupTicketId: z.string().nullable(),
});
export type SurveyAnswerDto = z.infer<typeof SurveyAnswerSchema>;
