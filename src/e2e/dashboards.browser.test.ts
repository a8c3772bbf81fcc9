import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiToken, User } from '../shared/access';
import type { AlertDto } from '../shared/metrics';
import type { Browser, Page } from 'playwright-core';
import { createSurveyRequest } from '../server/areas/surveys';
import { ensureDefaultTemplates } from '../server/areas/surveys';
import { metricsSettled } from '../server/areas/metrics';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * The dashboards on the real server, with figures computed by the metrics engine from data this test
 * creates through the APIs: a customer writes in, the agent answers and resolves, the customer rates
 * 5/5 through the public survey endpoint (→ CSAT 100 %); a second customer is still waiting.
 * A supervisor changes the period (URL and figures follow), downloads a breakdown as CSV, opens the
 * agent's scorecard from the breakdown and watches the live view.
 */
describe('dashboards in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const supervisor = { name: 'Đặng Thu Hà', email: 'ha@hoasen.vn', password: 'mat-khau-cua-ha' };
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  let agentId = '';
  let integration = '';
  const pageErrors: string[] = [];

  const inbound = async (externalId: string, name: string, phone: string, body: string) => {
    const r = await http(server.url, 'POST', '/api/inbound/messages', {
      token: integration,
      body: { channel: 'zalo', externalId, from: { kind: 'phone', value: phone, name }, body },
    });
    expect(r.status).toBe(201);
    return r.data as { ticketId: string; customerId: string };
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    const adminCookie = setup.cookie!;
    expect((await http(server.url, 'POST', '/api/users', { cookie: adminCookie, body: { ...supervisor, role: 'supervisor', locale: 'vi' } })).status).toBe(201);
    const created = await http<{ user: User }>(server.url, 'POST', '/api/users', { cookie: adminCookie, body: { ...agent, role: 'agent', locale: 'vi' } });
    expect(created.status).toBe(201);
    agentId = created.data.user.id;
    const tok = await http<{ token: string; apiToken: ApiToken }>(server.url, 'POST', '/api/tokens', { cookie: adminCookie, body: { name: 'Zalo OA' } });
    expect(tok.status).toBe(201);
    integration = tok.data.token;
    const login = await http(server.url, 'POST', '/api/auth/login', { body: { email: agent.email, password: agent.password } });
    expect(login.status).toBe(200);
    const agentCookie = login.cookie!;

    // A served customer: the agent answers, resolves, and the customer rates 5/5.
    const served = await inbound('zalo-1', 'Nguyễn Văn An', '+84 912 345 678', 'Máy lọc nước báo lỗi E2, shop giúp mình với.');
    expect((await http(server.url, 'PATCH', `/api/tickets/${served.ticketId}`, { cookie: adminCookie, body: { assigneeId: agentId } })).status).toBe(200);
    const reply = await http(server.url, 'POST', `/api/tickets/${served.ticketId}/messages`, {
      cookie: agentCookie,
      body: { kind: 'reply', body: 'Dạ anh rút điện 5 phút rồi bật lại giúp em ạ.' },
    });
    expect(reply.status).toBe(201);
    expect((await http(server.url, 'PATCH', `/api/tickets/${served.ticketId}`, { cookie: agentCookie, body: { status: 'resolved' } })).status).toBe(200);
    const workspaceId = (await server.ctx.db.one<{ id: string }>('SELECT workspace_id AS id FROM tickets WHERE id = $1', [served.ticketId])).id;
    await ensureDefaultTemplates(server.ctx.db, workspaceId);
    const csat = await server.ctx.db.one<{ id: string }>(`SELECT id FROM survey_templates WHERE workspace_id = $1 AND type = 'csat' AND is_default`, [workspaceId]);
    const { token } = await server.ctx.db.tx((tx) =>
      createSurveyRequest(tx, {
        workspaceId,
        templateId: csat.id,
        type: 'csat',
        customerId: served.customerId,
        ticketId: served.ticketId,
        agentId,
        channel: 'zalo',
        reason: 'ticket_resolved',
        expiresAfterDays: 14,
      }),
    );
    const answer = await http(server.url, 'POST', `/api/public/surveys/${token}/answer`, { body: { score: 5, comment: 'Nhân viên hướng dẫn rất nhiệt tình' } });
    expect(answer.status).toBe(200);

    // A customer still waiting for a first reply.
    await inbound('zalo-2', 'Phạm Thị Thu', '+84 987 654 321', 'Cho mình hỏi đơn DH1024 bao giờ giao ạ?');
    await metricsSettled();
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.stop();
  });

  const supervisorPage = async (width = 1440): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, supervisor.email, supervisor.password);
    return page;
  };

  it('overview: the period filter goes to the URL and refetches; CSAT of the rated ticket is 100 %; CSV downloads', async () => {
    const page = await supervisorPage();
    await page.getByRole('link', { name: 'Báo cáo' }).click();
    await page.waitForURL(/\/reports$/);
    const csatCard = page.getByTestId('kpi-csat');
    await expect.poll(() => csatCard.getByTestId('kpi-value').textContent(), { timeout: 15_000 }).toBe('100,0\u00a0%');
    expect(await csatCard.getByTestId('kpi-n').textContent()).toBe('n = 1');
    // Volume: two tickets were created today.
    await expect.poll(() => page.getByTestId('kpi-volume').getByTestId('kpi-value').textContent()).toBe('2');

    // Last 7 days instead of 30: the URL carries the choice and the overview is asked again for it.
    const refetch = page.waitForResponse((r) => r.url().includes('/api/metrics/overview') && r.url().includes('from='));
    await page.getByTestId('period-filter').click();
    await page.getByRole('option', { name: '7 ngày qua' }).click();
    await page.waitForURL(/period=7d/);
    const res = await refetch;
    expect(res.status()).toBe(200);
    const body = await res.json();
    const days = (Date.parse(`${body.to}T00:00:00Z`) - Date.parse(`${body.from}T00:00:00Z`)) / 86_400_000 + 1;
    expect(days).toBe(7);
    expect(await page.getByTestId('period-label').textContent()).toContain(`${body.to.slice(8, 10)}/${body.to.slice(5, 7)}/${body.to.slice(0, 4)}`);
    await expect.poll(() => csatCard.getByTestId('kpi-value').textContent()).toBe('100,0\u00a0%');

    // A shared link opens the same view.
    const shared = page.url();
    await page.goto(shared);
    await expect.poll(() => page.getByTestId('period-filter').inputValue()).toBe('7 ngày qua');

    // The breakdown by channel, downloaded as CSV from the server.
    await page.getByTestId('breakdown-channel').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('breakdown-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^csat-by-channel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('key,label,value,n,mean,median,p90,previous_value,previous_n');
    const zalo = lines.find((l) => l.startsWith('zalo,'));
    expect(zalo?.split(',').slice(2, 4)).toEqual(['100', '1']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dashboards-01-overview');

    // From the agent row of the breakdown to that agent's scorecard.
    await page.getByTestId('breakdown-tab-agent').click();
    await page.getByTestId('breakdown-agent').getByRole('link', { name: agent.name }).click();
    // …for the same period.
    await page.waitForURL(new RegExp(`/reports/agents/${agentId}\\?period=7d$`));
    await expect.poll(() => page.getByTestId('scorecard-name').textContent(), { timeout: 15_000 }).toBe(agent.name);
    expect(await page.getByTestId('scorecard-csat').textContent()).toContain('100,0\u00a0%');
    expect(await page.getByTestId('scorecard-volume').textContent()).toContain('1');
    await screenshot(page, 'dashboards-02-scorecard');
    await page.close();
  });

  it('live view: the waiting customer with a running counter; a new conversation appears without reload', async () => {
    const page = await supervisorPage();
    await page.goto(`${server.url}/reports/live`);
    const waiting = page.getByTestId('live-waiting');
    await waiting.getByText('Phạm Thị Thu').waitFor({ timeout: 15_000 });
    expect(await waiting.getByText('Nguyễn Văn An').count()).toBe(0); // answered and resolved
    const counter = waiting.getByTestId('waiting-for').first();
    expect(await counter.textContent()).toMatch(/^chờ \d+ (giây|phút)/);
    const before = await counter.textContent();
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(await page.getByTestId('live-open').textContent()).toBe('1');

    await page.evaluate(() => (window.__sameDocument = true));
    await inbound('zalo-3', 'Vũ Quốc Huy', '+84 903 111 222', 'Shop ơi cuối tuần mở cửa mấy giờ?');
    await waiting.getByText('Vũ Quốc Huy').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect.poll(() => page.getByTestId('live-open').textContent()).toBe('2');
    await screenshot(page, 'dashboards-03-live');
    await page.close();
  });

  it('an agent sees only their own scorecard; the alerts list answers for supervisors', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, agent.email, agent.password);
    await page.goto(`${server.url}/reports`);
    await page.waitForURL(/\/reports\/me$/);
    await expect.poll(() => page.getByTestId('scorecard-name').textContent(), { timeout: 15_000 }).toBe(agent.name);
    expect(await page.getByTestId('reports-tab-overview').count()).toBe(0);
    await screenshot(page, 'dashboards-04-my-scorecard-phone');
    await page.close();

    const sup = await supervisorPage();
    await sup.goto(`${server.url}/reports/alerts`);
    await sup.getByText('Không có cảnh báo nào').waitFor({ timeout: 15_000 });
    await sup.close();
  });

  it('alerts: the badge counts open alerts, the card shows the evidence, "Ghi nhận" acknowledges through the API', async () => {
    // What the hourly detection writes when email CSAT drops (the detection itself is tested with the engine).
    const workspaceId = (await server.ctx.db.one<{ id: string }>('SELECT id FROM workspaces LIMIT 1')).id;
    const alertId = crypto.randomUUID();
    const evidence = {
      test: 'two_proportions',
      recent: { from: '2026-11-15', to: '2026-11-21', value: 71.3, n: 87 },
      baseline: { from: '2026-10-11', to: '2026-11-14', value: 88.2, n: 412 },
      statistic: -3.71,
      pValue: 0.0001,
      summary: 'CSAT kênh Email giảm từ 88,2 % xuống 71,3 %',
    };
    await server.ctx.db.query(
      `INSERT INTO alerts (id, workspace_id, measure, scope_kind, scope_id, scope_label, status, evidence, created_at, raised_at, last_seen_at)
       VALUES ($1, $2, 'csat', 'channel', 'email', 'email', 'open', $3, now(), now(), now())`,
      [alertId, workspaceId, JSON.stringify(evidence)],
    );

    const page = await supervisorPage();
    await page.goto(`${server.url}/reports`);
    await expect.poll(() => page.getByTestId('nav-alerts-badge').textContent(), { timeout: 15_000 }).toBe('1');
    await page.getByRole('link', { name: /cảnh báo đang mở/ }).click();
    await page.waitForURL(/\/reports\/alerts$/);
    const card = page.getByTestId('alert-card');
    await card.waitFor();
    const text = await card.textContent();
    for (const part of ['CSAT (hài lòng) — Kênh: Email', '15/11/2026 – 21/11/2026', '11/10/2026 – 14/11/2026', '71,3\u00a0%', 'n = 87', 'n = 412', 'Hai tỷ lệ (kiểm định z)', 'p < 0,001', 'giảm từ 88,2 %']) {
      expect(text).toContain(part);
    }
    await screenshot(page, 'dashboards-05-alerts');
    await card.getByTestId('alert-ack').click();
    await expect.poll(() => page.getByTestId('alert-card').count()).toBe(0);
    await expect.poll(() => page.getByTestId('nav-alerts-badge').count()).toBe(0);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const acked = await http<{ alerts: AlertDto[] }>(server.url, 'GET', '/api/alerts?status=acknowledged', { cookie });
    expect(acked.data.alerts.map((a) => [a.id, a.acknowledgedBy?.name])).toEqual([[alertId, supervisor.name]]);
    await page.locator('label', { hasText: 'Đã ghi nhận' }).click();
    await expect.poll(() => page.getByTestId('alert-card').textContent()).toContain(`${supervisor.name} đã ghi nhận`);
    await page.close();
  });
});
