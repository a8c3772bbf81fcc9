import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import type { TicketDetail } from '../../../../shared/tickets.js';
import type { TimelineItem } from '../../../../shared/customers.js';
import type { SurveyAnswerDto } from '../../../../shared/surveys.js';
import { ageAnswer, customTemplate, seedCustomer, seedRequest, seedTeam, seedTicket, templateId } from '../../../test/fixtures/survey-answers.js';

/** GET /api/survey-answers */
type AnswerPage = { answers: SurveyAnswerDto[]; nextCursor: string | null };

describe('answering surveys (record-answer, follow-ups, rated step, lists, 360)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let supervisorInTeam: { id: string };
  let teamId: string;
  let customerId: string;
  let csat: string;
  let nps: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t);
    agent = await seedUser(t, w.workspaceId, 'agent', 'Lê Văn Ân');
    // Two supervisors: the one in the rated ticket's team gets the follow-up.
    await seedUser(t, w.workspaceId, 'supervisor', 'Giám Sát Chung');
    supervisorInTeam = await seedUser(t, w.workspaceId, 'supervisor', 'Trần Giám Sát');
    teamId = await seedTeam(t, w.workspaceId, 'Chăm sóc khách hàng', [agent.id, supervisorInTeam.id]);
    customerId = await seedCustomer(t, w.admin.cookie);
    csat = await templateId(t, w.workspaceId, 'csat');
    nps = await templateId(t, w.workspaceId, 'nps');
  });
  afterAll(() => t.close());

  const answer = (token: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/public/surveys/${token}/answer`, payload: payload as object });
  const csatRequest = async (ticketId?: string) => seedRequest(t, { workspaceId: w.workspaceId, templateId: csat, type: 'csat', customerId, ticketId, agentId: agent.id, teamId });

  it('refuses unknown, expired, invalid and late answers with their error ids', async () => {
    expect((await answer('no-such-token-0123456789', { score: 4 })).json().error.id).toBe('survey.not_found');
    const bogus = await answer('x', { score: 4 });
    expect([bogus.statusCode, bogus.json().error.id]).toEqual([404, 'survey.not_found']);

    const expired = await csatRequest();
    await t.ctx.db.query(`UPDATE survey_requests SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.requestId]);
    const e1 = await answer(expired.token, { score: 4 });
    expect([e1.statusCode, e1.json().error.id]).toEqual([410, 'survey.expired']);
    const marked = await csatRequest();
    await t.ctx.db.query(`UPDATE survey_requests SET status = 'expired' WHERE id = $1`, [marked.requestId]);
    expect((await answer(marked.token, { score: 4 })).json().error.id).toBe('survey.expired');

    const r = await csatRequest();
    for (const score of [0, 6, -1]) {
      const bad = await answer(r.token, { score });
      expect([bad.statusCode, bad.json().error.id]).toEqual([400, 'survey.invalid_score']);
    }
    const missing = await answer(r.token, { comment: 'Không chấm điểm' });
    expect([missing.statusCode, missing.json().error.id]).toEqual([400, 'validation.failed']);
    const unknownQ = await answer(r.token, { score: 4, answers: { nope: 1 } });
    expect(unknownQ.json().error.id).toBe('validation.failed');
    const longComment = await answer(r.token, { score: 4, comment: 'x'.repeat(2001) });
    expect(longComment.json().error.id).toBe('validation.failed');
    // Nothing half-written by the refusals.
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM survey_answers WHERE request_id = $1', [r.requestId])).n).toBe(0);
    expect((await t.ctx.db.one('SELECT status FROM survey_requests WHERE id = $1', [r.requestId])).status).toBe('sent');

    const ok = await answer(r.token, { score: 4 });
    expect(ok.statusCode).toBe(200);
    // Inside the window (24 h by default) an edit works; after it, survey.closed.
    expect((await answer(r.token, { score: 5, comment: 'Tốt' })).statusCode).toBe(200);
    await ageAnswer(t, r.requestId, 24 * 60 + 1);
    const late = await answer(r.token, { score: 3 });
    expect([late.statusCode, late.json().error.id]).toEqual([409, 'survey.closed']);
    const row = await t.ctx.db.one('SELECT score, comment FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(row).toMatchObject({ score: 5, comment: 'Tốt' });
  });

  it("a mail scanner's GETs of every score link record nothing and open no follow-up ticket", async () => {
    const ticket = await seedTicket(t, w.admin.cookie, customerId, { teamId });
    const r = await seedRequest(t, { workspaceId: w.workspaceId, templateId: csat, type: 'csat', customerId, ticketId: ticket.id, agentId: agent.id, teamId, channel: 'email' });
    const tickets = async () => (await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [w.workspaceId])).n;
    const before = await tickets();
    // A scanner follows every link in the mail, the worst score ("Tệ") last.
    for (const score of [5, 4, 3, 2, 1]) {
      for (const method of ['HEAD', 'GET'] as const) expect((await t.app.inject({ method, url: `/s/${r.token}?score=${score}` })).statusCode).toBe(200);
    }
    await t.ctx.jobs.drain();
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM survey_answers WHERE request_id = $1', [r.requestId])).n).toBe(0);
    expect((await t.ctx.db.one('SELECT status FROM survey_requests WHERE id = $1', [r.requestId])).status).toBe('sent');
    expect((await t.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'survey.answered' AND data->>'requestId' = $1`, [r.requestId])).n).toBe(0);
    expect(await tickets()).toBe(before);
  });

  it('the score link pre-selects; one POST records it with the comment; the answer copies the request', async () => {
    const ticket = await seedTicket(t, w.admin.cookie, customerId, { teamId });
    const r = await seedRequest(t, { workspaceId: w.workspaceId, templateId: csat, type: 'csat', customerId, ticketId: ticket.id, agentId: agent.id, teamId, channel: 'webchat' });
    const click = await t.app.inject({ method: 'GET', url: `/s/${r.token}?score=4` });
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain('Hài lòng (4/5)');
    expect(click.body).toMatch(/name="score" value="4" checked/);
    // The same click again (email scanners, a double tap) changes nothing.
    expect((await t.app.inject({ method: 'GET', url: `/s/${r.token}?score=4` })).statusCode).toBe(200);
    expect((await t.ctx.db.query('SELECT id FROM survey_answers WHERE request_id = $1', [r.requestId])).length).toBe(0);
    const tap = await t.app.inject({
      method: 'POST',
      url: `/s/${r.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ score: '4' }).toString(),
    });
    expect(tap.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: `/s/${r.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ score: '4', comment: 'Nhân viên nhiệt tình' }).toString(),
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('Cảm ơn anh/chị!');
    const rows = await t.ctx.db.query('SELECT * FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 4, comment: 'Nhân viên nhiệt tình', customer_id: customerId, ticket_id: ticket.id, agent_id: agent.id, team_id: teamId, channel: 'webchat', type: 'csat' });
    expect(rows[0].answers).toEqual({ score: 4, comment: 'Nhân viên nhiệt tình' });
    expect(rows[0].followup_ticket_id).toBeNull();
    const req = await t.ctx.db.one('SELECT status, answered_at FROM survey_requests WHERE id = $1', [r.requestId]);
    expect(req.status).toBe('answered');
    expect(req.answered_at).not.toBeNull();
    // Events: the first answer and the comment edit (the repeated click added none), for ticket and customer topics.
    const events = await t.ctx.db.query(`SELECT data, subject_type, subject_id, actor_type FROM events WHERE type = 'survey.answered' AND data->>'requestId' = $1 ORDER BY id`, [r.requestId]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ subject_type: 'ticket', subject_id: ticket.id, actor_type: 'customer' });
    expect(events[0].data).toMatchObject({ ticketId: ticket.id, customerId, type: 'csat', score: 4, edited: false });
    expect(events[1].data).toMatchObject({ edited: true, score: 4 });

    // The ticket reaches its 'rated' step.
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: { cookie: agent.cookie } })).json<{ ticket: TicketDetail }>().ticket;
    const rated = detail.progress.at(-1);
    expect(rated).toMatchObject({ step: 'rated', reached: true, by: { type: 'customer', id: customerId, name: 'Nguyễn Thị Hoa' } });
    expect(detail.progress.slice(0, -1).map((s) => s.step)).toEqual(['received', 'verified', 'routed', 'responded', 'resolved', 'closed']);

    // What the ticket page and 360 read.
    const list = (await t.app.inject({ method: 'GET', url: `/api/survey-answers?ticketId=${ticket.id}`, headers: { cookie: agent.cookie } })).json();
    expect(list.answers).toHaveLength(1);
    expect(list.answers[0]).toMatchObject({ score: 4, comment: 'Nhân viên nhiệt tình', agent: { id: agent.id, name: 'Lê Văn Ân' }, teamId, channel: 'webchat', ticketId: ticket.id });
    const ts = (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/survey`, headers: { cookie: agent.cookie } })).json();
    expect(ts.requests).toHaveLength(1);
    expect(ts.requests[0]).toMatchObject({ id: r.requestId, status: 'answered', type: 'csat' });
    expect(ts.answer.id).toBe(list.answers[0].id);
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline`, headers: { cookie: agent.cookie } })).json<{ items: TimelineItem[] }>();
    const entry = timeline.items.find((i) => i.kind === 'survey' && i.ticketId === ticket.id);
    expect(entry).toMatchObject({ title: 'csat:4:5', body: 'Nhân viên nhiệt tình', ticketNumber: ticket.number, channel: 'webchat' });
  });

  it('lists answers by customer, type and time, with pages', async () => {
    const other = await seedCustomer(t, w.admin.cookie, 'Phạm Văn Bình');
    for (const score of [9, 10, 3]) {
      const r = await seedRequest(t, { workspaceId: w.workspaceId, templateId: nps, type: 'nps', customerId: other });
      expect((await answer(r.token, { score })).statusCode).toBe(200);
    }
    const page1 = (await t.app.inject({ method: 'GET', url: `/api/survey-answers?customerId=${other}&type=nps&limit=2`, headers: { cookie: agent.cookie } })).json<AnswerPage>();
    expect(page1.answers.map((a) => a.score)).toEqual([3, 10]);
    const page2 = (await t.app.inject({ method: 'GET', url: `/api/survey-answers?customerId=${other}&type=nps&limit=2&cursor=${page1.nextCursor}`, headers: { cookie: agent.cookie } })).json<AnswerPage>();
    expect(page2.answers.map((a) => a.score)).toEqual([9]);
    expect(page2.nextCursor).toBeNull();
    const none = (await t.app.inject({ method: 'GET', url: `/api/survey-answers?customerId=${other}&type=csat`, headers: { cookie: agent.cookie } })).json();
    expect(none.answers).toEqual([]);
    const future = (await t.app.inject({ method: 'GET', url: `/api/survey-answers?customerId=${other}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, headers: { cookie: agent.cookie } })).json();
    expect(future.answers).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/survey-answers' })).statusCode).toBe(401);
  });

  it('two submissions at once make one answer', async () => {
    const r = await csatRequest();
    const results = await Promise.all([5, 4, 5, 4, 5].map((score) => answer(r.token, { score })));
    expect(results.map((x) => x.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((x) => x.json().answerId)).size).toBe(1);
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM survey_answers WHERE request_id = $1', [r.requestId])).n).toBe(1);
  });

  it('a low score opens one follow-up for the supervisor, with the comment; edits do not open another', async () => {
    const ticket = await seedTicket(t, w.admin.cookie, customerId, { teamId, assigneeId: agent.id });
    const r = await csatRequest(ticket.id);
    const res = await answer(r.token, { score: 2, comment: 'Chờ lâu quá, không ai trả lời' });
    expect(res.statusCode).toBe(200);
    const a = await t.ctx.db.one('SELECT followup_ticket_id FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(a.followup_ticket_id).toBeTruthy();
    const f = (await t.app.inject({ method: 'GET', url: `/api/tickets/${a.followup_ticket_id}`, headers: { cookie: w.admin.cookie } })).json().ticket;
    expect(f.subject).toBe(`Khách chấm điểm thấp: CSAT 2/5 — #${ticket.number}`);
    expect(f).toMatchObject({ priority: 'high', customer: { id: customerId }, team: { id: teamId }, assignee: { id: supervisorInTeam.id } });
    const thread = (await t.app.inject({ method: 'GET', url: `/api/tickets/${a.followup_ticket_id}/messages`, headers: { cookie: w.admin.cookie } })).json();
    const messages = thread.messages ?? thread;
    expect(messages).toHaveLength(1);
    expect(messages[0].direction).toBe('note');
    expect(messages[0].body).toContain('Chờ lâu quá, không ai trả lời');
    expect(messages[0].body).toContain('Không hài lòng');
    expect(messages[0].body).toContain(`/tickets/${ticket.id}`);

    // Lower again and add to the comment: the same follow-up gets a note, no second ticket.
    expect((await answer(r.token, { score: 1, comment: 'Rất thất vọng' })).statusCode).toBe(200);
    const after = await t.ctx.db.one('SELECT followup_ticket_id FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(after.followup_ticket_id).toBe(a.followup_ticket_id);
    const count = await t.ctx.db.one(`SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND subject LIKE $2`, [w.workspaceId, `%— #${ticket.number}`]);
    expect(count.n).toBe(1);
    const thread2 = (await t.app.inject({ method: 'GET', url: `/api/tickets/${a.followup_ticket_id}/messages`, headers: { cookie: w.admin.cookie } })).json();
    const m2 = thread2.messages ?? thread2;
    expect(m2).toHaveLength(2);
    expect(m2[1].body).toContain('Rất thất vọng');
    expect(m2[1].body).toContain('CSAT 2/5 → CSAT 1/5');
  });

  it('a high score opens nothing; NPS 6 is low and 7 is not; a NULL threshold never opens one', async () => {
    const before = (await t.ctx.db.one('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [w.workspaceId])).n;
    const high = await csatRequest();
    await answer(high.token, { score: 5 });
    const seven = await seedRequest(t, { workspaceId: w.workspaceId, templateId: nps, type: 'nps', customerId });
    await answer(seven.token, { score: 7 });
    await t.ctx.db.query('UPDATE survey_templates SET low_score_threshold = NULL WHERE id = $1', [csat]);
    const never = await csatRequest();
    await answer(never.token, { score: 1 });
    await t.ctx.db.query('UPDATE survey_templates SET low_score_threshold = 2 WHERE id = $1', [csat]);
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [w.workspaceId])).n).toBe(before);
    const six = await seedRequest(t, { workspaceId: w.workspaceId, templateId: nps, type: 'nps', customerId });
    await answer(six.token, { score: 6 });
    const f = await t.ctx.db.one('SELECT followup_ticket_id FROM survey_answers WHERE request_id = $1', [six.requestId]);
    const ticket = await t.ctx.db.one('SELECT subject, team_id, assignee_id FROM tickets WHERE id = $1', [f.followup_ticket_id]);
    // No ticket rated: no team; the longest-standing supervisor takes it.
    expect(ticket.subject).toBe('Khách chấm điểm thấp: NPS 6/10');
    expect(ticket.team_id).toBeNull();
    expect(ticket.assignee_id).toBeTruthy();
  });

  it('custom surveys: every question checked by its kind, required ones present', async () => {
    const tpl = await customTemplate(t, w.workspaceId, { lowScoreThreshold: 1 });
    const r = await seedRequest(t, { workspaceId: w.workspaceId, templateId: tpl, type: 'custom', customerId });
    expect((await answer(r.token, { answers: { again: 'yes' } })).json().error.id).toBe('validation.failed');
    expect((await answer(r.token, { answers: { speed: 6 } })).json().error.id).toBe('survey.invalid_score');
    expect((await answer(r.token, { answers: { speed: 4, again: 'maybe' } })).json().error.id).toBe('validation.failed');
    expect((await answer(r.token, { answers: { speed: 4, again: 'no', staff: 'Nhanh nhẹn' } })).statusCode).toBe(200);
    const row = await t.ctx.db.one('SELECT score, comment, answers FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(row).toMatchObject({ score: 4, comment: 'Nhanh nhẹn', answers: { speed: 4, again: 'no', staff: 'Nhanh nhẹn' } });
  });
});
