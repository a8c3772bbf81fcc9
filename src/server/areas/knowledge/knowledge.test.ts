import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, insertCustomer } from '../../test/fixtures/tickets.js';
import { insertTicketWithMessages } from '../../test/fixtures/customers.js';
import { seedDemoKnowledge } from '../../demo/kb-articles.js';
import { eventsOf } from '../../test/fixtures/tickets.js';

describe('knowledge base', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agent: { cookie: string };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await seedWorkspace(t, 'Điện máy Kiến thức');
    agent = await seedUser(t, ws.workspaceId, 'agent');
    await seedDemoKnowledge(t.ctx, ws.workspaceId, 'dien-may-kien-thuc');
  });
  afterAll(() => t.close());

  it('writes, reads, edits and deletes an article with events; the slug comes from the title and is unique per language', async () => {
    const cat = await api(t, ws.admin.cookie, 'POST', '/api/kb/categories', { name: 'Khuyến mãi' });
    expect(cat.status).toBe(201);
    const created = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', title: 'Khuyến mãi tháng Tết', body: 'Giảm 10% cho **điều hoà**.', tags: ['tết', 'tết'], status: 'draft', categoryId: cat.body.id });
    expect(created.status).toBe(201);
    const a = created.body.article;
    expect(a).toMatchObject({ slug: 'khuyen-mai-thang-tet', tags: ['tết'], status: 'draft', categoryName: 'Khuyến mãi', publishedAt: null });
    const dup = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', title: 'Khuyến mãi tháng Tết', body: '', status: 'draft' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.id).toBe('kb.slug_taken');
    // The same address in English is another article.
    expect((await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'en', slug: 'khuyen-mai-thang-tet', title: 'Tet offers', body: '', status: 'draft' })).status).toBe(201);

    const put = await api(t, ws.admin.cookie, 'PUT', `/api/kb/articles/${a.id}`, { ...a, id: undefined, categoryName: undefined, updatedAt: undefined, publishedAt: undefined, status: 'published' });
    expect(put.status).toBe(200);
    expect(put.body.article.publishedAt).not.toBeNull();
    expect((await eventsOf(t, a.id)).map((e) => e.type)).toEqual(['kb_article.saved', 'kb_article.saved']);

    // Agents read but do not write.
    expect((await api(t, agent.cookie, 'GET', `/api/kb/articles/${a.id}`)).status).toBe(200);
    expect((await api(t, agent.cookie, 'DELETE', `/api/kb/articles/${a.id}`)).status).toBe(403);
    expect((await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', title: 'X', body: '', status: 'draft', categoryId: '00000000-0000-4000-8000-000000000000' })).body.error.id).toBe('kb.category_not_found');
    expect((await api(t, ws.admin.cookie, 'DELETE', `/api/kb/articles/${a.id}`)).status).toBe(204);
    expect((await api(t, ws.admin.cookie, 'GET', `/api/kb/articles/${a.id}`)).status).toBe(404);
  });

  it('searches ignoring accents, tone placement and chat abbreviations', async () => {
    const top = async (q: string) => (await api(t, agent.cookie, 'GET', `/api/kb/search?q=${encodeURIComponent(q)}&lang=vi`)).body.items[0]?.slug;
    expect(await top('điều hòa không mát')).toBe('dieu-hoa-khong-mat');
    expect(await top('điều hoà không mát')).toBe('dieu-hoa-khong-mat');
    expect(await top('dieu hoa ko mat')).toBe('dieu-hoa-khong-mat');
    expect(await top('mua tra gop dc ko')).toBe('mua-tra-gop');
    expect(await top('phí ship bao nhiêu')).toBe('giao-hang-va-lap-dat');
    expect(await top('bảo hành mấy tháng')).toBe('chinh-sach-bao-hanh');
    // A misspelt word still finds its article (trigram nearest word).
    expect(await top('tra gopp')).toBe('mua-tra-gop');
    const hit = (await api(t, agent.cookie, 'GET', `/api/kb/search?q=${encodeURIComponent('vệ sinh lồng giặt')}`)).body.items[0];
    expect(hit.passage).toMatch(/lồng giặt/);
    expect(hit.confidence).toBeGreaterThan(0.5);
    expect((await api(t, agent.cookie, 'GET', `/api/kb/search?q=${encodeURIComponent('xyzzy quux')}`)).body.items).toEqual([]);
  });

  it('suggests articles for a ticket from the customer’s latest messages', async () => {
    const c = await insertCustomer(t, ws.workspaceId, 'Khách Hỏi');
    const { ticket } = await insertTicketWithMessages(t.ctx.db, { workspaceId: ws.workspaceId, customerId: c, subject: 'Hỏi', messages: [{ body: 'Shop ơi tivi nhà em không kết nối được wifi' }] });
    const r = await api(t, agent.cookie, 'GET', `/api/kb/suggestions?ticketId=${ticket.id}`);
    expect(r.status).toBe(200);
    expect(r.body.items[0].slug).toBe('tivi-ket-noi-wifi');
    expect(r.body.items.length).toBeLessThanOrEqual(3);
  });

  it('publishes a help centre without login: published articles only, search, 404 when off or unknown', async () => {
    const front = await t.app.inject({ method: 'GET', url: '/api/public/help/dien-may-kien-thuc?lang=vi' });
    expect(front.statusCode).toBe(200);
    const body = front.json();
    expect(body.articles.length).toBeGreaterThan(10);
    expect(body.categories.map((c: { name: string }) => c.name)).toContain('Bảo hành');
    expect(body.articles.every((a: { lang: string }) => a.lang === 'vi')).toBe(true);
    const draft = await api(t, ws.admin.cookie, 'POST', '/api/kb/articles', { lang: 'vi', title: 'Nháp bí mật', body: 'Chưa công bố: bảo hành kim cương', status: 'draft' });
    expect((await t.app.inject({ method: 'GET', url: `/api/public/help/dien-may-kien-thuc/articles/vi/${draft.body.article.slug}` })).statusCode).toBe(404);
    const search = (await t.app.inject({ method: 'GET', url: `/api/public/help/dien-may-kien-thuc/search?q=${encodeURIComponent('bao hanh kim cuong')}` })).json();
    expect(search.items.map((i: { slug: string }) => i.slug)).not.toContain(draft.body.article.slug);
    const art = await t.app.inject({ method: 'GET', url: '/api/public/help/DIEN-MAY-KIEN-THUC/articles/en/warranty-policy' });
    expect(art.json()).toMatchObject({ title: 'Warranty policy', categoryName: 'Bảo hành' });
    expect((await t.app.inject({ method: 'GET', url: '/api/public/help/khong-co' })).json().error.id).toBe('kb.help_not_found');
    const off = await api(t, ws.admin.cookie, 'PUT', '/api/kb/help-centre', { slug: 'dien-may-kien-thuc', title: '', enabled: false });
    expect(off.status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/help/dien-may-kien-thuc' })).statusCode).toBe(404);
    await api(t, ws.admin.cookie, 'PUT', '/api/kb/help-centre', { slug: 'dien-may-kien-thuc', title: '', enabled: true });
    const other = await seedWorkspace(t, 'Khác');
    const taken = await api(t, other.admin.cookie, 'PUT', '/api/kb/help-centre', { slug: 'dien-may-kien-thuc', title: '', enabled: true });
    expect(taken.body.error.id).toBe('kb.help_slug_taken');
  });

  it('keeps workspaces apart', async () => {
    const other = await seedWorkspace(t, 'Cửa hàng khác');
    expect((await api(t, other.admin.cookie, 'GET', '/api/kb/search?q=bao%20hanh')).body.items).toEqual([]);
    expect((await api(t, other.admin.cookie, 'GET', '/api/kb/articles')).body.items).toEqual([]);
  });
});
