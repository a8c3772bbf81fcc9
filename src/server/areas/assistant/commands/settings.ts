import type { AppContext } from '../../../core/context.js';
import type { Sql } from '../../../core/db/types.js';
import { badRequest } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { AI_LABEL_DEFAULT, type AgentChannel, type AssistantSettings, type AssistantSettingsWrite } from '../../../../shared/assistant.js';
import type { LlmEndpoint } from '../llm/client.js';

interface SettingsRow {
  base_url: string | null;
  model: string | null;
  api_key_sealed: string | null;
  timeout_ms: number;
  embeddings: boolean;
  embedding_model: string | null;
  agent_channels: AgentChannel[];
  agent_schedule: AssistantSettings['agentSchedule'];
  max_turns: number;
  threshold: number;
  handoff_team_id: string | null;
  handoff_segment_ids: string[];
  ai_label_vi: string | null;
  ai_label_en: string | null;
}

const DEFAULTS: SettingsRow = {
  base_url: null, model: null, api_key_sealed: null, timeout_ms: 20_000, embeddings: false, embedding_model: null, agent_channels: [], agent_schedule: 'always',
  max_turns: 4, threshold: 0.35, handoff_team_id: null, handoff_segment_ids: [], ai_label_vi: null, ai_label_en: null,
};

/** The assistant's settings as stored (defaults when the workspace never saved any). */
export async function loadSettingsRow(sql: Sql, workspaceId: string): Promise<SettingsRow> {
  const row = await sql.maybeOne<SettingsRow>('SELECT * FROM assistant_settings WHERE workspace_id = $1', [workspaceId]);
  return row ? { ...row, threshold: Number(row.threshold) } : DEFAULTS;
}

export function presentSettings(ctx: Pick<AppContext, 'env'>, r: SettingsRow): AssistantSettings {
  return {
    baseUrl: r.base_url,
    model: r.model,
    hasApiKey: !!r.api_key_sealed,
    timeoutMs: r.timeout_ms,
    embeddings: r.embeddings,
    embeddingModel: r.embedding_model,
    agentChannels: r.agent_channels,
    agentSchedule: r.agent_schedule,
    maxTurns: r.max_turns,
    threshold: r.threshold,
    handoffTeamId: r.handoff_team_id,
    handoffSegmentIds: r.handoff_segment_ids,
    aiLabelVi: r.ai_label_vi,
    aiLabelEn: r.ai_label_en,
    usingEnvDefault: !r.base_url && !!ctx.env.LLM_BASE_URL,
  };
}

/**
 * The model endpoint a workspace uses: its saved base URL (else the env default LLM_BASE_URL), model
 * and sealed key; null when there is none (everything then works by retrieval alone).
 */
export function endpointOf(ctx: Pick<AppContext, 'env' | 'secrets'>, r: SettingsRow): LlmEndpoint | null {
  const baseUrl = r.base_url ?? ctx.env.LLM_BASE_URL;
  if (!baseUrl) return null;
  let apiKey: string | null = null;
  if (r.api_key_sealed) {
    try {
      apiKey = String(ctx.secrets.open(r.api_key_sealed).apiKey ?? '') || null;
    } catch {
      apiKey = null;
    }
  }
  return { baseUrl, model: r.model ?? ctx.env.LLM_MODEL ?? 'default', apiKey, timeoutMs: r.timeout_ms };
}

/** Saves the settings; the API key is sealed (kept when not sent, removed when sent empty). */
export async function saveSettings(ctx: Pick<AppContext, 'db' | 'secrets'>, actor: Actor, input: AssistantSettingsWrite): Promise<SettingsRow> {
  const ws = actor.workspaceId;
  return ctx.db.tx(async (tx) => {
    if (input.handoffTeamId && !(await tx.maybeOne('SELECT 1 FROM teams WHERE workspace_id = $1 AND id = $2', [ws, input.handoffTeamId]))) {
      throw badRequest('assistant.team_not_found', 'The hand-off team does not exist', { field: 'handoffTeamId' });
    }
    const before = await tx.maybeOne<Pick<SettingsRow, 'api_key_sealed' | 'embedding_model' | 'ai_label_vi' | 'ai_label_en'>>(
      'SELECT api_key_sealed, embedding_model, ai_label_vi, ai_label_en FROM assistant_settings WHERE workspace_id = $1 FOR UPDATE',
      [ws],
    );
    const embeddingModel = input.embeddingModel === undefined ? (before?.embedding_model ?? null) : input.embeddingModel;
    const labelVi = input.aiLabelVi === undefined ? (before?.ai_label_vi ?? null) : input.aiLabelVi;
    const labelEn = input.aiLabelEn === undefined ? (before?.ai_label_en ?? null) : input.aiLabelEn;
    const sealed = input.apiKey === undefined ? (before?.api_key_sealed ?? null) : input.apiKey ? ctx.secrets.seal({ apiKey: input.apiKey }) : null;
    const row = await tx.one<SettingsRow>(
      `INSERT INTO assistant_settings (workspace_id, base_url, model, api_key_sealed, timeout_ms, embeddings, agent_channels, agent_schedule, max_turns, threshold, handoff_team_id, handoff_segment_ids, embedding_model, ai_label_vi, ai_label_en)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (workspace_id) DO UPDATE SET base_url = $2, model = $3, api_key_sealed = $4, timeout_ms = $5, embeddings = $6, agent_channels = $7,
         agent_schedule = $8, max_turns = $9, threshold = $10, handoff_team_id = $11, handoff_segment_ids = $12, embedding_model = $13, ai_label_vi = $14, ai_label_en = $15, updated_at = now()
       RETURNING *`,
      [ws, input.baseUrl, input.model, sealed, input.timeoutMs, input.embeddings, [...new Set(input.agentChannels)], input.agentSchedule, input.maxTurns, input.threshold, input.handoffTeamId, input.handoffSegmentIds, embeddingModel, labelVi, labelEn],
    );
    await appendEvent(tx, { workspaceId: ws, type: 'assistant.settings_saved', subjectType: 'workspace', subjectId: ws, actor, data: { baseUrl: row.base_url, model: row.model, agentChannels: row.agent_channels, embeddings: row.embeddings } });
    return { ...row, threshold: Number(row.threshold) };
  });
}

/** The label the AI's messages go out under in a language: the workspace's, else AI_LABEL_DEFAULT. */
export function aiLabelOf(r: Pick<SettingsRow, 'ai_label_vi' | 'ai_label_en'>, lang: 'vi' | 'en'): string {
  return (lang === 'vi' ? r.ai_label_vi : r.ai_label_en) || AI_LABEL_DEFAULT[lang];
}
