/** AI: ticket-field classification and message sentiment (API shapes shared by server and web). */
import { z } from 'zod';

/** The ticket fields the AI learns to fill. */
export const AI_FIELDS = ['category', 'team', 'priority'] as const;
export type AiField = (typeof AI_FIELDS)[number];
export const AiFieldSchema = z.enum(AI_FIELDS);

/** Per field: off, suggest to the agent, or apply by itself above the confidence threshold. */
export const AI_MODES = ['off', 'suggest', 'auto'] as const;
export type AiMode = (typeof AI_MODES)[number];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const SentimentSchema = z.enum(SENTIMENTS);

/** Labelled tickets a class needs before the AI may apply it by itself (the cold-start rule). */
export const COLD_START_MIN_PER_CLASS = 20;

export const ClassScoreSchema = z.object({
  label: z.string(),
  /** A team's name for team labels (the label is its id). */
  name: z.string().optional(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  /** Labelled tickets of this class used in training. */
  support: z.number().int(),
  /** Enough labelled tickets for auto-apply. */
  ready: z.boolean(),
});
export type ClassScore = z.infer<typeof ClassScoreSchema>;

export const ModelReportSchema = z.object({
  version: z.number().int(),
  trainedAt: z.string(),
  examples: z.number().int(),
  trainMs: z.number().int(),
  /** Cross-validated on the workspace's own tickets (null: too few to cross-validate). */
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  folds: z.number().int(),
  classes: z.array(ClassScoreSchema),
});
export type ModelReport = z.infer<typeof ModelReportSchema>;

export const TrainingStatusSchema = z.object({
  status: z.enum(['trained', 'not_enough_data', 'failed']),
  attemptedAt: z.string(),
  /** Labelled examples found at the last attempt. */
  examples: z.number().int(),
  message: z.string().nullable(),
});

export const AiFieldSettingsSchema = z.object({
  field: AiFieldSchema,
  mode: z.enum(AI_MODES),
  threshold: z.number().min(0).max(1),
  model: ModelReportSchema.nullable(),
  lastAttempt: TrainingStatusSchema.nullable(),
  /** Auto-apply can act: a model exists and at least two classes have enough labelled tickets. */
  coldStart: z.boolean(),
});
export type AiFieldSettings = z.infer<typeof AiFieldSettingsSchema>;

export const AiSettingsSchema = z.object({
  fields: z.array(AiFieldSettingsSchema),
  sentiment: z.object({
    /** 'workspace': trained on this workspace's survey comments too; 'default': the bundled set only. */
    source: z.enum(['workspace', 'default']),
    model: ModelReportSchema.nullable(),
  }),
  coldStartMinPerClass: z.number().int(),
  /** A training job is queued or running. */
  training: z.boolean(),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;

export const AiFieldSettingsWriteSchema = z.object({
  mode: z.enum(AI_MODES),
  threshold: z.number().min(0.3).max(1),
});

export const TicketPredictionSchema = z.object({
  field: AiFieldSchema,
  label: z.string(),
  confidence: z.number(),
  state: z.enum(['suggested', 'applied', 'undone', 'accepted', 'corrected']),
  previousValue: z.string().nullable(),
  modelVersion: z.number().int(),
  createdAt: z.string(),
  /** When an agent dismissed the suggestion (hidden for everyone until taken back); null: standing. */
  dismissedAt: z.string().nullable(),
});
export type TicketPrediction = z.infer<typeof TicketPredictionSchema>;

export const MessageSentimentSchema = z.object({
  messageId: z.string(),
  sentiment: SentimentSchema,
  /** p(positive) − p(negative), −1 … 1. */
  score: z.number(),
  confidence: z.number(),
});
export type MessageSentiment = z.infer<typeof MessageSentimentSchema>;
