import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm } from './support/browser';
import { updateTicketInTx } from '../server/areas/tickets/index.js';

const SHOTS = process.env.AI_SHOTS_DIR ?? '/tmp/shots/ai';

/**
 * The AI pieces of the web app in a browser, on a desktop and a phone: the knowledge base's admin
 * page and the public help centre (no login), Settings → AI assistant and → AI, and on the ticket
 * page the sentiment badge of customer messages, the "AI" mark on a field the AI filled with its
 * Undo, suggestions applied and dismissed; the inbox's "upset customers" chip.
 */
describe('AI, knowledge base and help centre pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie: string;
  let workspaceId: string;
  const admin = { name: 'Phạm Minh Châu', email: 'chau@ai-demo.vn', password: 'mat-khau-quan-tri' };
  const tickets: Record<number, { upset: string; calm: string }> = {};
  let teamId: string;

  async function customerTicket(name: string, phone: string, subject: string, body: string) {
    const c = await http<{ customer: { id: string } }>(server.url, 'POST', '/api/customers', { cookie, body: { name, phone } });
    expect(c.status).toBe(201);
    const r = await http<{ ticket: { id: string } }>(server.url, 'POST', '/api/tickets', { cookie, body: { customerId: c.data.customer.id, subject, channel: 'zalo', firstMessage: { kind: 'inbound', body } } });
    expect(r.status).toBe(201);
    return r.data.ticket.id;
  }

  /** What the AI's reactions write, written here: the sentiment of the latest customer message. */
  async function readAs(ticketId: string, sentiment: string, score: number) {
    await server.ctx.db.query(
      `INSERT INTO message_sentiments (message_id, workspace_id, ticket_id, customer_id, sentiment, score, confidence)
       SELECT m.id, m.workspace_id, m.ticket_id, m.customer_id, $2, $3, 0.9 FROM messages m
       WHERE m.ticket_id = $1 AND m.direction = 'inbound' ORDER BY m.created_at DESC LIMIT 1
       ON CONFLICT (message_id) DO UPDATE SET sentiment = EXCLUDED.sentiment, score = EXCLUDED.score`,
      [ticketId, sentiment, score],
    );
  }

  /** The AI's predictions for a ticket: category applied by "Tự động (AI)" through the tickets' command, team and priority suggested. */
  async function predict(ticketId: string) {
    await server.ctx.db.tx(async (tx) => {
      await updateTicketInTx(tx, ticketId, { category: 'Bảo hành' }, { kind: 'ai', workspaceId });
      await tx.query(
        `INSERT INTO ai_predictions (workspace_id, ticket_id, field, label, confidence, model_version, state, previous_value) VALUES
           ($1, $2, 'category', 'Bảo hành', 0.93, 1, 'applied', NULL),
           ($1, $2, 'team', $3, 0.71, 1, 'suggested', NULL),
           ($1, $2, 'priority', 'high', 0.58, 1, 'suggested', NULL)`,
        [workspaceId, ticketId, teamId],
      );
    });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Điện máy Tận Tâm', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    workspaceId = (await http<{ workspace: { id: string } }>(server.url, 'GET', '/api/auth/me', { cookie })).data.workspace.id;
    teamId = (await http<{ team: { id: string } }>(server.url, 'POST', '/api/teams', { cookie, body: { name: 'Kỹ thuật bảo hành' } })).data.team.id;
    expect(teamId).toBeTruthy();

    const cat = await http<{ id: string }>(server.url, 'POST', '/api/kb/categories', { cookie, body: { name: 'Bảo hành & sửa chữa' } });
    expect(cat.status).toBe(201);
    const catId = cat.data.id;
    const articles = [
      { lang: 'vi', title: 'Chính sách bảo hành máy lọc nước', body: '## Thời hạn\n\nMáy lọc nước được bảo hành **24 tháng** kể từ ngày giao hàng.\n\n- Lõi lọc: 6 tháng\n- Bo mạch: 24 tháng\n\nMang phiếu bảo hành hoặc báo số điện thoại mua hàng.', status: 'published', categoryId: catId, tags: ['bảo hành'] },
      { lang: 'vi', title: 'Cách vệ sinh điều hoà tại nhà', body: 'Tắt nguồn, tháo lưới lọc, rửa bằng nước sạch và phơi khô trước khi lắp lại.', status: 'published', categoryId: null, tags: [] },
      { lang: 'en', title: 'Water purifier warranty', body: 'Water purifiers carry a **24-month** warranty from delivery.', status: 'published', categoryId: catId, tags: [] },
      { lang: 'vi', title: 'Hướng dẫn đổi trả (bản nháp)', body: 'Đang soạn.', status: 'draft', categoryId: null, tags: [] },
    ];
    for (const a of articles) {
      const r = await http(server.url, 'POST', '/api/kb/articles', { cookie, body: a });
      expect(r.status, JSON.stringify(r.data)).toBe(201);
    }
    const hc = await http(server.url, 'PUT', '/api/kb/help-centre', { cookie, body: { slug: 'dien-may-tan-tam', title: 'Trung tâm trợ giúp Điện máy Tận Tâm', enabled: true } });
    expect(hc.status, JSON.stringify(hc.data)).toBe(200);

    let n = 0;
    for (const w of [1440, 390]) {
      n++;
      const upset = await customerTicket(`Nguyễn Văn Bực ${n}`, `091234567${n}`, 'Máy lọc nước rò rỉ lần thứ ba', 'Máy lọc nước lại rò rỉ nước ra sàn, đã sửa hai lần rồi mà vẫn hỏng. Tôi rất bực, ko chấp nhận được!');
      const calm = await customerTicket(`Trần Thị Vui ${n}`, `098765432${n}`, 'Cảm ơn kỹ thuật viên', 'Cảm ơn anh kỹ thuật viên, máy chạy êm rồi ạ');
      await server.ctx.jobs.drain();
      await readAs(upset, 'negative', -0.82);
      await readAs(calm, 'positive', 0.76);
      await predict(upset);
      tickets[w] = { upset, calm };
    }
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (page: Page, name: string, w: number, fullPage = true) => page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage });

  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    it(`knowledge base admin page and the public help centre at ${w}x${h}`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/knowledge`);
      await page.getByText('Chính sách bảo hành máy lọc nước').first().waitFor();
      await shot(page, 'kb-list', w);
      // Search ignores diacritics and the old tone placement.
      await page.getByPlaceholder(/Tìm/).first().fill('dieu hoà');
      await page.getByText('Cách vệ sinh điều hoà tại nhà').first().waitFor();
      await page.getByPlaceholder(/Tìm/).first().fill('');
      await page.getByText('Chính sách bảo hành máy lọc nước').first().click();
      await page.locator('input[value="Chính sách bảo hành máy lọc nước"]').waitFor();
      await shot(page, 'kb-editor', w);
      await page.close();

      // The public help centre: another browser, nobody logged in.
      const visitor = await browser.newContext({ viewport: { width: w, height: h } });
      const pub = await visitor.newPage();
      await pub.goto(`${server.url}/help/dien-may-tan-tam`);
      await pub.getByText('Trung tâm trợ giúp Điện máy Tận Tâm').first().waitFor();
      await pub.getByText('Chính sách bảo hành máy lọc nước').first().waitFor();
      expect(await pub.getByText('Hướng dẫn đổi trả (bản nháp)').count()).toBe(0);
      const overflow = await pub.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(pub, 'help-home', w);
      await pub.getByText('Chính sách bảo hành máy lọc nước').first().click();
      await pub.getByText('24 tháng').first().waitFor();
      await shot(pub, 'help-article', w);
      await visitor.close();
    }, 120_000);

    it(`settings for the AI assistant and the AI at ${w}x${h}`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);
      await page.goto(`${server.url}/settings/assistant`);
      await page.locator('main').getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, 'settings-assistant', w);
      await page.goto(`${server.url}/settings/ai`);
      await page.getByText('Huấn luyện ngay').first().waitFor();
      await shot(page, 'settings-ai', w);
      await page.close();
    }, 120_000);

    it(`the ticket page's AI pieces and the inbox's upset-customers chip at ${w}x${h}`, async () => {
      const { upset, calm } = tickets[w]!;
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await loginThroughForm(page, server.url, admin.email, admin.password);

      await page.goto(`${server.url}/tickets/${upset}`);
      const badge = page.getByTestId('message').first().getByTestId('sentiment-badge');
      await badge.waitFor();
      expect(await badge.textContent()).toBe('Tiêu cực');
      const ai = page.getByTestId('ticket-ai');
      await ai.waitFor();
      await ai.getByTestId('ai-applied').waitFor();
      expect(await ai.getByTestId('ai-suggestion').count()).toBe(2);
      expect(await page.getByTestId('field-ai-badge').count()).toBe(1);
      await shot(page, 'ticket-ai', w);
      if (w < 600) {
        await ai.scrollIntoViewIfNeeded();
        await shot(page, 'ticket-ai-panel', w, false);
      }
      await badge.hover();
      await page.getByText(/-0\.82/).first().waitFor();

      // Apply the priority suggestion: the ticket changes, the suggestion goes.
      await ai.locator('[data-testid="ai-suggestion"][data-field="priority"]').getByTestId('ai-apply').click();
      await ai.locator('[data-testid="ai-suggestion"][data-field="priority"]').waitFor({ state: 'detached' });
      expect((await http<{ ticket: { priority: string } }>(server.url, 'GET', `/api/tickets/${upset}`, { cookie })).data.ticket.priority).toBe('high');
      // The agent's choice is what the AI learns from: the prediction is marked accepted.
      await server.ctx.jobs.drain();
      const state = await server.ctx.db.one<{ state: string }>(`SELECT state FROM ai_predictions WHERE ticket_id = $1 AND field = 'priority'`, [upset]);
      expect(state.state).toBe('accepted');
      // Dismiss the team suggestion: gone; "Hiện lại" brings it back; dismissed again it stays gone after
      // a reload, because the server keeps it (for every agent), not the browser.
      const team = ai.locator('[data-testid="ai-suggestion"][data-field="team"]');
      await team.getByTestId('ai-dismiss').click();
      await team.waitFor({ state: 'detached' });
      await page.getByTestId('ai-restore').click();
      await team.waitFor();
      await team.getByTestId('ai-dismiss').click();
      await team.waitFor({ state: 'detached' });
      await page.getByTestId('ai-restore').waitFor();
      if (w === 1440) await shot(page, 'ticket-ai-dismissed', w, false);
      await expect.poll(async () => (await server.ctx.db.one<{ d: boolean }>(`SELECT dismissed_at IS NOT NULL AS d FROM ai_predictions WHERE ticket_id = $1 AND field = 'team'`, [upset])).d).toBe(true);
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('ai.dismissed')).length)).toBe(0);
      await page.reload();
      await page.getByTestId('ai-applied').waitFor();
      expect(await page.getByTestId('ai-suggestion').count()).toBe(0);
      // Undo what the AI applied: the category goes back to empty, and the AI marks go.
      await page.getByTestId('ai-undo').click();
      await page.getByTestId('ticket-ai').waitFor({ state: 'detached' });
      await page.getByTestId('field-ai-badge').waitFor({ state: 'detached' });
      expect(await page.getByTestId('control-category').inputValue()).toBe('');
      await shot(page, 'ticket-after-undo', w);

      // The inbox: the chip keeps the upset customers only; their rows carry the angry face.
      await page.goto(`${server.url}/?view=all`);
      await page.locator(`[data-testid="inbox-row"][data-ticket-id="${calm}"]`).waitFor();
      // The chip's input is hidden under its label, which is what a person clicks.
      await page.getByText('Khách đang bực', { exact: true }).click();
      await page.locator(`[data-testid="inbox-row"][data-ticket-id="${calm}"]`).waitFor({ state: 'detached' });
      await page.locator(`[data-testid="inbox-row"][data-ticket-id="${upset}"]`).waitFor();
      expect(page.url()).toContain('sentiment=negative');
      expect(await page.getByTestId('row-upset').count()).toBe(2);
      await shot(page, 'inbox-upset', w, false);
      await page.close();
    }, 120_000);
  }
});
