import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { api, insertCustomer, openTicket } from '../../test/fixtures/tickets.js';
import type { CannedReply } from '../../../shared/tickets.js';

describe('canned replies', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let other: SeededWorkspace;
  let agent: { id: string; cookie: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Cửa hàng Hoa Sen');
    other = await seedWorkspace(t, 'Cửa hàng Khác');
    agent = await seedUser(t, w.workspaceId, 'agent', 'Trần Thị Bích');
  });
  afterAll(() => t.close());

  it('creates, lists, edits and deletes; a shortcut is unique per workspace (409)', async () => {
    const c = await api(t, w.admin.cookie, 'POST', '/api/canned-replies', { shortcut: '/chao', title: 'Chào hỏi', body: 'Chào {{customer.first_name}}!' });
    expect(c.status).toBe(201);
    expect(c.body.cannedReply).toMatchObject({ shortcut: 'chao', title: 'Chào hỏi' });
    const dup = await api(t, w.admin.cookie, 'POST', '/api/canned-replies', { shortcut: 'chao', title: 'x', body: 'y' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.id).toBe('canned.shortcut_taken');
    // Another workspace may use the same shortcut.
    expect((await api(t, other.admin.cookie, 'POST', '/api/canned-replies', { shortcut: 'chao', title: 'x', body: 'y' })).status).toBe(201);

    const second = await api(t, w.admin.cookie, 'POST', '/api/canned-replies', { shortcut: 'cam-on', title: 'Cảm ơn', body: 'Cảm ơn anh/chị' });
    const clash = await api(t, w.admin.cookie, 'PATCH', `/api/canned-replies/${second.body.cannedReply.id}`, { shortcut: 'chao' });
    expect(clash.status).toBe(409);
    const edit = await api(t, w.admin.cookie, 'PATCH', `/api/canned-replies/${second.body.cannedReply.id}`, { title: 'Cảm ơn khách' });
    expect(edit.body.cannedReply).toMatchObject({ shortcut: 'cam-on', title: 'Cảm ơn khách', body: 'Cảm ơn anh/chị' });

    const list = await api(t, agent.cookie, 'GET', '/api/canned-replies');
    expect(list.body.cannedReplies.map((r: CannedReply) => r.shortcut)).toEqual(['cam-on', 'chao']);
    expect((await api(t, w.admin.cookie, 'DELETE', `/api/canned-replies/${second.body.cannedReply.id}`)).status).toBe(204);
    expect((await api(t, w.admin.cookie, 'DELETE', `/api/canned-replies/${second.body.cannedReply.id}`)).status).toBe(404);
    expect((await api(t, other.admin.cookie, 'DELETE', `/api/canned-replies/${c.body.cannedReply.id}`)).status).toBe(404);
    expect((await api(t, w.admin.cookie, 'POST', '/api/canned-replies', { shortcut: 'có dấu cách', title: 'x', body: 'y' })).status).toBe(400);
  });

  it('lets agents read and render but not manage', async () => {
    expect((await api(t, agent.cookie, 'POST', '/api/canned-replies', { shortcut: 'x', title: 'x', body: 'y' })).status).toBe(403);
  });

  it('renders variables for a ticket, keeping unknown ones visible and reporting them', async () => {
    const customerId = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An', '+84912345678', 'an@example.vn');
    const ticket = await openTicket(t, agent.cookie, { customerId, subject: 'Đổi size áo' });
    const c = await api(t, w.admin.cookie, 'POST', '/api/canned-replies', {
      shortcut: 'day-du',
      title: 'Đầy đủ',
      body: 'Chào {{customer.first_name}} ({{customer.name}}, {{customer.phone}}, {{customer.email}}). Em là {{agent.name}} – {{workspace.name}}. Phiếu #{{ticket.number}}: {{ticket.subject}}. Mã đơn {{order.code}}',
    });
    const r = await api(t, agent.cookie, 'POST', `/api/canned-replies/${c.body.cannedReply.id}/render`, { ticketId: ticket.id });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      text: `Chào An (Nguyễn Văn An, +84912345678, an@example.vn). Em là Trần Thị Bích – Cửa hàng Hoa Sen. Phiếu #${ticket.number}: Đổi size áo. Mã đơn {{order.code}}`,
      unknownVariables: ['order.code'],
    });
    // A ticket of another workspace is not found, even with a valid canned reply.
    const foreignTicket = await openTicket(t, other.admin.cookie, { customerId: await insertCustomer(t, other.workspaceId, 'Khách') });
    expect((await api(t, agent.cookie, 'POST', `/api/canned-replies/${c.body.cannedReply.id}/render`, { ticketId: foreignTicket.id })).status).toBe(404);
  });
});
