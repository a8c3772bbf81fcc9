import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { InboundResultSchema } from '../shared/tickets';
import type { z } from 'zod';
import { http, startServer, type RunningServer } from './support/server';
import { launchBrowser, loginThroughForm, screenshot } from './support/browser';

type InboundResult = z.infer<typeof InboundResultSchema>;
const SHOTS = process.env.WORKFLOWS_SHOTS_DIR ?? '/tmp/shots/workflows';

/**
 * No-code workflows end to end: build one from the palette by drag and drop (a message trigger, an if on
 * the message text, set priority and a tag), configure it, test-run it on a past message (the canvas lights
 * the path, nothing changes), publish and turn it on, then a new inbound message is acted on and the run
 * shows in the run log.
 */
describe('workflows: canvas, test run, publish, run log', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = '';
  let token = '';
  const admin = { name: 'Lê Thu Trang', email: 'trang@hoasen-demo.vn', password: 'mat-khau-quan-tri' };
  let pastTicketId = '';
  let workflowId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await http(server.url, 'POST', '/api/setup', { body: { workspaceName: 'Cửa hàng Hoa Sen', ...admin } });
    expect(setup.status).toBe(201);
    cookie = setup.cookie!;
    const tok = await http<{ token: string }>(server.url, 'POST', '/api/tokens', { cookie, body: { name: 'Tích hợp' } });
    token = tok.data.token;
    // A past complaint: the test run picks it; it must stay untouched.
    const past = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: { channel: 'api', externalId: 'past-1', from: { kind: 'phone', value: '0912 345 678', name: 'Nguyễn Văn An' }, subject: 'Giao hàng chậm', body: 'Đơn của tôi trễ 5 ngày rồi, tôi muốn khiếu nại!' },
    });
    expect(past.status).toBe(201);
    pastTicketId = past.data.ticketId;
    // A tag in use, for the tag picker's suggestions.
    expect((await http(server.url, 'PATCH', `/api/tickets/${pastTicketId}`, { cookie, body: { tags: ['khách-vip'] } })).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width, height }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginThroughForm(page, server.url, admin.email, admin.password);
    return { page, errors };
  }

  async function shot(page: Page, name: string) {
    await screenshot(page, name);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  }

  /** Drags from the centre of one element to the centre of another with the mouse (a React Flow connection). */
  async function mouseDrag(page: Page, from: string, to: string) {
    const a = (await page.locator(from).boundingBox())!;
    const b = (await page.locator(to).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2 + 10, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    await page.mouse.up();
  }

  async function pick(page: Page, input: string, option: string) {
    await page.locator(input).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('builds a workflow by drag and drop, test-runs it on a past message, publishes it, and it acts on a new message', async () => {
    const { page, errors } = await newPage(1440, 900);
    await page.goto(`${server.url}/workflows`);
    await page.getByTestId('wf-new').click();
    await page.getByTestId('wf-new-name').fill('Khiếu nại → ưu tiên khẩn');
    await page.getByTestId('wf-blank').click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    workflowId = page.url().split('/').pop()!;
    const canvas = page.getByTestId('wf-canvas');
    await canvas.waitFor();

    // 1. The trigger, dragged from the palette (HTML5 drag and drop onto React Flow).
    await page.getByTestId('palette-trigger-message.received').dragTo(canvas, { targetPosition: { x: 420, y: 80 } });
    await page.getByTestId('wf-node-n1').waitFor();
    expect(await page.getByTestId('wf-node-n1').getAttribute('data-type')).toBe('message.received');

    // 2. An if on the message text, dropped below it and connected trigger → if.
    await page.getByRole('button', { name: 'Điều kiện' }).first().click();
    await page.getByTestId('palette-condition-if').dragTo(canvas, { targetPosition: { x: 420, y: 240 } });
    await page.getByTestId('wf-node-n2').waitFor();
    await mouseDrag(page, '[data-testid="wf-node-n1"] .react-flow__handle.source', '[data-testid="wf-node-n2"] .react-flow__handle.target');
    // Its rule starts as "message text contains …": the word to look for.
    await page.getByTestId('condition-value-when.0').fill('khiếu nại');

    // 3. Two actions on the "true" branch: priority urgent, then a tag.
    await page.getByRole('button', { name: 'Hành động' }).first().click();
    await page.getByTestId('palette-action-set_priority').dragTo(canvas, { targetPosition: { x: 300, y: 420 } });
    await page.getByTestId('wf-node-n3').waitFor();
    await pick(page, '[data-testid="field-priority"]', 'Khẩn cấp');
    await mouseDrag(page, '[data-testid="wf-node-n2"] .react-flow__handle.source[data-handleid="true"]', '[data-testid="wf-node-n3"] .react-flow__handle.target');
    await page.getByTestId('palette-action-add_tag').dragTo(canvas, { targetPosition: { x: 300, y: 600 } });
    await page.getByTestId('wf-node-n4').waitFor();
    // The tag picker suggests the tags in use with their counts, found without accents; a new one can be typed.
    await page.getByTestId('field-tag').fill('khach');
    await expect.poll(() => page.getByRole('option', { name: /khách-vip/ }).count()).toBe(1);
    expect(await page.getByRole('option', { name: /khách-vip/ }).textContent()).toContain('1');
    await page.getByTestId('field-tag').fill('khieu-nai');
    await page.getByTestId('field-tag').press('Escape');
    await mouseDrag(page, '[data-testid="wf-node-n3"] .react-flow__handle.source', '[data-testid="wf-node-n4"] .react-flow__handle.target');

    // Live validation: nothing left to fix; undo takes the last edge away (a problem), redo puts it back.
    await page.getByTestId('wf-layout').click();
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('wf-no-problems').waitFor();
    await page.getByTestId('wf-undo').click();
    await page.getByTestId('wf-undo').click();
    await page.getByTestId('wf-problems').waitFor();
    await page.getByTestId('wf-redo').click();
    await page.getByTestId('wf-redo').click();
    await page.getByTestId('wf-no-problems').waitFor();
    await page.getByTestId('wf-save').click();
    await expect.poll(async () => (await page.getByTestId('wf-dirty').count())).toBe(0);

    // 4. Test run on the past complaint: the path is lit, each node says what it decided or would do.
    await page.getByTestId('tab-test').click();
    await page.getByTestId('test-event').waitFor();
    await page.getByTestId('test-run').click();
    await page.getByTestId('test-result').waitFor();
    for (const id of ['n1', 'n2', 'n3', 'n4']) await expect.poll(() => page.getByTestId(`wf-node-${id}`).getAttribute('data-on-path')).toBe('true');
    expect(await page.getByTestId('test-step-n2').textContent()).toContain('Đúng');
    expect(await page.getByTestId('test-step-n3').textContent()).toContain('Khẩn cấp');
    await shot(page, 'workflows-test-run-1440');
    // Nothing happened to the past ticket.
    const before = await http<{ ticket: { priority: string; tags: string[] } }>(server.url, 'GET', `/api/tickets/${pastTicketId}`, { cookie });
    expect(before.data.ticket.priority).not.toBe('urgent');
    expect(before.data.ticket.tags).toEqual(['khách-vip']);

    // 5. Publish and turn on.
    await page.getByTestId('wf-publish').click();
    await expect.poll(() => page.getByTestId('wf-status').textContent()).toContain('Phiên bản 1');
    // The "published" notice sits over the switch for a few seconds: the switch is toggled where it is.
    await page.getByTestId('wf-enabled').dispatchEvent('click');
    await expect.poll(async () => (await http<{ workflow: { enabled: boolean } }>(server.url, 'GET', `/api/workflows/${workflowId}`, { cookie })).data.workflow.enabled).toBe(true);

    // 6. A new complaint comes in: the workflow acts on it; a plain question is left alone.
    const fresh = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: { channel: 'api', externalId: 'new-1', from: { kind: 'phone', value: '0987 654 321', name: 'Trần Thị Bình' }, subject: 'Hàng lỗi', body: 'Nồi cơm mới mua đã hỏng, tôi muốn khiếu nại gấp.' },
    });
    expect(fresh.status).toBe(201);
    const plain = await http<InboundResult>(server.url, 'POST', '/api/inbound/messages', {
      token,
      body: { channel: 'api', externalId: 'new-2', from: { kind: 'phone', value: '0905 111 222', name: 'Phạm Văn Cường' }, subject: 'Hỏi giá', body: 'Máy lọc nước loại 10 lõi giá bao nhiêu?' },
    });
    await expect
      .poll(async () => (await http<{ ticket: { priority: string; tags: string[] } }>(server.url, 'GET', `/api/tickets/${fresh.data.ticketId}`, { cookie })).data.ticket, { timeout: 60_000, interval: 500 })
      .toMatchObject({ priority: 'urgent', tags: expect.arrayContaining(['khieu-nai']) });
    const plainTicket = await http<{ ticket: { priority: string; tags: string[] } }>(server.url, 'GET', `/api/tickets/${plain.data.ticketId}`, { cookie });
    expect(plainTicket.data.ticket.priority).not.toBe('urgent');

    // 7. The run log lists both runs; the complaint's run shows its steps and links to its ticket.
    await page.goto(`${server.url}/workflows/runs?workflowId=${workflowId}`);
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await shot(page, 'workflows-runs-1440');
    const runs = await http<{ items: { id: string; ticket: { id: string } | null; status: string }[] }>(server.url, 'GET', `/api/workflow-runs?workflowId=${workflowId}`, { cookie });
    const run = runs.data.items.find((r) => r.ticket?.id === fresh.data.ticketId)!;
    expect(run.status).toBe('completed');
    await page.goto(`${server.url}/workflows/runs/${run.id}`);
    await page.getByTestId('run-steps').waitFor();
    expect(await page.getByTestId('run-status').textContent()).toContain('Hoàn tất');
    expect(await page.getByTestId('run-ticket').getAttribute('href')).toBe(`/tickets/${fresh.data.ticketId}`);
    await page.getByTestId('run-step-n3').waitFor();
    await shot(page, 'workflows-run-detail-1440');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('opens an earlier version read-only and restores it as the draft', async () => {
    // Version 2 tags "khieu-nai-2"; version 1 (tag "khieu-nai") is opened and restored.
    const detail = await http<{ draft: { graph: { nodes: { id: string; config: Record<string, unknown> }[] } } }>(server.url, 'GET', `/api/workflows/${workflowId}`, { cookie });
    const graph = detail.data.draft.graph;
    graph.nodes = graph.nodes.map((n) => (n.id === 'n4' ? { ...n, config: { ...n.config, tag: 'khieu-nai-2' } } : n));
    expect((await http(server.url, 'PUT', `/api/workflows/${workflowId}/draft`, { cookie, body: { graph } })).status).toBe(200);
    expect((await http(server.url, 'POST', `/api/workflows/${workflowId}/publish`, { cookie, body: {} })).status).toBe(200);

    const { page, errors } = await newPage(1440, 900);
    await page.goto(`${server.url}/workflows/${workflowId}`);
    await page.getByTestId('wf-node-n4').waitFor();
    expect(await page.getByTestId('wf-node-n4').textContent()).toContain('khieu-nai-2');
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('version-open-1').click();
    await page.getByTestId('wf-viewing').waitFor();
    expect(page.url()).toContain('?version=1');
    await expect.poll(() => page.getByTestId('wf-node-n4').textContent()).not.toContain('khieu-nai-2');
    expect(await page.getByTestId('wf-publish').isDisabled()).toBe(true);
    // Its nodes' settings read, not edited.
    await page.getByTestId('wf-node-n4').click();
    await page.getByTestId('field-tag').waitFor();
    expect(await page.getByTestId('field-tag').inputValue()).toBe('khieu-nai');
    expect(await page.getByTestId('field-tag').isDisabled()).toBe(true);
    await shot(page, 'workflows-version-1440');
    await page.getByTestId('wf-viewing-restore').click();
    await page.getByTestId('wf-viewing').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('wf-node-n4').textContent()).not.toContain('khieu-nai-2');
    const after = await http<{ draft: { graph: { nodes: { id: string; config: { tag?: string } }[] } }; published: { version: number }; workflow: { hasDraftChanges: boolean } }>(server.url, 'GET', `/api/workflows/${workflowId}`, { cookie });
    expect(after.data.draft.graph.nodes.find((n) => n.id === 'n4')!.config.tag).toBe('khieu-nai');
    expect(after.data.published.version).toBe(2);
    expect(after.data.workflow.hasDraftChanges).toBe(true);
    expect(await page.getByTestId('wf-dirty').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('lists workflows, opens a template on the canvas, and the run log works on a phone', async () => {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      const { page, errors } = await newPage(w, h);
      await page.goto(`${server.url}/workflows`);
      if (w === 1440) {
        // A template from the gallery: the VIP one (a condition, priority and a team).
        await page.getByTestId('wf-new').click();
        await page.getByTestId('wf-template-vip_message').click();
        await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
        await page.locator('[data-testid^="wf-node-"]').first().waitFor();
        await page.getByTestId('wf-layout').click();
        await page.waitForTimeout(400);
        await shot(page, `workflows-canvas-template-${w}`);
        await page.goto(`${server.url}/workflows`);
      }
      await page.getByTestId('wf-list').waitFor();
      expect(await page.getByTestId('wf-list').textContent()).toContain('Khiếu nại → ưu tiên khẩn');
      // Runs of the last 7 days and the newest run's status.
      const row = page.getByTestId(`wf-row-${workflowId}`);
      expect(Number(await row.getByTestId('wf-runs-7d').textContent())).toBeGreaterThanOrEqual(2);
      expect(await row.getByTestId('wf-last-run').getAttribute('data-outcome')).toBe('succeeded');
      expect(await row.getByTestId('wf-last-run').textContent()).toContain('Thành công');
      await shot(page, `workflows-list-${w}`);
      if (w === 390) {
        await page.goto(`${server.url}/workflows/${workflowId}`);
        await page.getByTestId('wf-small-screen').waitFor();
        await page.getByTestId('wf-node-n1').waitFor();
        await shot(page, `workflows-canvas-${w}`);
        await page.goto(`${server.url}/workflows/runs`);
        await expect.poll(() => page.getByTestId('run-row').count()).toBeGreaterThanOrEqual(2);
        await shot(page, `workflows-runs-${w}`);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 240_000);
});
