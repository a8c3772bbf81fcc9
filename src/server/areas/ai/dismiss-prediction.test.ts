import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildTicket } from '../../test/factories.js';
import type { TicketPrediction } from '../../../shared/ai.js';

/**
 * Dismissing the AI's suggestion on a ticket (PUT /api/ai/tickets/:id/predictions/:field/dismissed):
 * stored on the prediction for every agent, an event on the ticket each way, taken back by restore;
 * a bad field is a validation error, another workspace's agent sees nothing.
 */
describe('ai: dismissing a suggestion', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let colleague: { id: string; cookie: string };
  let ticketId: string;
  const db = () => t.ctx.db;

  const dismissUrl = (field: string, id = ticketId) => `/api/ai/tickets/${id}/predictions/${field}/dismissed`;
  const setDismissed = (cookie: string, field: string, dismissed: unknown, id = ticketId) =>
    t.app.inject({ method: 'PUT', url: dismissUrl(field, id), headers: { cookie }, payload: { dismissed } });
  async function predictionsAs(cookie: string) {
    const r = await t.app.inject({ method: 'GET', url: `/api/ai/tickets/${ticketId}/predictions`, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    return r.json<{ items: TicketPrediction[] }>().items;
  }
  const standing = (items: TicketPrediction[]) => items.filter((p) => p.state === 'suggested' && p.dismissedAt === null).map((p) => p.field);

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Shop Gợi Ý');
    agent = await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên Lan');
    colleague = await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên Hải');
    const tk = await buildTicket(t.ctx, ws.workspaceId, { subject: 'Máy lọc nước rò rỉ', body: 'Máy lọc nước rò rỉ nước ra sàn' });
    ticketId = tk.id;
    await t.ctx.jobs.drain();
    await db().query(
      `INSERT INTO ai_predictions (workspace_id, ticket_id, field, label, confidence, model_version, state) VALUES
         ($1, $2, 'priority', 'high', 0.71, 1, 'suggested'),
         ($1, $2, 'category', 'Bảo hành', 0.64, 1, 'suggested')`,
      [ws.workspaceId, ticketId],
    );
  });
  afterAll(() => t.close());

  it('dismisses for every agent, keeps who and when, and records it on the ticket', async () => {
    expect(standing(await predictionsAs(agent.cookie))).toEqual(['category', 'priority']);
    const r = await setDismissed(agent.cookie, 'priority', true);
    expect(r.statusCode).toBe(204);
    // Another agent, another browser: the suggestion no longer stands; the other field's does.
    const seen = await predictionsAs(colleague.cookie);
    expect(standing(seen)).toEqual(['category']);
    expect(seen.find((p) => p.field === 'priority')?.dismissedAt).toEqual(expect.any(String));
    const row = await db().one<{ dismissed_by: string; state: string }>(`SELECT dismissed_by, state FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [ticketId]);
    // Dismissing is not a correction: the training label (state) stays as it was.
    expect(row).toEqual({ dismissed_by: agent.id, state: 'suggested' });
    const ev = await db().query<{ actor_id: string; data: { field: string; label: string } }>(
      `SELECT actor_id, data FROM events WHERE subject_id = $1 AND type = 'ai.suggestion_dismissed'`,
      [ticketId],
    );
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor_id: agent.id, data: { field: 'priority', label: 'high' } });
  });

  it('dismissing twice changes nothing', async () => {
    expect((await setDismissed(colleague.cookie, 'priority', true)).statusCode).toBe(204);
    const n = await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type = 'ai.suggestion_dismissed'`, [ticketId]);
    expect(n.n).toBe(1);
    const row = await db().one<{ dismissed_by: string }>(`SELECT dismissed_by FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [ticketId]);
    expect(row.dismissed_by).toBe(agent.id);
  });

  it('restoring brings the suggestion back for everyone', async () => {
    const r = await setDismissed(colleague.cookie, 'priority', false);
    expect(r.statusCode).toBe(204);
    const seen = await predictionsAs(agent.cookie);
    expect(standing(seen)).toEqual(['category', 'priority']);
    expect(seen.find((p) => p.field === 'priority')?.dismissedAt).toBeNull();
    const row = await db().one<{ dismissed_by: string | null }>(`SELECT dismissed_by FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [ticketId]);
    expect(row.dismissed_by).toBeNull();
    const ev = await db().one<{ actor_id: string }>(`SELECT actor_id FROM events WHERE subject_id = $1 AND type = 'ai.suggestion_restored'`, [ticketId]);
    expect(ev.actor_id).toBe(colleague.id);
  });

  it('a field the AI does not predict, or a body that is not a yes/no, is a validation error', async () => {
    const bad = await setDismissed(agent.cookie, 'subject', true);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { id: string } }>().error.id).toBe('validation.failed');
    const badBody = await setDismissed(agent.cookie, 'priority', 'yes');
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json<{ error: { id: string } }>().error.id).toBe('validation.failed');
  });

  it('a field without a standing suggestion is 404 ai.no_suggestion', async () => {
    const r = await setDismissed(agent.cookie, 'team', true);
    expect(r.statusCode).toBe(404);
    expect(r.json<{ error: { id: string } }>().error.id).toBe('ai.no_suggestion');
    // A suggestion the agent already took is no longer a suggestion to dismiss.
    await db().query(`UPDATE ai_predictions SET state = 'accepted' WHERE ticket_id = $1 AND field = 'category'`, [ticketId]);
    const taken = await setDismissed(agent.cookie, 'category', true);
    expect(taken.statusCode).toBe(404);
    expect(taken.json<{ error: { id: string } }>().error.id).toBe('ai.no_suggestion');
  });

  it("an agent of another workspace gets 404 and changes nothing", async () => {
    const other = await seedWorkspace(t, 'Shop Khác');
    const stranger = await seedUser(t, other.workspaceId, 'agent', 'Người Ngoài');
    const r = await setDismissed(stranger.cookie, 'priority', true);
    expect(r.statusCode).toBe(404);
    const row = await db().one<{ dismissed_at: Date | null }>(`SELECT dismissed_at FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [ticketId]);
    expect(row.dismissed_at).toBeNull();
    const list = await t.app.inject({ method: 'GET', url: `/api/ai/tickets/${ticketId}/predictions`, headers: { cookie: stranger.cookie } });
    expect(list.statusCode).toBe(404);
    const n = await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type = 'ai.suggestion_dismissed'`, [ticketId]);
    expect(n.n).toBe(1);
  });
});
