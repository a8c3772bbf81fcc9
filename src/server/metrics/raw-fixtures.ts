import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/types.js';

/**
 * Raw rows exactly as the channels and commands store them, written straight into the tables (tests
 * and benchmarks need past timestamps). Only the columns metrics read are set; the rest take defaults.
 */
export interface RawTicket {
  id?: string;
  channel?: string;
  status?: string;
  priority?: string;
  category?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  createdAt: Date;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  reopenCount?: number;
  firstResponseDueAt?: Date | null;
  resolutionDueAt?: Date | null;
}
export interface RawMessage {
  direction: 'inbound' | 'outbound' | 'note';
  at: Date;
  authorId?: string | null;
  automated?: boolean;
}

export class RawWriter {
  private customerId: string | null = null;
  private accountId: string | null = null;
  private templates = new Map<string, string>();
  private seq = 0;
  constructor(
    private sql: Sql,
    readonly workspaceId: string,
  ) {}

  async customer(): Promise<string> {
    if (this.customerId) return this.customerId;
    this.customerId = randomUUID();
    await this.sql.query(`INSERT INTO customers (id, workspace_id, name) VALUES ($1, $2, 'Khách Hàng')`, [this.customerId, this.workspaceId]);
    return this.customerId;
  }

  async ticket(t: RawTicket, messages: RawMessage[] = [], statusEvents: { from: string; to: string; at: Date }[] = []): Promise<string> {
    const id = t.id ?? randomUUID();
    const customerId = await this.customer();
    const num = await this.sql.one<{ n: number }>(`UPDATE workspaces SET ticket_seq = ticket_seq + 1 WHERE id = $1 RETURNING ticket_seq AS n`, [this.workspaceId]);
    await this.sql.query(
      `INSERT INTO tickets (id, workspace_id, number, customer_id, channel, status, priority, category, team_id, assignee_id, tags,
         created_at, first_message_at, resolved_at, closed_at, reopen_count, first_response_due_at, resolution_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17)`,
      [id, this.workspaceId, num.n, customerId, t.channel ?? 'email', t.status ?? 'received', t.priority ?? 'normal', t.category ?? null, t.teamId ?? null,
        t.assigneeId ?? null, t.tags ?? [], t.createdAt, t.resolvedAt ?? null, t.closedAt ?? null, t.reopenCount ?? 0, t.firstResponseDueAt ?? null, t.resolutionDueAt ?? null],
    );
    for (const m of messages) {
      await this.sql.query(
        `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, direction, author_user_id, channel, body, created_at, meta)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'x', $8, $9)`,
        [randomUUID(), this.workspaceId, id, customerId, m.direction, m.authorId ?? null, t.channel ?? 'email', m.at, JSON.stringify(m.automated ? { automated: true } : {})],
      );
    }
    for (const e of statusEvents) {
      await this.sql.query(
        `INSERT INTO events (workspace_id, type, subject_type, subject_id, actor_type, data, created_at)
         VALUES ($1, 'ticket.status_changed', 'ticket', $2, 'system', $3, $4)`,
        [this.workspaceId, id, JSON.stringify({ from: e.from, to: e.to, ticketId: id }), e.at],
      );
    }
    return id;
  }

  private async template(type: string): Promise<string> {
    let id = this.templates.get(type);
    if (id) return id;
    id = randomUUID();
    await this.sql.query(`INSERT INTO survey_templates (id, workspace_id, type, name, questions) VALUES ($1, $2, $3, $3, '[]')`, [id, this.workspaceId, type]);
    this.templates.set(type, id);
    return id;
  }

  async answer(a: { type: 'csat' | 'nps' | 'ces'; score: number; at: Date; ticketId?: string | null; agentId?: string | null; teamId?: string | null; channel?: string }): Promise<string> {
    const customerId = await this.customer();
    const templateId = await this.template(a.type);
    const requestId = randomUUID();
    const id = randomUUID();
    await this.sql.query(
      `INSERT INTO survey_requests (id, workspace_id, template_id, type, customer_id, ticket_id, agent_id, team_id, channel, reason, token_hash, expires_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'api', $10, $11, 'answered')`,
      [requestId, this.workspaceId, templateId, a.type, customerId, a.ticketId ?? null, a.agentId ?? null, a.teamId ?? null, a.channel ?? 'email', `h${requestId}`, new Date(a.at.getTime() + 86_400_000)],
    );
    await this.sql.query(
      `INSERT INTO survey_answers (id, workspace_id, request_id, template_id, type, score, customer_id, ticket_id, agent_id, team_id, channel, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, this.workspaceId, requestId, templateId, a.type, a.score, customerId, a.ticketId ?? null, a.agentId ?? null, a.teamId ?? null, a.channel ?? 'email', a.at],
    );
    return id;
  }

  async call(c: { direction?: 'inbound' | 'outbound'; status: 'answered' | 'ended' | 'missed' | 'ringing'; startedAt: Date; answeredAt?: Date | null; talk?: number | null; wrapUp?: number | null; abandoned?: boolean; agentId?: string | null; ticketId?: string | null }): Promise<string> {
    const id = randomUUID();
    await this.sql.query(
      `INSERT INTO calls (id, workspace_id, external_id, direction, status, started_at, answered_at, talk_seconds, wrap_up_seconds, missed, abandoned, agent_user_id, ticket_id, customer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [id, this.workspaceId, `manual:${id}`, c.direction ?? 'inbound', c.status, c.startedAt, c.answeredAt ?? null, c.talk ?? null, c.wrapUp ?? null, c.status === 'missed', c.abandoned ?? false, c.agentId ?? null, c.ticketId ?? null, await this.customer()],
    );
    return id;
  }

  async chat(c: { ticketId: string; status: 'open' | 'ended' | 'abandoned'; startedAt: Date; firstAgentReplyAt?: Date | null; endedAt?: Date | null }): Promise<string> {
    if (!this.accountId) {
      this.accountId = randomUUID();
      await this.sql.query(`INSERT INTO channel_accounts (id, workspace_id, kind, name, address) VALUES ($1, $2, 'webchat', 'Chat', $3)`, [this.accountId, this.workspaceId, `chat-${this.accountId}`]);
    }
    const visitorId = randomUUID();
    await this.sql.query(`INSERT INTO webchat_visitors (id, workspace_id, account_id, token_hash) VALUES ($1, $2, $3, $4)`, [visitorId, this.workspaceId, this.accountId, `v${visitorId}${this.seq++}`]);
    const id = randomUUID();
    await this.sql.query(
      `INSERT INTO webchat_conversations (id, workspace_id, account_id, visitor_id, ticket_id, status, started_at, first_agent_reply_at, last_visitor_message_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`,
      [id, this.workspaceId, this.accountId, visitorId, c.ticketId, c.status, c.startedAt, c.firstAgentReplyAt ?? null, c.endedAt ?? null],
    );
    return id;
  }
}
