import type { InjectOptions } from 'fastify';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { ingestInbound } from '../tickets/index.js';
import type { ChannelAccount } from '../../core/channels/accounts.js';
import { addMailbox } from '../../test/fixtures/email.js';
import { CAMPAIGNS_JOB, nextCronRun, runCampaign, type CampaignRow } from './campaigns.js';

// Campaigns on a real database and queue: audience = customers active within N days, sent once per
// run (a repeated run sends nothing twice), throttled per customer, scheduled by cron in the
// workspace time zone or by a single run_at, found by the surveys.campaigns job.

let sink: SMTPServer;
let mails = 0;
let t: TestApp;
let ws: SeededWorkspace;
let mailbox: ChannelAccount;
const active: string[] = [];
let inactive: string;

let n = 0;
const uniq = () => `${Date.now().toString(36)}${n++}`;

async function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: InjectOptions['payload']) {
  const res = await t.app.inject({ method, url, headers: { cookie: ws.admin.cookie }, payload });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

beforeAll(async () => {
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        mails++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  t = await createTestApp();
  ws = await seedWorkspace(t);
  mailbox = await addMailbox(t, ws, { address: 'cskh@campaign-test.vn', smtp: { host: '127.0.0.1', port: (sink.server.address() as AddressInfo).port, secure: false } });
  // Active: one email customer (delivered by mail) and one walk-in without email (link-only).
  const mail = await ingestInbound(
    t.ctx.db,
    { channel: 'email', externalId: `<${uniq()}@k.vn>`, from: { kind: 'email', value: `a-${uniq()}@k.vn` }, subject: 'Hỏi', body: 'Chào', contentType: 'text', attachments: [], channelAccountId: mailbox.id },
    { kind: 'system', workspaceId: ws.workspaceId },
  );
  active.push(mail.customerId);
  for (const name of ['Khách tại quầy', 'Khách cũ']) {
    const c = await api('POST', '/api/customers', { name });
    const id = (c.body.customer ?? c.body).id;
    await api('POST', '/api/tickets', { customerId: id, subject: 'Ghé cửa hàng', channel: 'manual', firstMessage: { kind: 'inbound', body: 'Hỏi giá' } });
    if (name === 'Khách cũ') inactive = id;
    else active.push(id);
  }
  // The old customer's only ticket is 200 days old.
  await t.ctx.db.query(`UPDATE tickets SET created_at = now() - interval '200 days', last_message_at = now() - interval '200 days' WHERE customer_id = $1`, [inactive]);
});
afterAll(async () => {
  await new Promise<void>((r) => (sink ? sink.close(() => r()) : r()));
  await t?.close();
});

const templateId = async (type: string) => {
  await api('GET', '/api/survey-templates');
  return (await t.ctx.db.one<{ id: string }>('SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = $2 AND is_default', [ws.workspaceId, type])).id;
};
const requestsOf = (campaignId: string) =>
  t.ctx.db.query<{ customer_id: string; campaign_run: string; reason: string }>('SELECT customer_id, campaign_run, reason FROM survey_requests WHERE campaign_id = $1 ORDER BY customer_id', [campaignId]);
const campaignRow = (id: string) => t.ctx.db.one<CampaignRow>('SELECT * FROM survey_campaigns WHERE id = $1', [id]);

describe('survey campaigns', () => {
  it('validates schedule and survey; a cron schedule is read in the workspace time zone', async () => {
    const ces = await templateId('ces');
    const bad = await api('POST', '/api/survey-campaigns', { templateId: ces, name: 'Sai lịch', schedule: 'mỗi quý' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('survey_campaign.invalid_schedule');
    const noTpl = await api('POST', '/api/survey-campaigns', { templateId: '00000000-0000-4000-8000-000000000000', name: 'x' });
    expect(noTpl.body.error.id).toBe('survey_campaign.invalid_template');

    const daily = await api('POST', '/api/survey-campaigns', { templateId: ces, name: 'Hằng ngày 9 giờ', schedule: '0 9 * * *', audience: { activeWithinDays: 30 } });
    expect(daily.status, JSON.stringify(daily.body)).toBe(201);
    const next = new Date(daily.body.campaign.nextRunAt);
    // 09:00 in Asia/Ho_Chi_Minh (UTC+7) is 02:00 UTC.
    expect(next.getUTCHours()).toBe(2);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(nextCronRun('0 9 1 */3 *', 'Asia/Ho_Chi_Minh', new Date('2026-11-22T00:00:00Z')).toISOString()).toBe('2027-01-01T02:00:00.000Z');

    const off = await api('PATCH', `/api/survey-campaigns/${daily.body.campaign.id}`, { enabled: false });
    expect(off.body.campaign).toMatchObject({ enabled: false, nextRunAt: null });
    expect((await api('GET', '/api/survey-campaigns')).body.campaigns).toHaveLength(1);
    expect((await api('DELETE', `/api/survey-campaigns/${daily.body.campaign.id}`)).status).toBe(204);
    expect((await api('GET', '/api/survey-campaigns')).body.campaigns).toHaveLength(0);
  });

  it('"run now" asks each active customer once; the same run repeated sends nothing twice; a new run is throttled', async () => {
    const csat = await templateId('csat');
    const c = await api('POST', '/api/survey-campaigns', { templateId: csat, name: 'CSAT khách hoạt động', audience: { activeWithinDays: 90 } });
    expect(c.body.campaign.nextRunAt).toBeNull();
    const id = c.body.campaign.id;
    const run = await api('POST', `/api/survey-campaigns/${id}/run`, {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.counts).toMatchObject({ sent: 1, no_channel: 1, throttled: 0 });
    const reqs = await requestsOf(id);
    expect(reqs.map((r) => r.customer_id).sort()).toEqual([...active].sort());
    expect(reqs.every((r) => r.reason === 'campaign' && r.campaign_run === run.body.runKey)).toBe(true);
    await t.ctx.jobs.drain();
    expect(mails).toBe(1);

    // The same run again (e.g. after a crash half-way): nothing new.
    const again = await runCampaign(t.ctx, await campaignRow(id), run.body.runKey);
    expect(again.counts).toMatchObject({ sent: 0, skipped: 2 });
    expect(await requestsOf(id)).toHaveLength(2);
    // A new run within the throttle window asks nobody.
    const later = await api('POST', `/api/survey-campaigns/${id}/run`, {});
    expect(later.body.counts).toMatchObject({ sent: 0, throttled: 2 });
    expect((await campaignRow(id)).last_run_sent).toBe(0);
  });

  it('a one-off run_at is found by the surveys.campaigns job, sent once and not again', async () => {
    const nps = await templateId('nps');
    const at = new Date(Date.now() - 60_000).toISOString();
    const c = await api('POST', '/api/survey-campaigns', { templateId: nps, name: 'NPS quý 4', runAt: at });
    expect(c.body.campaign.nextRunAt).toBe(at);
    const id = c.body.campaign.id;
    await t.ctx.jobs.send(CAMPAIGNS_JOB, {});
    await t.ctx.jobs.drain();
    const reqs = await requestsOf(id);
    expect(reqs).toHaveLength(2);
    expect(reqs[0].campaign_run).toBe(at);
    const row = await campaignRow(id);
    expect(row.next_run_at).toBeNull();
    expect(row.last_run_sent).toBe(1);
    await t.ctx.jobs.send(CAMPAIGNS_JOB, {});
    await t.ctx.jobs.drain();
    expect(await requestsOf(id)).toHaveLength(2);
    expect(mails).toBe(2);
  });
});
