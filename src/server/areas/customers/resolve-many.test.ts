import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import { resolveCustomer, resolveCustomers } from './index.js';
import type { ResolveCustomerInput } from './commands/resolve-customer.js';

/**
 * resolveCustomers over a group (the group-commit writer's deliveries) writes the new profiles together —
 * one insert of profiles, one of identities, one of customer.created events — and must leave exactly what
 * the same inputs resolved one by one leave: the same profiles, identities, events and answers, including
 * an input that shares an identity with a new profile earlier in the group and one of a known customer.
 */
describe('resolveCustomers: new profiles written together', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inputs = (ws: string): ResolveCustomerInput[] => {
    const actor = { kind: 'system' as const, workspaceId: ws };
    return [
      { workspaceId: ws, identities: [{ kind: 'phone', value: '0912 000 001' }], name: 'Nguyễn Văn An', actor },
      { workspaceId: ws, identities: [{ kind: 'phone', value: '0912 999 999' }], name: 'Khách Cũ Gọi Lại', actor },
      { workspaceId: ws, identities: [{ kind: 'phone', value: '0912 000 002' }, { kind: 'email', value: 'Binh@Example.vn' }], name: '  Trần Thị Bình ', actor },
      // The first sender again, now with an email: the profile made above, which gets the email added.
      { workspaceId: ws, identities: [{ kind: 'phone', value: '0912000001' }, { kind: 'email', value: 'an@example.vn' }], name: null, actor },
      { workspaceId: ws, identities: [{ kind: 'zalo', value: 'zalo-user-77' }], name: null, actor },
    ];
  };

  async function state(ws: string, answers: { customer: { id: string }; created: boolean }[]) {
    const db = t.ctx.db;
    const customers = await db.query<{ id: string; name: string; search_name: string; phone: string | null; email: string | null }>(
      'SELECT id, name, search_name, phone, email FROM customers WHERE workspace_id = $1 ORDER BY name, phone',
      [ws],
    );
    const label = new Map(customers.map((c, i) => [c.id, `c${i}`]));
    const identities = await db.query<{ customer_id: string; kind: string; value: string }>(
      'SELECT customer_id, kind, value FROM customer_identities WHERE workspace_id = $1 ORDER BY kind, value',
      [ws],
    );
    const events = await db.query<{ type: string; subject_id: string; data: Record<string, unknown> }>(
      `SELECT type, subject_id, data FROM events WHERE workspace_id = $1 AND subject_type = 'customer' ORDER BY subject_id, id`,
      [ws],
    );
    return {
      customers: customers.map(({ id, ...c }) => ({ c: label.get(id), ...c })),
      identities: identities.map((i) => ({ c: label.get(i.customer_id), kind: i.kind, value: i.value })),
      events: events.map((e) => ({ c: label.get(e.subject_id), type: e.type, data: e.data })).sort((a, b) => `${a.c}${a.type}`.localeCompare(`${b.c}${b.type}`)),
      answers: answers.map((a) => ({ c: label.get(a.customer.id), created: a.created })),
    };
  }

  it('a group leaves what the same inputs one by one leave', async () => {
    const alone = (await seedWorkspace(t, 'Từng khách')).workspaceId;
    const together = (await seedWorkspace(t, 'Cả nhóm')).workspaceId;
    for (const ws of [alone, together]) await buildCustomer(t.ctx, ws, { name: 'Khách Cũ Gọi Lại', phone: '0912999999' });

    const one: { customer: { id: string }; created: boolean }[] = [];
    for (const input of inputs(alone)) one.push(await t.ctx.db.tx((tx) => resolveCustomer(tx, input)));
    const group = await t.ctx.db.tx((tx) => resolveCustomers(tx, inputs(together)));

    const a = await state(alone, one);
    const g = await state(together, group);
    expect(a.customers).toHaveLength(4);
    expect(a.answers.map((x) => x.created)).toEqual([true, false, true, false, true]);
    expect(a.answers[3].c).toBe(a.answers[0].c);
    expect(a.identities).toHaveLength(6);
    expect(g).toEqual(a);
  });
});
