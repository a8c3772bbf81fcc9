import crypto from 'node:crypto';
import type { Tx } from '../../../core/db/types.js';
import { newId } from '../../../core/lib/ids.js';

export interface NewSurveyRequest {
  workspaceId: string;
  templateId: string;
  type: string;
  customerId: string;
  ticketId?: string | null;
  aboutRef?: string | null;
  agentId?: string | null;
  teamId?: string | null;
  channel: string;
  reason: 'ticket_resolved' | 'chat_ended' | 'call_ended' | 'api' | 'campaign';
  campaignId?: string | null;
  expiresAfterDays: number;
}

/** sha256 of a survey link's token: what the database keeps and looks up by. */
export function surveyTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The public page of a survey link (PUBLIC_URL or the local address). */
export function surveyUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/s/${token}`;
}

/**
 * Records a survey request and returns its one-time-visible token (the link's credential: only its
 * hash is stored). The caller delivers the link in the customer's channel in the same transaction.
 */
export async function createSurveyRequest(tx: Tx, r: NewSurveyRequest): Promise<{ requestId: string; token: string }> {
  const token = crypto.randomBytes(18).toString('base64url');
  const requestId = newId();
  await tx.query(
    `INSERT INTO survey_requests (id, workspace_id, template_id, type, customer_id, ticket_id, about_ref, agent_id, team_id, channel,
       reason, campaign_id, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() + make_interval(days => $14))`,
    [
      requestId, r.workspaceId, r.templateId, r.type, r.customerId, r.ticketId ?? null, r.aboutRef ?? null, r.agentId ?? null, r.teamId ?? null,
      r.channel, r.reason, r.campaignId ?? null, surveyTokenHash(token), r.expiresAfterDays,
    ],
  );
  return { requestId, token };
}
