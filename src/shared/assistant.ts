/** Assistant: the model endpoint, the AI agent on chat channels, drafts and summaries for agents. (API shapes shared by server and web.) */
import { z } from 'zod';

/** Channels the AI agent can answer on. */
export const AGENT_CHANNELS = ['webchat', 'zalo', 'messenger'] as const;
export type AgentChannel = (typeof AGENT_CHANNELS)[number];
/** Channels whose customers see a badge on the AI's messages (the widget); elsewhere the text carries the label as a prefix. */
export const AI_BADGE_CHANNELS: readonly string[] = ['webchat'];
/** How the AI agent's messages are marked when the workspace set nothing. */
export const AI_LABEL_DEFAULT = { vi: 'Trợ lý AI', en: 'AI assistant' } as const;
/** The prefix a plain-text channel (Zalo, Messenger) gets before the AI's words: "🤖 Trợ lý AI: ". */
export const aiPrefix = (label: string) => `🤖 ${label}: `;
/** A workspace's AI label: 1–40 characters, no line breaks; null or empty: the default. */
const AiLabelWriteSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^[^\r\n]*$/)
  .nullable()
  .transform((v) => v || null);

/** When it answers: always, only outside business hours, or only within them. */
export const AGENT_SCHEDULES = ['always', 'outside_hours', 'business_hours'] as const;

/** Why a conversation went to a human. */
export const HANDOFF_REASONS = ['asked_for_human', 'low_confidence', 'negative_sentiment', 'segment', 'max_turns', 'model_error', 'unsupported_claim', 'model_handoff'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export const AssistantSettingsSchema = z.object({
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  /** Whether an API key is stored (it is never sent back). */
  hasApiKey: z.boolean(),
  timeoutMs: z.number().int(),
  embeddings: z.boolean(),
  /** The embedding model's name (null: LLM_EMBEDDING_MODEL, else the chat model). */
  embeddingModel: z.string().nullable(),
  agentChannels: z.array(z.enum(AGENT_CHANNELS)),
  agentSchedule: z.enum(AGENT_SCHEDULES),
  maxTurns: z.number().int(),
  threshold: z.number(),
  handoffTeamId: z.string().nullable(),
  handoffSegmentIds: z.array(z.string()),
  /** How the AI's messages are marked (badge in the widget and the agents' thread, prefix on Zalo/Messenger); null: AI_LABEL_DEFAULT. */
  aiLabelVi: z.string().nullable(),
  aiLabelEn: z.string().nullable(),
  /** The env default endpoint applies (no base URL saved). */
  usingEnvDefault: z.boolean(),
});
export type AssistantSettings = z.infer<typeof AssistantSettingsSchema>;

export const AssistantSettingsWriteSchema = z.object({
  baseUrl: z.string().trim().url().max(500).nullable().or(z.literal('').transform(() => null)),
  model: z.string().trim().max(200).nullable().or(z.literal('').transform(() => null)),
  /** undefined: keep the stored key; null or '': remove it; a string: replace it. */
  apiKey: z.string().max(500).nullable().optional(),
  timeoutMs: z.number().int().min(1000).max(120_000),
  embeddings: z.boolean(),
  /** undefined: keep the stored name. */
  embeddingModel: z.string().trim().max(200).nullable().optional().or(z.literal('').transform(() => null)),
  agentChannels: z.array(z.enum(AGENT_CHANNELS)).max(3),
  agentSchedule: z.enum(AGENT_SCHEDULES),
  maxTurns: z.number().int().min(1).max(20),
  threshold: z.number().min(0).max(1),
  handoffTeamId: z.string().uuid().nullable(),
  handoffSegmentIds: z.array(z.string().uuid()).max(20),
  /** undefined: keep the stored label; null or '': the default. */
  aiLabelVi: AiLabelWriteSchema.optional(),
  aiLabelEn: AiLabelWriteSchema.optional(),
});
export type AssistantSettingsWrite = z.infer<typeof AssistantSettingsWriteSchema>;

/** How the knowledge base is embedded for hybrid retrieval (Settings → AI assistant → embeddings). */
export const EmbeddingsStatusSchema = z.object({
  /** The embedding model in use; null when embeddings are off or there is no endpoint (search is lexical). */
  model: z.string().nullable(),
  articles: z.number().int(),
  /** Articles whose passages are embedded by that model and current with their text. */
  embedded: z.number().int(),
  passages: z.number().int(),
  lastEmbeddedAt: z.string().nullable(),
  /** A re-embed job is waiting or running. */
  running: z.boolean(),
});
export type EmbeddingsStatus = z.infer<typeof EmbeddingsStatusSchema>;

/** One call to the endpoint's /v1/embeddings with a sample sentence. */
export const EmbeddingsTestSchema = z.object({ ok: z.boolean(), model: z.string().nullable(), dimensions: z.number().int().nullable(), error: z.string().nullable(), ms: z.number() });
export type EmbeddingsTest = z.infer<typeof EmbeddingsTestSchema>;

export const EndpointTestSchema = z.object({ ok: z.boolean(), model: z.string().nullable(), reply: z.string().nullable(), error: z.string().nullable(), ms: z.number() });

/** The AI agent's figures over a period. */
export const AssistantMetricsSchema = z.object({
  conversations: z.number().int(),
  resolvedByAi: z.number().int(),
  handedOff: z.number().int(),
  /** resolvedByAi / conversations that are no longer open with the AI (0–1), null without any. */
  resolutionRate: z.number().nullable(),
  handoffRate: z.number().nullable(),
  aiMessages: z.number().int(),
  csatAi: z.number().nullable(),
  csatAiCount: z.number().int(),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});
export type AssistantMetrics = z.infer<typeof AssistantMetricsSchema>;

export const DraftKindSchema = z.enum(['draft', 'summary', 'rewrite']);
export const DraftRequestSchema = z.object({ kind: DraftKindSchema, text: z.string().max(10_000).optional(), tone: z.enum(['polite', 'friendly', 'short']).optional() });
export type DraftRequest = z.infer<typeof DraftRequestSchema>;
/** A suggestion made without a model (retrieval and templates) or by the model. */
export const DraftSchema = z.object({ text: z.string(), source: z.enum(['model', 'retrieval']), articles: z.array(z.object({ title: z.string(), url: z.string() })) });
export type Draft = z.infer<typeof DraftSchema>;
