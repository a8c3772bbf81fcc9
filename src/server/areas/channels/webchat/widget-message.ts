import type { Sql } from '../../../core/db/types.js';
import type { WidgetMessage, WidgetSurvey } from '../../../../shared/widget-protocol.js';
import { AI_LABEL_DEFAULT, aiPrefix } from '../../../../shared/assistant.js';

import type { SurveyMeta } from '../../surveys/index.js';

export type { WidgetMessage, WidgetSurvey } from '../../../../shared/widget-protocol.js';

/** What the widget reads of a message's meta: the survey it carries (send-survey.ts; linkOnly on the agents' note). */
type MessageMeta = { survey?: SurveyMeta & { linkOnly?: boolean } } & Record<string, unknown>;

/** The survey of a message's meta (surveys/survey-content.ts SurveyMeta), as the widget needs it. */
function widgetSurvey(meta: MessageMeta | null): WidgetSurvey | undefined {
  const s = meta?.survey;
  if (!s || typeof s.token !== 'string' || typeof s.url !== 'string' || s.linkOnly) return undefined;
  return { token: s.token, url: s.url, type: String(s.type), question: s.question, options: Array.isArray(s.options) ? s.options : [] };
}

/**
 * An AI agent's message as the widget shows it: a badge with the label it went out under, and the text
 * without the "🤖 label: " prefix that older web chat messages (and plain-text channels) carry.
 */
function aiMark(meta: MessageMeta | null, body: string): { label: string; body: string } | null {
  if (meta?.ai !== true) return null;
  const labels = typeof meta.aiLabel === 'string' ? [meta.aiLabel] : Object.values(AI_LABEL_DEFAULT);
  for (const label of labels) if (body.startsWith(aiPrefix(label))) return { label, body: body.slice(aiPrefix(label).length) };
  return { label: labels[0]!, body };
}

/** Builds attachment links for one visitor (the link carries their token: the widget is on another origin). */
export type AttachmentLink = (attachmentId: string) => string;

export function attachmentLinker(base: string, key: string, token: string): AttachmentLink {
  return (id) => `${base}/api/widget/${encodeURIComponent(key)}/attachments/${id}?token=${encodeURIComponent(token)}`;
}

interface Row {
  seq: number;
  client_id: string | null;
  id: string;
  direction: 'inbound' | 'outbound' | 'note';
  body: string;
  created_at: Date;
  author_name: string | null;
  visitor_name: string | null;
  meta: MessageMeta | null;
}

const SELECT = `SELECT wm.seq, wm.client_id, m.id, m.direction, m.body, m.created_at, m.meta, u.name AS author_name, v.name AS visitor_name
  FROM webchat_messages wm
  JOIN messages m ON m.id = wm.message_id
  JOIN webchat_visitors v ON v.id = wm.visitor_id
  LEFT JOIN users u ON u.id = m.author_user_id`;

async function present(sql: Sql, workspaceId: string, rows: Row[], link: AttachmentLink): Promise<WidgetMessage[]> {
  if (rows.length === 0) return [];
  const files = await sql.query<{ id: string; message_id: string; filename: string; content_type: string; size: number }>(
    'SELECT id, message_id, filename, content_type, size FROM attachments WHERE workspace_id = $1 AND message_id = ANY($2::uuid[]) ORDER BY created_at, id',
    [workspaceId, rows.map((r) => r.id)],
  );
  return rows.map((r) => {
    const survey = r.direction === 'outbound' ? widgetSurvey(r.meta) : undefined;
    const ai = r.direction === 'outbound' ? aiMark(r.meta, r.body) : null;
    return {
      id: r.id,
      seq: r.seq,
      direction: r.direction === 'inbound' ? 'visitor' : 'agent',
      body: ai?.body ?? r.body,
      authorName: r.direction === 'inbound' ? r.visitor_name : (ai?.label ?? r.author_name),
      attachments: files
        .filter((f) => f.message_id === r.id)
        .map((f) => ({ id: f.id, filename: f.filename, contentType: f.content_type, size: f.size, url: link(f.id) })),
      createdAt: new Date(r.created_at).toISOString(),
      clientId: r.client_id,
      ...(survey ? { survey } : {}),
      ...(ai ? { ai: { label: ai.label } } : {}),
    };
  });
}

export const PAGE = 200;

/** The visitor's messages after a seq, ascending (at most 200). Internal notes never get a seq. */
export async function messagesAfter(sql: Sql, workspaceId: string, visitorId: string, after: number, link: AttachmentLink) {
  const rows = await sql.query<Row>(
    `${SELECT} WHERE wm.workspace_id = $1 AND wm.visitor_id = $2 AND wm.seq > $3 AND m.direction <> 'note' ORDER BY wm.seq LIMIT ${PAGE}`,
    [workspaceId, visitorId, after],
  );
  return present(sql, workspaceId, rows, link);
}

/** The visitor's latest messages (a resumed session), ascending. */
export async function latestMessages(sql: Sql, workspaceId: string, visitorId: string, link: AttachmentLink, limit = 100) {
  const rows = await sql.query<Row>(
    `${SELECT} WHERE wm.workspace_id = $1 AND wm.visitor_id = $2 AND m.direction <> 'note' ORDER BY wm.seq DESC LIMIT ${limit}`,
    [workspaceId, visitorId],
  );
  return present(sql, workspaceId, rows.reverse(), link);
}

/** One message by id, when it is in this visitor's stream. */
export async function messageById(sql: Sql, workspaceId: string, visitorId: string, messageId: string, link: AttachmentLink) {
  const rows = await sql.query<Row>(`${SELECT} WHERE wm.workspace_id = $1 AND wm.visitor_id = $2 AND wm.message_id = $3`, [workspaceId, visitorId, messageId]);
  return (await present(sql, workspaceId, rows, link))[0];
}
