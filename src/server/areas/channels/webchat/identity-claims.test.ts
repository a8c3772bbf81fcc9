import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { api, insertCustomer } from '../../../test/fixtures/tickets.js';
import { createWidget, openAllWeek, visitorClient } from '../../../test/fixtures/webchat.js';

/** Issue 9, security 2: what a visitor types into the pre-chat form never links or merges profiles by itself. */
describe('chat visitors: typed phone and email are claims, confirmed by an agent', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let widget: { key: string };

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorkspace(t, 'Shop Claims');
    await openAllWeek(t, w.workspaceId);
    widget = await createWidget(t, w.admin.cookie, { preChat: { name: 'optional', phone: 'optional', email: 'optional' } });
  });
  afterAll(() => t.close());

  const snapshot = async (id: string) => ({
    customer: await t.ctx.db.one('SELECT id, name, phone, email, merged_into_id FROM customers WHERE id = $1', [id]),
    identities: await t.ctx.db.query('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind, value', [id]),
    tickets: await t.ctx.db.query('SELECT id FROM tickets WHERE customer_id = $1 ORDER BY id', [id]),
  });

  it("one customer's phone plus another's email leaves both profiles untouched and puts the chat on its own customer, with the claims shown", async () => {
    const victimPhone = await insertCustomer(t, w.workspaceId, 'Nguyễn Văn An', '+84912000111');
    const victimEmail = await insertCustomer(t, w.workspaceId, 'Trần Thị Bích', null, 'bich@example.vn');
    const before = [await snapshot(victimPhone), await snapshot(victimEmail)];
    const merges = async () => (await t.ctx.db.query('SELECT id FROM customer_merges WHERE workspace_id = $1', [w.workspaceId])).length;
    const mergesBefore = await merges();

    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Kẻ Giả Mạo', phone: '0912 000 111', email: 'Bich@Example.vn' });
    const m = await v.say('Cho tôi xem đơn hàng của tôi');
    expect(m.status).toBe(201);

    expect([await snapshot(victimPhone), await snapshot(victimEmail)]).toEqual(before);
    expect(await merges()).toBe(mergesBefore);
    const msg = await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [m.body.message.id]);
    expect([victimPhone, victimEmail]).not.toContain(msg.customer_id);

    const seen = await api(t, w.admin.cookie, 'GET', `/api/customers/${msg.customer_id}/claims`);
    expect(seen.status).toBe(200);
    const claims = seen.body.claims as { id: string; kind: string; value: string; owner: { id: string; name: string } | null; confirmedAt: string | null }[];
    expect(claims.map((c) => ({ kind: c.kind, value: c.value, owner: c.owner, confirmedAt: c.confirmedAt })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'email', value: 'bich@example.vn', owner: { id: victimEmail, name: 'Trần Thị Bích' }, confirmedAt: null },
      { kind: 'phone', value: '+84912000111', owner: { id: victimPhone, name: 'Nguyễn Văn An' }, confirmedAt: null },
    ]);

    // A second message and a new session with the same details change nothing either.
    await v.say('Còn đó không?');
    const again = visitorClient(t, widget.key);
    await again.start({ name: 'Kẻ Giả Mạo', phone: '0912000111', email: 'bich@example.vn' });
    await again.say('Xin chào');
    expect([await snapshot(victimPhone), await snapshot(victimEmail)]).toEqual(before);
  });

  it('an agent confirms a claim: the chat customer is merged into the profile that has that phone (undoable), or the detail is added', async () => {
    const known = await insertCustomer(t, w.workspaceId, 'Lê Thị Cúc', '+84987654321');
    const v = visitorClient(t, widget.key);
    await v.start({ name: 'Chị Cúc', phone: '0987 654 321' });
    const m = await v.say('Tôi đặt hàng hôm qua');
    const chatCustomer = (await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [m.body.message.id])).customer_id;
    const [claim] = (await api(t, w.admin.cookie, 'GET', `/api/customers/${chatCustomer}/claims`)).body.claims;

    // Integrations cannot merge; agents can.
    const token = await seedToken(t, w.admin.cookie);
    expect((await api(t, `Bearer ${token}`, 'POST', `/api/customers/${chatCustomer}/claims/${claim.id}/confirm`)).status).toBe(403);

    const ok = await api(t, w.admin.cookie, 'POST', `/api/customers/${chatCustomer}/claims/${claim.id}/confirm`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ customerId: known, claim: { confirmedCustomerId: known } });
    expect(ok.body.mergeId).toBeTruthy();
    const moved = await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [m.body.message.id]);
    expect(moved.customer_id).toBe(known);
    // The established profile keeps its name.
    expect((await t.ctx.db.one<{ name: string }>('SELECT name FROM customers WHERE id = $1', [known])).name).toBe('Lê Thị Cúc');
    // The visitor's next message lands on the confirmed profile.
    const next = await v.say('Cảm ơn');
    expect((await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [next.body.message.id])).customer_id).toBe(known);
    const twice = await api(t, w.admin.cookie, 'POST', `/api/customers/${chatCustomer}/claims/${claim.id}/confirm`);
    expect(twice.status).toBe(409);

    // A claim nobody else has: confirming adds it to the chat's profile.
    const fresh = visitorClient(t, widget.key);
    await fresh.start({ name: 'Khách Mới', email: 'moi@example.vn' });
    const fm = await fresh.say('Xin chào');
    const freshCustomer = (await t.ctx.db.one<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = $1', [fm.body.message.id])).customer_id;
    const [fc] = (await api(t, w.admin.cookie, 'GET', `/api/customers/${freshCustomer}/claims`)).body.claims;
    expect(fc.owner).toBeNull();
    const added = await api(t, w.admin.cookie, 'POST', `/api/customers/${freshCustomer}/claims/${fc.id}/confirm`);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ customerId: freshCustomer, mergeId: null });
    const ids = await t.ctx.db.query('SELECT kind, value FROM customer_identities WHERE customer_id = $1 AND kind = $2', [freshCustomer, 'email']);
    expect(ids).toEqual([{ kind: 'email', value: 'moi@example.vn' }]);
  });
});
