import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';
import { contentDisposition } from '../../core/http/content-disposition.js';
import type { Message, TicketDetail } from '../../../shared/tickets.js';

describe('ticket messages and attachments', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let agent: { id: string; cookie: string };
  let ticket: TicketDetail;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Hoa Sen');
    other = await seedWorkspace(t, 'Cửa hàng Khác');
    agent = await seedUser(t, w.workspaceId, 'agent', 'Trần Thị Bích');
    const customerId = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An', '+84912345678', 'an@example.vn');
    ticket = await openTicket(t, agent.cookie, { customerId, subject: 'Đổi size áo', firstMessage: { kind: 'inbound', body: 'Cho em đổi size L' } });
  });
  afterAll(() => t.close());

  const pdf = Buffer.from('%PDF-1.4 hoá đơn');

  it('posts a reply with attachments and lists the thread oldest first with authors', async () => {
    const r = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, {
      kind: 'reply',
      body: '<p>Dạ anh xem <script>alert(1)</script> hoá đơn</p>',
      contentType: 'html',
      attachments: [{ filename: 'hoá đơn "tháng 11".pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }],
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      direction: 'outbound',
      channel: 'manual',
      contentType: 'html',
      author: { id: agent.id, name: 'Trần Thị Bích' },
      attachments: [{ filename: 'hoá đơn "tháng 11".pdf', contentType: 'application/pdf', size: pdf.length }],
    });
    // HTML is stored and returned as sent; the web app sanitises when rendering.
    expect(r.body.message.body).toBe('<p>Dạ anh xem <script>alert(1)</script> hoá đơn</p>');
    await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'note', body: 'đã gửi hoá đơn' });
    const thread = (await api(t, agent.cookie, 'GET', `/api/tickets/${ticket.id}/messages`)).body.messages;
    expect(thread.map((m: Message) => [m.direction, m.author?.name ?? null])).toEqual([
      ['inbound', null],
      ['outbound', 'Trần Thị Bích'],
      ['note', 'Trần Thị Bích'],
    ]);
    const d = (await api(t, agent.cookie, 'GET', `/api/tickets/${ticket.id}`)).body.ticket;
    expect(d.lastMessagePreview).toBe('Dạ anh xem hoá đơn'); // tags and script stripped, the note not shown
  });

  it('downloads an attachment as a file with its stored type, nosniff, only inside the workspace', async () => {
    const thread = (await api(t, agent.cookie, 'GET', `/api/tickets/${ticket.id}/messages`)).body.messages;
    const a = thread[1].attachments[0];
    const res = await t.app.inject({ method: 'GET', url: `/api/attachments/${a.id}`, headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="hoa don _thang 11_.pdf"; filename\*=UTF-8''/);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    const foreign = await t.app.inject({ method: 'GET', url: `/api/attachments/${a.id}`, headers: { cookie: other.admin.cookie } });
    expect(foreign.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/attachments/${a.id}` })).statusCode).toBe(401);
  });

  it('refuses an attachment over 5 MB (413), more than 10 (400), bad base64 (400), writing nothing', async () => {
    const before = (await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM messages')).n;
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 7).toString('base64');
    const r = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'x', attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', dataBase64: big }] });
    expect(r.status).toBe(413);
    expect(r.body.error.id).toBe('attachment.too_large');
    const exactly5 = Buffer.alloc(5 * 1024 * 1024, 7).toString('base64');
    const ok = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'note', body: '5 MB', attachments: [{ filename: 'ok.bin', contentType: 'application/octet-stream', dataBase64: exactly5 }] });
    expect(ok.status).toBe(201);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ filename: `${i}.txt`, contentType: 'text/plain', dataBase64: 'YQ==' }));
    expect((await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'x', attachments: eleven })).status).toBe(400);
    const bad = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'x', attachments: [{ filename: 'a', contentType: 'text/plain', dataBase64: '!!!' }] });
    expect(bad.body.error.id).toBe('attachment.invalid_base64');
    const header = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'x', attachments: [{ filename: 'a', contentType: 'text/html\r\nX-Evil: 1', dataBase64: 'YQ==' }] });
    expect(header.status).toBe(400);
    expect((await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM messages')).n).toBe(before + 1);
  });

  it('fills canned-reply variables at send time only when asked', async () => {
    const body = 'Chào {{customer.first_name}}, em là {{agent.name}} ({{workspace.name}}), phiếu #{{ticket.number}} {{order.code}}';
    const raw = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body });
    expect(raw.body.message.body).toBe(body);
    const filled = await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body, renderVariables: true });
    expect(filled.body.message.body).toBe(`Chào An, em là Trần Thị Bích (Hoa Sen), phiếu #${ticket.number} {{order.code}}`);
    expect(filled.body.unknownVariables).toEqual(['order.code']);
  });

  it('404s for a ticket of another workspace and validates the kind', async () => {
    expect((await api(t, other.admin.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'x' })).status).toBe(404);
    expect((await api(t, agent.cookie, 'POST', `/api/tickets/${ticket.id}/messages`, { kind: 'sms', body: 'x' })).status).toBe(400);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name, never a header break', () => {
    expect(contentDisposition('báo giá.xlsx')).toBe(`attachment; filename="bao gia.xlsx"; filename*=UTF-8''b%C3%A1o%20gi%C3%A1.xlsx`);
    expect(contentDisposition('a\r\nb".txt')).toBe(`attachment; filename="a__b_.txt"; filename*=UTF-8''a%0D%0Ab%22.txt`);
  });
});
