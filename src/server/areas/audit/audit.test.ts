import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, seedWorkspace, type SeededWorkspace, type TestApp } from '../../test/harness.js';
import { buildCustomer } from '../../test/factories.js';
import { appendEvent } from '../../core/events/append.js';
import type { AuditEntry } from '../../../shared/audit.js';

let t: TestApp;
let w: SeededWorkspace;
const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, cookie = w.admin.cookie) =>
  t.app.inject({ method, url: `/api${url}`, headers: { cookie, 'x-forwarded-for': '203.0.113.7' }, payload: payload as never, remoteAddress: '198.51.100.9' });

async function audit(query = ''): Promise<AuditEntry[]> {
  const res = await api('GET', `/audit?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: AuditEntry[] }).items;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorkspace(t);
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records settings changes with who, the IP and a before/after diff, in the same transaction', async () => {
    const res = await api('PATCH', '/settings/workspace', { name: 'Cửa hàng Mới' });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await audit('&kind=settings');
    expect(row).toMatchObject({
      action: 'settings.updated',
      kind: 'settings',
      actor: { type: 'user', id: w.admin.id, name: 'Quản Trị' },
      ip: '198.51.100.9',
      target: { type: 'workspace', id: w.workspaceId },
      changes: { changes: { name: { from: 'Cửa hàng Test', to: 'Cửa hàng Mới' } } },
    });
  });

  it('records users and roles, tokens (created, revoked), channel accounts (created, changed, deleted) without secrets', async () => {
    const agent = await seedUser(t, w.workspaceId, 'agent', 'Chị Hoa');
    expect((await api('PATCH', `/users/${agent.id}`, { role: 'supervisor' })).statusCode).toBe(200);
    const tok = await api('POST', '/tokens', { name: 'Máy bán hàng' });
    expect(tok.statusCode).toBe(201);
    const tokenId = (tok.json() as { apiToken?: { id: string }; id?: string }).apiToken?.id ?? (tok.json() as { id: string }).id;
    const secretToken = (tok.json() as { token: string }).token;
    expect((await api('DELETE', `/tokens/${tokenId}`)).statusCode).toBe(204);
    const acc = await api('POST', '/channel-accounts', { kind: 'webchat', name: 'Chat web', config: {} });
    expect(acc.statusCode, acc.body).toBe(201);
    const accountId = (acc.json() as { id: string }).id;
    expect((await api('PATCH', `/channel-accounts/${accountId}`, { name: 'Chat trang chủ' })).statusCode).toBe(200);
    expect((await api('DELETE', `/channel-accounts/${accountId}`)).statusCode).toBe(204);

    const rows = await audit();
    const role = rows.find((r) => r.action === 'user.updated' && r.target.id === agent.id);
    expect(role).toMatchObject({ kind: 'users', target: { label: 'Chị Hoa' }, changes: { changes: { role: { from: 'agent', to: 'supervisor' } } } });
    expect(rows.filter((r) => r.kind === 'tokens').map((r) => r.action).sort()).toEqual(['api_token.created', 'api_token.revoked']);
    expect(rows.filter((r) => r.kind === 'channels').map((r) => r.action).sort()).toEqual(['channel_account.created', 'channel_account.deleted', 'channel_account.updated']);
    expect(JSON.stringify(rows)).not.toContain(secretToken);
    // Deletions: a filter across kinds.
    const deletions = await audit('&kind=deletions');
    expect(deletions.map((r) => r.action).sort()).toEqual(['api_token.revoked', 'channel_account.deleted']);
  });

  it('records merges, exports (customers CSV, the audit CSV itself), workflows and webhooks', async () => {
    const a = await buildCustomer(t.ctx, w.workspaceId, { name: 'Phạm An' });
    const b = await buildCustomer(t.ctx, w.workspaceId, { name: 'Phạm An (trùng)' });
    expect((await api('POST', `/customers/${a.id}/merge`, { sourceId: b.id })).statusCode).toBe(201);
    expect((await api('GET', '/customers/export.csv?tag=vip')).statusCode).toBe(200);
    const csv = await api('GET', '/audit/export.csv?kind=merges');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('customer.merged');
    expect(csv.headers['content-type']).toContain('text/csv');
    // A workflow's change (the workflows area's events are audited by prefix).
    await t.ctx.db.tx((tx) =>
      appendEvent(tx, { workspaceId: w.workspaceId, type: 'workflow.published', subjectType: 'workflow', subjectId: crypto.randomUUID(), actor: { kind: 'user', id: w.admin.id, workspaceId: w.workspaceId, role: 'admin', name: 'Quản Trị' }, data: { name: 'Chăm sóc VIP', version: 2, triggerType: 'ticket.created' } }),
    );
    const sub = await api('POST', '/webhooks/subscriptions', { name: 'CRM', url: 'https://example.com/hook', eventTypes: ['ticket.*'] });
    expect(sub.statusCode, sub.body).toBe(201);
    const secret = (sub.json() as { secret: string }).secret;
    await api('POST', `/webhooks/subscriptions/${(sub.json() as { subscription: { id: string } }).subscription.id}/reveal-secret`);

    const rows = await audit();
    expect(rows.find((r) => r.action === 'customer.merged')).toMatchObject({ kind: 'merges', target: { id: a.id } });
    expect(rows.find((r) => r.action === 'customers.exported')).toMatchObject({ kind: 'exports', changes: { filters: { tag: 'vip' } } });
    expect(rows.find((r) => r.action === 'audit.exported')).toMatchObject({ kind: 'exports', changes: { filters: { kind: 'merges' } } });
    expect(rows.find((r) => r.action === 'workflow.published')).toMatchObject({ kind: 'workflows', target: { label: 'Chăm sóc VIP' } });
    expect(rows.filter((r) => r.kind === 'webhooks').map((r) => r.action).sort()).toEqual(['webhook.secret_revealed', 'webhook.subscription_created']);
    expect(JSON.stringify(rows)).not.toContain(secret);
    // Report and segment CSVs are exports too: who took which figures out, with the filters.
    expect((await api('GET', '/metrics/measures/volume.csv?from=2026-03-01&to=2026-03-31&by=channel')).statusCode).toBe(200);
    expect((await api('GET', '/metrics/retention.csv?from=2026-03-01&to=2026-03-31&granularity=month')).statusCode).toBe(200);
    const seg = await api('POST', '/segments', { name: 'Khách chi nhiều', rule: { match: 'all', rules: [{ field: 'total_spent', op: 'gte', value: 5_000_000 }] } });
    expect(seg.statusCode, seg.body).toBe(201);
    const segId = (seg.json() as { segment: { id: string } }).segment.id;
    expect((await api('GET', `/segments/${segId}/export.csv`)).statusCode).toBe(200);
    const exports = await audit('&kind=exports');
    expect(exports.find((r) => r.action === 'metrics.exported' && (r.changes as { report: string }).report === 'measure:volume')).toMatchObject({ changes: { filters: { by: 'channel', from: '2026-03-01' } } });
    expect(exports.find((r) => r.action === 'metrics.exported' && (r.changes as { report: string }).report === 'retention')).toBeTruthy();
    expect(exports.find((r) => r.action === 'segment.exported')).toMatchObject({ target: { id: segId, label: 'Khách chi nhiều' } });

    // Text search and actor filter.
    expect((await audit('&q=' + encodeURIComponent('chăm sóc'))).map((r) => r.action)).toEqual(['workflow.published']);
    expect((await audit(`&actorType=system`)).length).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await audit(`&from=2020-01-01&to=2020-12-31`)).length).toBe(0);
    expect((await audit(`&from=${today}`)).length).toBeGreaterThan(0);
  });

  it('pages newest first', async () => {
    const first = await api('GET', '/audit?limit=2');
    const page1 = first.json() as { items: AuditEntry[]; nextBefore: string };
    expect(page1.items).toHaveLength(2);
    const page2 = (await api('GET', `/audit?limit=2&before=${page1.nextBefore}`)).json() as { items: AuditEntry[] };
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[1].id));
  });

  it('is append-only: rows cannot be changed or deleted, even by SQL', async () => {
    await expect(t.ctx.db.query(`UPDATE audit_log SET actor_name = 'ai đó' WHERE workspace_id = $1`, [w.workspaceId])).rejects.toThrow(/append-only/);
    await expect(t.ctx.db.query(`DELETE FROM audit_log WHERE workspace_id = $1`, [w.workspaceId])).rejects.toThrow(/append-only/);
    await expect(t.ctx.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await audit()).length).toBeGreaterThan(5);
  });

  it('rolls back with the change: a failed transaction leaves no audit row', async () => {
    const before = (await audit()).length;
    await expect(
      t.ctx.db.tx(async (tx) => {
        await appendEvent(tx, { workspaceId: w.workspaceId, type: 'settings.updated', subjectType: 'workspace', subjectId: w.workspaceId, actor: null, data: { changes: { name: { from: 'a', to: 'b' } } } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await audit()).length).toBe(before);
  });

  it('is for admins only', async () => {
    const sup = await seedUser(t, w.workspaceId, 'supervisor');
    expect((await api('GET', '/audit', undefined, sup.cookie)).statusCode).toBe(403);
    expect((await api('GET', '/audit/export.csv', undefined, sup.cookie)).statusCode).toBe(403);
  });
});
