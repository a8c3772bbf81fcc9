import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ApiToken } from '../shared/access';
import type { InboundResultSchema } from '../shared/tickets';
import type { SurveyTemplateDto } from '../shared/surveys';
import type { SurveyCampaign } from '../web/features/surveys/surveysApi';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSurveyRequest } from '../server/areas/surveys';
import { QUARTERLY_CRON } from '../web/features/surveys/schedule';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

/**
 * Surveys in the agents' app through the real server: an admin rewords the CSAT question and changes its
 * delay (it persists), creates a quarterly NPS campaign; a customer answers a CSAT link through the public
 * API and the ticket's "Đánh giá" panel and the 360 "Khảo sát" card show the score and comment; asking the
 * same customer again is refused as throttled, and the page says so. Agents do not see the settings page.
 */
describe('surveys in the web app', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Lê Minh Quân', email: 'quan@hoasen.vn', password: 'mat-khau-an-toan' };
  const agent = { name: 'Trần Thị Bình', email: 'binh@hoasen.vn', password: 'mat-khau-cua-binh' };
  let cookie = '';
  let ticketId = '';
  let customerId = '';
  const pageErrors: string[] = [];
  let adminContext: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    expect((await http(server.url, 'POST', '/api/users', { cookie, body: { ...agent, role: 'agent', locale: 'vi' } })).status).toBe(201);
    const tok = await http<{ token: string; apiToken: ApiToken }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Zalo OA' } });
    const inbound = await http<z.infer<typeof InboundResultSchema>>(server.url, 'POST', '/api/inbound/messages', {
      token: tok.data.token,
      body: {
        channel: 'zalo',
        externalId: 'zalo-1',
        from: { kind: 'phone', value: '+84 912 345 678', name: 'Nguyễn Văn An' },
        subject: 'Máy lọc nước báo lỗi E2',
        body: 'Máy lọc nước báo lỗi E2 từ sáng nay, tôi cần làm gì ạ?',
      },
    });
    expect(inbound.status).toBe(201);
    ticketId = inbound.data.ticketId;
    customerId = inbound.data.customerId;
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.stop();
  });

  async function adminPage(width = 1440): Promise<Page> {
    if (!adminContext) {
      adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const first = await adminContext.newPage();
      await loginThroughForm(first, server.url, admin.email, admin.password);
      await first.close();
    }
    const page = await adminContext.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  const templates = async () => (await http<{ templates: SurveyTemplateDto[] }>(server.url, 'GET', '/api/survey-templates', { cookie })).data.templates;

  it('an admin rewords the CSAT question and changes its delay; both persist', async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/settings`);
    await page.getByRole('link', { name: 'Khảo sát' }).click();
    const csat = page.getByTestId('template-csat');
    await csat.waitFor();
    await expect.poll(() => page.getByTestId('template-nps').count()).toBe(1);
    await expect.poll(() => page.getByTestId('template-ces').count()).toBe(1);
    await screenshot(page, 'surveys-01-templates');

    await csat.getByTestId('template-edit').click();
    const dialog = page.getByRole('dialog');
    // The customer's view of the 5-level scale, best first.
    const preview = dialog.getByTestId('csat-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/Rất hài lòng[\s\S]*Hài lòng[\s\S]*Bình thường[\s\S]*Không hài lòng[\s\S]*Tệ/);
    await screenshot(page, 'surveys-02-csat-editor');

    await dialog.getByTestId('question-0-text-vi').fill('Anh/chị chấm mấy sao cho lần hỗ trợ này?');
    await dialog.getByTestId('trigger-delay').fill('45');
    await dialog.getByTestId('template-save').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => csat.getByTestId('template-triggers').innerText()).toContain('chờ 45 phút');

    const saved = (await templates()).find((x) => x.type === 'csat' && x.isDefault)!;
    expect(saved.triggers.delayMinutes).toBe(45);
    expect(saved.questions[0].text.vi).toBe('Anh/chị chấm mấy sao cho lần hỗ trợ này?');
    // Untouched parts are kept: the English text, the other triggers, the comment question.
    expect(saved.questions[0].text.en).toBe('How satisfied are you with the help you received?');
    expect(saved.questions).toHaveLength(2);

    // After a reload the editor shows what was saved.
    await page.reload();
    await page.getByTestId('template-csat').getByTestId('template-edit').click();
    await expect.poll(() => page.getByRole('dialog').getByTestId('question-0-text-vi').inputValue()).toBe('Anh/chị chấm mấy sao cho lần hỗ trợ này?');
    expect(await page.getByRole('dialog').getByTestId('trigger-delay').inputValue()).toContain('45');
    await page.close();
  });

  it('an admin adds a custom survey (rating + choice, vi and en), then deletes it', async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/settings/surveys`);
    await page.getByTestId('add-template').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('template-name').fill('Sau giao hàng');
    await dialog.getByTestId('question-0-text-vi').fill('Giao hàng có đúng hẹn không?');
    // The English text is missing: refused on the form, nothing sent.
    await dialog.getByTestId('template-save').click();
    expect(await dialog.getByTestId('editor-error').innerText()).toContain('Câu 1');
    await dialog.getByTestId('question-0-text-en').fill('Was the delivery on time?');
    await dialog.getByTestId('add-question').click();
    await page.getByRole('menuitem', { name: 'Lựa chọn' }).click();
    await dialog.getByTestId('question-1-text-vi').fill('Anh/chị biết chúng tôi qua đâu?');
    await dialog.getByTestId('question-1-text-en').fill('How did you hear about us?');
    for (const [k, vi, en] of [[0, 'Bạn bè', 'Friends'], [1, 'Facebook', 'Facebook']] as const) {
      await dialog.getByTestId(`question-1-option-${k}-vi`).fill(vi);
      await dialog.getByTestId(`question-1-option-${k}-en`).fill(en);
    }
    await dialog.getByTestId('template-save').click();
    await dialog.waitFor({ state: 'detached' });

    const custom = (await templates()).find((x) => x.type === 'custom')!;
    expect(custom).toMatchObject({ name: 'Sau giao hàng', isDefault: false });
    expect(custom.questions.map((q) => q.kind)).toEqual(['rating', 'choice']);
    expect(custom.questions[0]).toMatchObject({ max: 5, text: { vi: 'Giao hàng có đúng hẹn không?', en: 'Was the delivery on time?' } });
    expect(custom.questions[1].options!.map((o) => o.label)).toEqual([{ vi: 'Bạn bè', en: 'Friends' }, { vi: 'Facebook', en: 'Facebook' }]);

    const card = page.getByTestId(`template-custom-${custom.id}`);
    await card.waitFor();
    await card.getByRole('button', { name: 'Xoá' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xoá' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await templates()).some((x) => x.type === 'custom')).toBe(false);
    await page.close();
  });

  it('an admin creates a quarterly NPS campaign', async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/settings/surveys`);
    await page.getByTestId('tab-campaigns').click();
    await page.getByTestId('add-campaign').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('campaign-name').fill('NPS hằng quý');
    await dialog.getByTestId('campaign-days').fill('120');
    // A custom cron that is not one is refused before anything is sent.
    await dialog.getByText('Tuỳ chỉnh (cron)', { exact: true }).click();
    await dialog.getByTestId('campaign-cron').fill('mỗi quý');
    await dialog.getByTestId('campaign-save').click();
    await dialog.getByTestId('campaign-error').waitFor();
    await dialog.getByText('Mỗi quý', { exact: true }).click();
    // Another schedule choice clears the old complaint.
    await dialog.getByTestId('campaign-error').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    await screenshot(page, 'surveys-03-campaign-form');
    await dialog.getByTestId('campaign-save').click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('campaign-row');
    await row.waitFor();
    expect(await row.innerText()).toContain('NPS hằng quý');
    expect(await row.innerText()).toContain('Mỗi quý');
    await screenshot(page, 'surveys-04-campaigns');

    const list = (await http<{ campaigns: SurveyCampaign[] }>(server.url, 'GET', '/api/survey-campaigns', { cookie })).data.campaigns;
    expect(list).toHaveLength(1);
    const nps = (await templates()).find((x) => x.type === 'nps' && x.isDefault)!;
    expect(list[0]).toMatchObject({ name: 'NPS hằng quý', templateId: nps.id, audience: { activeWithinDays: 120 }, schedule: QUARTERLY_CRON, runAt: null, enabled: true });
    await page.close();
  });

  it('the ticket shows the customer’s answer; asking again too soon is refused and said so', async () => {
    const csat = (await templates()).find((x) => x.type === 'csat' && x.isDefault)!;
    const workspaceId = (await server.ctx.db.one<{ id: string }>('SELECT workspace_id AS id FROM tickets WHERE id = $1', [ticketId])).id;
    const { token } = await server.ctx.db.tx((tx) =>
      createSurveyRequest(tx, { workspaceId, templateId: csat.id, type: 'csat', customerId, ticketId, channel: 'zalo', reason: 'ticket_resolved', expiresAfterDays: 14 }),
    );
    const comment = 'Nhân viên trả lời chậm, phải hỏi lại hai lần.';
    const answered = await http(server.url, 'POST', `/api/public/surveys/${token}/answer`, { body: { score: 2, comment } });
    expect(answered.status).toBe(200);

    const page = await adminPage();
    await page.goto(`${server.url}/tickets/${ticketId}`);
    const panel = page.getByTestId('ticket-survey');
    await panel.getByTestId('ticket-survey-answer').waitFor();
    expect(await panel.getByTestId('survey-score').getAttribute('data-score')).toBe('2');
    expect(await panel.innerText()).toContain('Không hài lòng');
    expect(await panel.getByTestId('ticket-survey-comment').innerText()).toBe(comment);
    // CSAT 2 is a low score by default: the follow-up ticket is linked.
    const followup = panel.getByTestId('ticket-survey-followup');
    await followup.waitFor();
    expect(await followup.getAttribute('href')).toMatch(/^\/tickets\/[0-9a-f-]+$/);

    // The customer was asked for a CSAT moments ago: the template's "once per N days" holds.
    await panel.getByTestId('send-survey').click();
    await page.getByTestId('send-survey-csat').click();
    const outcome = panel.getByTestId('send-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('throttled');
    expect(await outcome.innerText()).toContain('Không gửi');
    await screenshot(page, 'surveys-05-ticket');

    // The 360 page lists the answer.
    await page.goto(`${server.url}/customers/${customerId}`);
    const card = page.getByTestId('customer-surveys');
    await card.getByTestId('customer-survey-answer').first().waitFor();
    expect(await card.innerText()).toContain(comment);
    expect(await card.getByTestId('survey-score').first().getAttribute('data-score')).toBe('2');
    // …and its timeline says what the answer was, not the source's machine-readable title.
    await page.getByText('Khách đánh giá CSAT 2/5 · Không hài lòng').first().waitFor();
    await screenshot(page, 'surveys-06-customer');
    await page.close();
  });

  it('looks right on a phone and in English', async () => {
    const phone = await adminPage(390);
    await phone.goto(`${server.url}/settings/surveys`);
    await phone.getByTestId('template-csat').waitFor();
    await screenshot(phone, 'surveys-07-phone');
    await phone.close();

    const page = await adminPage();
    await page.goto(`${server.url}/settings/surveys`);
    await page.evaluate(() => localStorage.setItem('tantam.lang', 'en'));
    await page.reload();
    await page.getByRole('tab', { name: 'Templates' }).waitFor();
    await page.getByTestId('template-csat').waitFor();
    expect(await page.getByTestId('template-csat').innerText()).toContain('waits 45 min');
    await screenshot(page, 'surveys-08-en');
    await page.evaluate(() => localStorage.setItem('tantam.lang', 'vi'));
    await page.close();
  });

  it('agents do not see the surveys settings', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loginThroughForm(page, server.url, agent.email, agent.password);
    await page.goto(`${server.url}/settings/surveys`);
    await page.waitForURL(/\/settings\/users$/);
    expect(await page.getByRole('link', { name: 'Khảo sát' }).count()).toBe(0);
    await context.close();
  });
});
