import type { InjectOptions } from 'fastify';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { insertTicketWithMessages } from '../../test/fixtures/customers.js';
import type { Customer360, CustomerListSchema } from '../../../shared/customers.js';

describe('customer 360', () => {
  let t: TestApp;
  let cookie: string;
  let ws: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: InjectOptions['payload']) => t.app.inject({ method, url, payload, headers: { cookie } });

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    ws = s.workspaceId;
  });
  afterAll(() => t.close());

  it('shows profile, tickets, stats and one timeline across channels, newest first, paged by cursor', async () => {
    const c = (await call('POST', '/api/customers', { name: 'Hoàng Văn Nam', phone: '0905 123 456', tags: ['vip'] })).json().customer;
    const old = await insertTicketWithMessages(t.ctx.db, {
      workspaceId: ws, customerId: c.id, subject: 'Giao hàng chậm', channel: 'zalo', status: 'closed', at: '2026-01-05T03:00:00Z',
      messages: [{ body: 'Chưa nhận hàng', at: '2026-01-05T03:00:00Z' }, { body: 'Dạ em kiểm tra', direction: 'outbound', at: '2026-01-05T03:10:00Z' }],
    });
    const open = await insertTicketWithMessages(t.ctx.db, {
      workspaceId: ws, customerId: c.id, subject: 'Đổi size áo', channel: 'messenger', at: '2026-03-01T02:00:00Z',
      messages: [{ body: 'Cho mình đổi size M', at: '2026-03-01T02:00:00Z' }],
    });
    await call('POST', `/api/customers/${c.id}/notes`, { body: 'Khách quen, ưu tiên' });
    const dup = (await call('POST', '/api/customers', { name: 'Nam Messenger', email: 'nam@x.vn' })).json().customer;
    await call('POST', `/api/customers/${c.id}/merge`, { sourceId: dup.id });

    const listed = (await call('GET', '/api/customers?q=0905123456')).json<z.infer<typeof CustomerListSchema>>().items;
    expect(listed.map((x) => x.lastContactAt)).toEqual(['2026-03-01T02:00:00.000Z']);

    const res = await call('GET', `/api/customers/${c.id}/360?limit=4`);
    expect(res.statusCode).toBe(200);
    const v = res.json<Customer360>();
    expect(v.customer.name).toBe('Hoàng Văn Nam');
    expect(v.customer.email).toBe('nam@x.vn');
    expect(v.identities.map((i) => i.kind)).toEqual(['email', 'phone']);
    expect(v.tags).toEqual(['vip']);
    expect(v.notes.map((n) => n.body)).toEqual(['Khách quen, ưu tiên']);
    expect(v.tickets.map((x) => x.number)).toEqual([open.ticket.number, old.ticket.number]);
    expect(v.tickets[0]).toMatchObject({ subject: 'Đổi size áo', status: 'received', priority: 'normal', channel: 'messenger' });
    expect(v.stats).toMatchObject({ openTickets: 1, totalTickets: 2, channels: ['messenger', 'zalo'], firstSeenAt: '2026-01-05T03:00:00.000Z', lastContactAt: '2026-03-01T02:00:00.000Z' });

    // 2 tickets opened + 3 messages + 1 note + 1 merge = 7 entries, over pages of 4.
    const all = [...v.timeline.items];
    let cursor = v.timeline.nextCursor;
    expect(cursor).toBeTruthy();
    while (cursor) {
      const page = (await call('GET', `/api/customers/${c.id}/timeline?limit=4&cursor=${cursor}`)).json<Customer360['timeline']>();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all).toHaveLength(7);
    expect(new Set(all.map((i) => i.id)).size).toBe(7);
    const times = all.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.map((i) => i.kind).sort()).toEqual(['merge', 'message', 'message', 'message', 'note', 'ticket_opened', 'ticket_opened']);
    const reply = all.find((i) => i.body === 'Dạ em kiểm tra');
    expect(reply).toMatchObject({ kind: 'message', direction: 'outbound', channel: 'zalo', ticketNumber: old.ticket.number, ticketId: old.ticket.id });
    const oldest = all[all.length - 1];
    expect(oldest.kind === 'ticket_opened' || oldest.kind === 'message').toBe(true);
    expect(all.find((i) => i.kind === 'merge')!.title).toContain('Nam Messenger');
  });

  it('404s for an unknown or foreign customer', async () => {
    expect((await call('GET', '/api/customers/00000000-0000-4000-8000-000000000000/360')).statusCode).toBe(404);
    const other = await seedWorkspace(t, 'Khác');
    const c = (await t.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: other.admin.cookie }, payload: { name: 'Z' } })).json().customer;
    expect((await call('GET', `/api/customers/${c.id}/360`)).statusCode).toBe(404);
    expect((await call('GET', `/api/customers/${c.id}/timeline`)).statusCode).toBe(404);
  });
});
