import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSchema, type AlertDto } from '../../../../shared/metrics.js';
import { addMailbox, startSmtpSink } from '../../../test/fixtures/email.js';
import { newId } from '../../../core/lib/ids.js';
import type { StoredEvent } from '../../../core/db/types.js';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { RawWriter } from '../../../test/fixtures/metrics-raw.js';
import { rebuildWorkspace } from '../refresh.js';
import { NOTIFY_JOB, runDetection } from './run.js';

// Simulated service data written as raw rows (answers, tickets with messages), folded by the metrics
// engine, then detection end to end: alerts table, events, API, and the supervisors' email through a
// local SMTP sink. Data are placed relative to "now" so windows hold them whatever the date.

const sunk: { to: string[]; mail: ParsedMail }[] = [];
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let ws: SeededWorkspace;
let supervisor: { id: string; email: string; cookie: string };
let agentCookie: string;
const id = { teamA: newId(), teamB: newId(), a1: '', a2: '', a3: '', a4: '', a5: '' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
/** The k-th of n points spread over recent days (0–2 days before now) or baseline days (10–30 days before). */
const recentAt = (k: number, n: number) => new Date(now.getTime() - 2 * HOUR - Math.floor((k / n) * 2 * DAY));
const baselineAt = (k: number, n: number) => new Date(now.getTime() - 10 * DAY - Math.floor((k / n) * 20 * DAY));
/** Deterministic first-response times (seconds): 5–15 min, spread evenly. */
const frtBase = (i: number) => 300 + ((i * 37) % 600);

async function answers(w: RawWriter, who: { agentId: string; teamId: string | null }, n: number, good: number, at: (k: number, n: number) => Date) {
  for (let k = 0; k < n; k++) await w.answer({ type: 'csat', score: k < good ? 5 : 2, at: at(k, n), ...who, channel: 'email' });
}

async function run(at: Date) {
  return runDetection(t.ctx, ws.workspaceId, { now: at });
}
const alerts = async (status?: string): Promise<AlertDto[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/alerts${status ? `?status=${status}` : ''}`, headers: { cookie: supervisor.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().alerts;
};
const find = (list: AlertDto[], measure: string, kind: string, scopeId: string | null) => list.filter((a) => a.measure === measure && a.scope.kind === kind && a.scope.id === scopeId);

beforeAll(async () => {
  sink = await startSmtpSink(sunk);
  t = await createTestApp();
  ws = await seedWorkspace(t, 'Cửa hàng Cảnh Báo');
  supervisor = await seedUser(t, ws.workspaceId, 'supervisor', 'Trưởng Ca Lan');
  agentCookie = (await seedUser(t, ws.workspaceId, 'agent', 'Nhân Viên Xem')).cookie;
  for (const k of ['a1', 'a2', 'a3', 'a4', 'a5'] as const) id[k] = (await seedUser(t, ws.workspaceId, 'agent', `Nhân viên ${k.toUpperCase()}`)).id;
  await t.ctx.db.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, 'Đội Bắc'), ($3, $2, 'Đội Nam')`, [id.teamA, ws.workspaceId, id.teamB]);
  await addMailbox(t, ws, { address: 'hotro@canhbao.vn', smtp: { host: '127.0.0.1', port: sink.port, secure: false } });

  await t.ctx.db.tx(async (tx) => {
    const w = new RawWriter(tx, ws.workspaceId);
    // CSAT: team A (agents a1, a5) drops from 90 % (135/150) to 70 % (70/100); team B (a2) stays at 90 %.
    await answers(w, { agentId: id.a1, teamId: id.teamA }, 80, 72, baselineAt);
    await answers(w, { agentId: id.a5, teamId: id.teamA }, 70, 63, baselineAt);
    await answers(w, { agentId: id.a1, teamId: id.teamA }, 50, 35, recentAt);
    await answers(w, { agentId: id.a5, teamId: id.teamA }, 50, 35, recentAt);
    await answers(w, { agentId: id.a2, teamId: id.teamB }, 150, 135, baselineAt);
    await answers(w, { agentId: id.a2, teamId: id.teamB }, 100, 90, recentAt);
    // Agent a4 (no team): every recent answer is bad, but only 20 of them (< 30): not tested.
    await answers(w, { agentId: id.a4, teamId: null }, 100, 100, baselineAt);
    await answers(w, { agentId: id.a4, teamId: null }, 20, 0, recentAt);
    // FRT: agent a3's first replies take 3× longer recently (60 tickets) than in the baseline (120).
    for (const [n, at, factor] of [[120, baselineAt, 1], [60, recentAt, 3]] as const) {
      for (let k = 0; k < n; k++) {
        const created = at(k, n);
        const frt = frtBase(k) * factor;
        await w.ticket({ createdAt: created, assigneeId: id.a3, status: 'responded', channel: 'zalo' }, [
          { direction: 'inbound', at: created },
          { direction: 'outbound', at: new Date(created.getTime() + frt * 1000), authorId: id.a3 },
        ]);
      }
    }
  });
  await rebuildWorkspace(t.ctx.db, ws.workspaceId);
}, 120_000);

afterAll(async () => {
  await sink?.close();
  await t?.close();
});

describe('early warning on simulated data', () => {
  let first: Awaited<ReturnType<typeof run>>;

  it('finds the injected CSAT drop of team A and its agent, with the evidence of the data', async () => {
    first = await run(now);
    if (process.env.ALERTS_VERBOSE) console.log(first.raised.map((a) => a.evidence.summary).join('\n'));
    const open = await alerts('open');
    for (const a of open) expect(() => AlertSchema.parse(a)).not.toThrow();
    const [team] = find(open, 'csat', 'team', id.teamA);
    expect(team, JSON.stringify(open.map((a) => a.evidence.summary), null, 1)).toBeDefined();
    expect(team.scope.label).toBe('Đội Bắc');
    expect(team.evidence).toMatchObject({ test: 'two_proportions', recent: { value: 70, n: 100 }, baseline: { value: 90, n: 150 } });
    // z by hand: pooled 205/250 = 0.82, se = √(0.82·0.18·(1/100 + 1/150)) = 0.049598, z = −0.2/0.049598
    expect(team.evidence.statistic!).toBeCloseTo(-4.0324, 3);
    expect(team.evidence.pValue!).toBeLessThan(0.0001);
    expect(team.evidence.summary).toContain('CSAT (hài lòng) của bộ phận Đội Bắc giảm từ 90 % (n = 150');
    expect(team.evidence.summary).toContain('xuống 70 % (n = 100');
    // Every answer came by email: the workspace and the email channel have one population → one alert
    // (the channel, the more specific), naming the other.
    const [channel] = find(open, 'csat', 'channel', 'email');
    expect(channel.evidence.summary).toContain('Cùng số liệu với toàn bộ Cửa hàng Cảnh Báo.');
    expect(find(open, 'csat', 'workspace', null)).toHaveLength(0);
    // Team B did not change: no alert; agent a4 had too few recent answers: no alert.
    expect(find(open, 'csat', 'team', id.teamB)).toHaveLength(0);
    expect(find(open, 'csat', 'agent', id.a2)).toHaveLength(0);
    expect(find(open, 'csat', 'agent', id.a4)).toHaveLength(0);
  });

  it("finds agent a3's FRT increase, with exact means and sample sizes", async () => {
    const open = await alerts('open');
    const [frt] = find(open, 'frt', 'agent', id.a3);
    expect(frt, JSON.stringify(open.map((a) => a.evidence.summary), null, 1)).toBeDefined();
    const mean = (n: number, factor: number) => Array.from({ length: n }, (_, k) => frtBase(k) * factor).reduce((s, v) => s + v, 0) / n;
    expect(frt.evidence).toMatchObject({ test: 'mann_whitney', recent: { n: 60 }, baseline: { n: 120 } });
    expect(frt.evidence.recent.value).toBeCloseTo(mean(60, 3), 6);
    expect(frt.evidence.baseline.value).toBeCloseTo(mean(120, 1), 6);
    expect(frt.evidence.statistic!).toBeGreaterThan(5);
    expect(frt.evidence.summary).toContain('Thời gian phản hồi đầu tiên của nhân viên Nhân viên A3 tăng');
    // a3 answered every ticket, all on Zalo: the channel's and the workspace's FRT are a3's — folded in.
    expect(frt.evidence.summary).toContain('Cùng số liệu với kênh Zalo, toàn bộ Cửa hàng Cảnh Báo.');
    expect(find(open, 'frt', 'workspace', null)).toHaveLength(0);
  });

  it('publishes alert.raised events (realtime topic "alerts") and mails supervisors and admins once per new alert', async () => {
    const events = await t.ctx.db.query<StoredEvent & { data: { alertId: string } }>(`SELECT * FROM events WHERE workspace_id = $1 AND type = 'alert.raised'`, [ws.workspaceId]);
    expect(events.map((e) => e.data.alertId).sort()).toEqual(first.raised.map((a) => a.id).sort());
    const { topicsOf } = await import('../../../core/events/realtime.js');
    expect(topicsOf({ ...events[0], subject_type: 'workspace', subject_id: ws.workspaceId })).toContain('alerts');

    await t.ctx.jobs.drain([NOTIFY_JOB]);
    expect(sunk).toHaveLength(first.raised.length);
    const csatMail = sunk.find((m) => m.mail.subject?.includes('CSAT (hài lòng) của bộ phận Đội Bắc'));
    expect(csatMail).toBeDefined();
    expect(csatMail!.to.sort()).toEqual([ws.admin.email, supervisor.email].sort());
    expect(csatMail!.mail.text).toContain('Gần đây');
    expect(csatMail!.mail.text).toContain('70 %, n = 100');
    expect(csatMail!.mail.text).toContain('90 %, n = 150');
    expect(csatMail!.mail.text).toContain('kiểm định z hai tỷ lệ');
    // The job running again (a retry) sends nothing more.
    const alertId = first.raised[0].id;
    await t.ctx.jobs.send(NOTIFY_JOB, { workspaceId: ws.workspaceId, alertId });
    await t.ctx.jobs.drain([NOTIFY_JOB]);
    expect(sunk).toHaveLength(first.raised.length);
  });

  it('dedupes: a second pass raises nothing, keeps one alert per measure and scope, and updates last_seen_at', async () => {
    const before = await alerts('open');
    const second = await run(new Date(now.getTime() + HOUR));
    expect(second.raised).toHaveLength(0);
    expect(second.updated).toBe(before.length);
    const after = await alerts('open');
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    const [team] = find(after, 'csat', 'team', id.teamA);
    expect(team.lastSeenAt).toBe(new Date(now.getTime() + HOUR).toISOString());
    await t.ctx.jobs.drain([NOTIFY_JOB]);
    expect(sunk).toHaveLength(first.raised.length);
  });

  it('acknowledge: supervisors may, agents may not; the acknowledger is shown', async () => {
    const [frt] = find(await alerts('open'), 'frt', 'agent', id.a3);
    const denied = await t.app.inject({ method: 'POST', url: `/api/alerts/${frt.id}/acknowledge`, headers: { cookie: agentCookie } });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${frt.id}/acknowledge`, headers: { cookie: supervisor.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: supervisor.id, name: 'Trưởng Ca Lan' } });
    const missing = await t.app.inject({ method: 'POST', url: `/api/alerts/${newId()}/acknowledge`, headers: { cookie: supervisor.cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.id).toBe('alert.not_found');
    // Still bad within the cool-down: updated silently, not raised again.
    const again = await run(new Date(now.getTime() + 2 * HOUR));
    expect(again.raised.filter((a) => a.measure === 'frt' && a.scope_id === id.a3)).toHaveLength(0);
    expect(find(await alerts('acknowledged'), 'frt', 'agent', id.a3)).toHaveLength(1);
  });

  it('an acknowledged alert still bad after the cool-down is raised again (and mailed again)', async () => {
    const mails = sunk.length;
    const later = await run(new Date(Date.now() + 25 * HOUR));
    const re = later.raised.filter((a) => a.measure === 'frt' && a.scope_id === id.a3);
    expect(re).toHaveLength(1);
    expect(re[0].acknowledged_by).toBeNull();
    await t.ctx.jobs.drain([NOTIFY_JOB]);
    expect(sunk.length).toBe(mails + 1);
    // A retried job for this raise sends nothing more.
    await t.ctx.jobs.send(NOTIFY_JOB, { workspaceId: ws.workspaceId, alertId: re[0].id });
    await t.ctx.jobs.drain([NOTIFY_JOB]);
    expect(sunk.length).toBe(mails + 1);
  });

  it('resolves by itself when the measure is back within normal, then cools down before alerting again', async () => {
    const at = new Date(now.getTime() + 3 * HOUR);
    // 200 more good recent answers for team A: 270/300 = 90 %, its baseline again.
    const added: string[] = [];
    await t.ctx.db.tx(async (tx) => {
      const w = new RawWriter(tx, ws.workspaceId);
      for (let k = 0; k < 200; k++) added.push(await w.answer({ type: 'csat', score: 5, at: recentAt(k, 200), agentId: id.a1, teamId: id.teamA, channel: 'email' }));
    });
    await rebuildWorkspace(t.ctx.db, ws.workspaceId);
    const r = await run(at);
    expect(r.resolved).toBeGreaterThan(0);
    const resolved = find(await alerts('resolved'), 'csat', 'team', id.teamA);
    expect(resolved).toHaveLength(1);
    expect(find(await alerts('open'), 'csat', 'team', id.teamA)).toHaveLength(0);

    // Worse again right away (those answers withdrawn): held back by the 24 h cool-down.
    await t.ctx.db.query(`DELETE FROM survey_answers WHERE id = ANY($1::uuid[])`, [added]);
    await rebuildWorkspace(t.ctx.db, ws.workspaceId);
    const cooling = await run(new Date(at.getTime() + HOUR));
    expect(cooling.raised.filter((a) => a.measure === 'csat' && a.scope_id === id.teamA)).toHaveLength(0);
    expect(cooling.suppressed).toBeGreaterThan(0);
    expect(find(await alerts(), 'csat', 'team', id.teamA)).toHaveLength(1);

    // After the cool-down: a new alert (the resolved one stays as history).
    const after = await run(new Date(at.getTime() + 25 * HOUR));
    expect(after.raised.filter((a) => a.measure === 'csat' && a.scope_id === id.teamA)).toHaveLength(1);
    expect(find(await alerts(), 'csat', 'team', id.teamA).map((a) => a.status).sort()).toEqual(['open', 'resolved']);
  });

  it('the hourly sweep enqueues and runs one detection job per workspace', async () => {
    await t.ctx.jobs.send('alerts.sweep', {});
    expect(await t.ctx.jobs.drain(['alerts.sweep', 'alerts.detect'])).toBe(2);
    expect(await t.ctx.jobs.pending('alerts.detect')).toBe(0);
  });

  it('POST /api/alerts/run is for admins; it returns what it raised', async () => {
    const denied = await t.app.inject({ method: 'POST', url: '/api/alerts/run', headers: { cookie: supervisor.cookie } });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts/run', headers: { cookie: ws.admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.tested).toBeGreaterThan(0);
    expect(Array.isArray(body.raised)).toBe(true);
    // Agents cannot list alerts (metrics:read is for supervisors, admins and integrations).
    expect((await t.app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: agentCookie } })).statusCode).toBe(403);
  });
});
