import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { ageAnswer, customTemplate, seedCustomer, seedRequest, templateId } from '../../../test/fixtures/survey-answers.js';

const EVIL_BUSINESS = `<script>alert("shop")</script> & 'Cửa hàng'`;
const EVIL_CUSTOMER = `<img src=x onerror=alert(1)>"Hoa"`;
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('the public survey page and the widget endpoints', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let customerId: string;
  let csat: string;
  const request = async (type: 'csat' | 'nps' | 'ces' = 'csat') =>
    seedRequest(t, { workspaceId: w.workspaceId, templateId: await templateId(t, w.workspaceId, type), type, customerId });

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, EVIL_BUSINESS);
    customerId = await seedCustomer(t, w.admin.cookie, EVIL_CUSTOMER);
    csat = await templateId(t, w.workspaceId, 'csat');
  });
  afterAll(() => t.close());

  it('shows the CSAT labels in Vietnamese (English with ?lang=en), escapes names, and sets the page headers', async () => {
    const r = await request();
    const page = await t.app.inject({ method: 'GET', url: `/s/${r.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Tệ']) expect(page.body).toContain(`<span>${label}</span>`);
    expect(page.body).toContain('<html lang="vi">');
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;shop&quot;)&lt;/script&gt; &amp; &#39;Cửa hàng&#39;');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;Hoa&quot;');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // The inline stylesheet is the only one allowed, by this response's nonce.
    const nonce = /style-src 'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1];
    expect(page.body).toContain(`<style nonce="${nonce}">`);

    const en = await t.app.inject({ method: 'GET', url: `/s/${r.token}?lang=en` });
    for (const label of ['Excellent', 'Good', 'Average', 'Poor', 'Very poor']) expect(en.body).toContain(`<span>${label}</span>`);
    expect(en.body).toContain('How satisfied are you');
  });

  it('renders NPS 0–10, CES 1–7 and every question of a custom survey', async () => {
    const nps = await t.app.inject({ method: 'GET', url: `/s/${(await request('nps')).token}` });
    for (let s = 0; s <= 10; s++) expect(nps.body).toContain(`name="score" value="${s}"`);
    expect(nps.body).toContain('Vì sao anh/chị chọn điểm này?');
    const ces = await t.app.inject({ method: 'GET', url: `/s/${(await request('ces')).token}` });
    for (let s = 1; s <= 7; s++) expect(ces.body).toContain(`name="score" value="${s}"`);
    expect(ces.body).not.toContain('name="score" value="8"');
    const tpl = await customTemplate(t, w.workspaceId);
    const c = await seedRequest(t, { workspaceId: w.workspaceId, templateId: tpl, type: 'custom', customerId });
    const custom = await t.app.inject({ method: 'GET', url: `/s/${c.token}` });
    expect(custom.body).toContain('Tốc độ giao hàng?');
    expect(custom.body).toContain('name="q_again" value="yes"');
    expect(custom.body).toContain('name="comment"'); // the text question takes the comment
    // A required question left out: the form again, with a message (400); then a full answer.
    const missing = await t.app.inject({ method: 'POST', url: `/s/${c.token}`, ...form({ q_again: 'yes' }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Xin trả lời các câu hỏi bắt buộc.');
    const ok = await t.app.inject({ method: 'POST', url: `/s/${c.token}`, ...form({ score: '3', q_again: 'yes', comment: 'Ổn' }) });
    expect(ok.statusCode).toBe(200);
    const row = await t.ctx.db.one('SELECT score, answers FROM survey_answers WHERE request_id = $1', [c.requestId]);
    expect(row).toMatchObject({ score: 3, answers: { speed: 3, again: 'yes', staff: 'Ổn' } });
  });

  it('one click from email, then a comment, then refused after the edit window', async () => {
    const r = await request();
    const head = await t.app.inject({ method: 'HEAD', url: `/s/${r.token}?score=5` });
    expect(head.statusCode).toBe(200);
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM survey_answers WHERE request_id = $1', [r.requestId])).n).toBe(0);
    const click = await t.app.inject({ method: 'GET', url: `/s/${r.token}?score=2` });
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain('Anh/chị đã chọn: Không hài lòng (2/5)');
    expect(click.body).toContain('<textarea');
    expect(click.body).toMatch(/name="score" value="2" checked/);
    // The one-tap button in the notice submits the form.
    expect(click.body).toContain('<button type="submit" form="answer">Gửi đánh giá</button>');
    expect(click.body).toContain('<form id="answer" method="post"');
    // Showing it recorded nothing: only the POST does.
    expect((await t.ctx.db.one('SELECT count(*)::int AS n FROM survey_answers WHERE request_id = $1', [r.requestId])).n).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: `/s/${r.token}?score=9` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Xin chọn một mức điểm hợp lệ.');
    const thanks = await t.app.inject({ method: 'POST', url: `/s/${r.token}`, ...form({ score: '2', comment: 'Giao sai màu' }) });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Người phụ trách sẽ liên hệ lại');
    expect(thanks.body).toContain('Giao sai màu');
    await ageAnswer(t, r.requestId, 24 * 60 + 5);
    const closed = await t.app.inject({ method: 'POST', url: `/s/${r.token}`, ...form({ score: '5' }) });
    expect(closed.statusCode).toBe(409);
    expect(closed.body).toContain('Anh/chị đã trả lời khảo sát này');
    const view = await t.app.inject({ method: 'GET', url: `/s/${r.token}` });
    expect(view.statusCode).toBe(200);
    expect(view.body).not.toContain('<form');
    const reclick = await t.app.inject({ method: 'GET', url: `/s/${r.token}?score=5` });
    expect(reclick.statusCode).toBe(200);
    expect(reclick.body).not.toContain('<form');
    const a = await t.ctx.db.one('SELECT score FROM survey_answers WHERE request_id = $1', [r.requestId]);
    expect(a.score).toBe(2);
  });

  it('expired and unknown links get friendly pages with 410 / 404', async () => {
    const r = await request();
    await t.ctx.db.query(`UPDATE survey_requests SET expires_at = now() - interval '1 day' WHERE id = $1`, [r.requestId]);
    const expired = await t.app.inject({ method: 'GET', url: `/s/${r.token}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Khảo sát này đã hết hạn');
    expect(expired.headers['x-frame-options']).toBe('DENY');
    expect((await t.app.inject({ method: 'GET', url: `/s/${r.token}?lang=en` })).body).toContain('This survey has expired');
    expect((await t.app.inject({ method: 'POST', url: `/s/${r.token}`, ...form({ score: '5' }) })).statusCode).toBe(410);
    const unknown = await t.app.inject({ method: 'GET', url: '/s/khong-co-ma-nay-0123456789' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không tìm thấy khảo sát');
    expect(unknown.body).not.toContain('"error"');
    const odd = await t.app.inject({ method: 'GET', url: `/s/${encodeURIComponent('<b>x</b>')}` });
    expect(odd.statusCode).toBe(404);
    expect(odd.body).not.toContain('<b>x</b>');
  });

  it('the widget endpoints: questions in both languages, answers as JSON, any origin, no cookies', async () => {
    const r = await request();
    const pre = await t.app.inject({ method: 'OPTIONS', url: `/api/public/surveys/${r.token}/answer`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const q = await t.app.inject({ method: 'GET', url: `/api/public/surveys/${r.token}`, headers: { origin: 'https://shop.example' } });
    expect(q.statusCode).toBe(200);
    expect(q.headers['access-control-allow-origin']).toBe('*');
    expect(q.json()).toMatchObject({ type: 'csat', state: 'open', answer: null, businessName: EVIL_BUSINESS });
    expect(q.json().questions[0].text).toMatchObject({ vi: expect.stringContaining('hài lòng'), en: expect.stringContaining('satisfied') });
    const a = await t.app.inject({ method: 'POST', url: `/api/public/surveys/${r.token}/answer`, headers: { origin: 'https://shop.example' }, payload: { score: 5 } });
    expect(a.statusCode).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBe('*');
    expect(a.headers['set-cookie']).toBeUndefined();
    expect(a.json()).toMatchObject({ ok: true, answerId: expect.any(String), editableUntil: expect.any(String) });
    const after = (await t.app.inject({ method: 'GET', url: `/api/public/surveys/${r.token}` })).json();
    expect(after).toMatchObject({ state: 'editable', answer: { score: 5 } });
    const err = await t.app.inject({ method: 'POST', url: `/api/public/surveys/${r.token}/answer`, headers: { origin: 'https://shop.example' }, payload: { score: 7 } });
    expect([err.statusCode, err.json().error.id, err.headers['access-control-allow-origin']]).toEqual([400, 'survey.invalid_score', '*']);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/surveys/khong-co-ma-nay-0123456789' })).json().error.id).toBe('survey.not_found');
    void csat;
  });

  it('limits requests per address (a friendly 429 page)', async () => {
    let last;
    for (let i = 0; i < 125; i++) last = await t.app.inject({ method: 'GET', url: '/s/khong-co-ma-nay-0123456789', remoteAddress: '10.9.9.9' });
    expect(last!.statusCode).toBe(429);
    expect(last!.body).toContain('Thao tác quá nhanh');
    const api = await t.app.inject({ method: 'GET', url: '/api/public/surveys/khong-co-ma-nay-0123456789', remoteAddress: '10.9.9.9' });
    expect([api.statusCode, api.json().error.id]).toEqual([429, 'survey.rate_limited']);
    // Another address is not affected.
    expect((await t.app.inject({ method: 'GET', url: '/s/khong-co-ma-nay-0123456789', remoteAddress: '10.9.9.10' })).statusCode).toBe(404);
  });
});
