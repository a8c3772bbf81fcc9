import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestApp, seedUser, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { CustomerImportResult } from '../../../shared/customers.js';

const CSV = [
  'name,phone,email,birthday,gender,address,company,tags,lifecycle_stage,preferred_channel,attr.membership,attr.city',
  'Nguyễn Văn An,0912 000 001,an@example.vn,01/02/1990,nam,"12 Lê Lợi, Q.1",Hoa Sen,vip;sỉ,customer,zalo,gold,HCM',
  'Trần Thị Bình,+84912000002,,1992-12-31,nữ,,,,lead,,,Hà Nội',
  'Lê Văn Cường,12345,,,,,,,,,,', // bad phone
  'Phạm Thị Dung,,dung@example,,,,,,,,,', // bad email
  'Võ Văn Em,0912 000 005,,31/02/1990,,,,,,,,', // impossible date
  'Không liên lạc,,,,,,,,,,,', // neither phone nor email
  'Đỗ Thị Giang,0912000007,,,,,,,vip-but-bad-stage,,,',
  '"=HYPERLINK(""http://x"")",0912000008,,,,,,,,,,',
].join('\n');

describe('customers CSV import and export', () => {
  let t: TestApp;
  let cookie: string;
  let ws: string;
  const importCsv = (body: string, c = cookie) =>
    t.app.inject({ method: 'POST', url: '/api/customers/import', headers: { cookie: c, 'content-type': 'text/csv; charset=utf-8' }, payload: body });

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    ws = s.workspaceId;
  });
  afterAll(() => t.close());

  it('imports good rows, reports bad ones by line and reason', async () => {
    const res = await importCsv(CSV);
    expect(res.statusCode).toBe(200);
    const r = res.json<CustomerImportResult>();
    expect(r).toMatchObject({ imported: 3, updated: 0, unchanged: 0 });
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 8]);
    expect(r.errors[0].reason).toContain('Invalid phone');
    expect(r.errors[1].reason).toContain('Invalid email');
    expect(r.errors[2].reason).toContain('Birthday');
    expect(r.errors[3].reason).toContain('phone or an email');
    expect(r.errors[4].reason).toContain('Lifecycle stage');
    const an = (await t.app.inject({ method: 'GET', url: '/api/customers/lookup?q=0912000001', headers: { cookie } })).json().items[0];
    const full = (await t.app.inject({ method: 'GET', url: `/api/customers/${an.id}`, headers: { cookie } })).json().customer;
    expect(full).toMatchObject({
      name: 'Nguyễn Văn An', phone: '+84912000001', email: 'an@example.vn', birthday: '1990-02-01', gender: 'male',
      address: '12 Lê Lợi, Q.1', company: 'Hoa Sen', tags: ['vip', 'sỉ'], lifecycleStage: 'customer', preferredChannel: 'zalo',
      attributes: { membership: 'gold', city: 'HCM' },
    });
    const n = await t.ctx.db.one('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [ws]);
    expect(n.n).toBe(3);
  });

  it('re-importing the same file changes nothing; a changed field counts as updated', async () => {
    const events = async () => (await t.ctx.db.one('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [ws])).n;
    const before = await events();
    const again = (await importCsv(CSV)).json();
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
    expect(await events()).toBe(before);
    const changed = (await importCsv('phone,email,company,tags\n0912000002,binh@example.vn,Bình Minh,khách mới\n')).json();
    expect(changed).toMatchObject({ imported: 0, updated: 1, unchanged: 0, errors: [] });
    const binh = (await t.app.inject({ method: 'GET', url: '/api/customers/lookup?q=binh@example.vn', headers: { cookie } })).json().items[0];
    expect(binh).toMatchObject({ name: 'Trần Thị Bình', email: 'binh@example.vn', tags: ['khách mới'] });
  });

  it('accepts Vietnamese headers and semicolon files, and refuses unknown columns', async () => {
    // Typed custom fields (set through the API) equal their CSV text.
    const typed = (await t.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie }, payload: { name: 'Số', phone: '0933 000 999', attributes: { points: 750, active: true } } })).json().customer;
    expect((await importCsv('phone,attr.points,attr.active\n0933000999,750,true\n')).json()).toMatchObject({ unchanged: 1, updated: 0 });
    expect((await importCsv('phone,attr.points\n0933000999,800\n')).json()).toMatchObject({ updated: 1 });
    const after = (await t.app.inject({ method: 'GET', url: `/api/customers/${typed.id}`, headers: { cookie } })).json().customer;
    expect(after.attributes).toEqual({ points: '800', active: true });

    const vi = (await importCsv('\uFEFFHọ tên;Số điện thoại;Ngày sinh\nMai Anh;0933 444 555;05/06/2001\n')).json();
    expect(vi).toMatchObject({ imported: 1, errors: [] });
    const bad = await importCsv('name,phone,favourite\nA,0933444556,x\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.id).toBe('customer_import.unknown_columns');
    expect((await importCsv('name\nA\n')).json().error.id).toBe('customer_import.missing_columns');
    expect((await importCsv('name,phone\n"A,0933444557\n')).json().error.id).toBe('customer_import.invalid_csv');
  });

  it('refuses bodies over the limit and agents', async () => {
    const agent = await seedUser(t, ws, 'agent');
    expect((await importCsv(CSV, agent.cookie)).statusCode).toBe(403);
    const huge = `name,phone\n${'x'.repeat(21 * 1024 * 1024)}\n`;
    const res = await importCsv(huge);
    expect(res.statusCode).toBe(413);
  });

  it('exports UTF-8 with BOM, protects formulas, and round-trips into another workspace', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    const an = rows.find((r) => r.name === 'Nguyễn Văn An')!;
    expect(an).toMatchObject({ birthday: '01/02/1990', tags: 'vip;sỉ', 'attr.membership': 'gold', 'attr.city': 'HCM' });
    expect(an.phone).toBe("'+84912000001");
    expect(rows.some((r) => r.name.startsWith("'=HYPERLINK"))).toBe(true);

    const vip = await t.app.inject({ method: 'GET', url: '/api/customers/export.csv?tag=vip', headers: { cookie } });
    expect(parse<Record<string, string>>(vip.body, { columns: true, bom: true }).map((r) => r.name)).toEqual(['Nguyễn Văn An']);

    const other = await seedWorkspace(t, 'Chi nhánh 2');
    const imported = (await importCsv(res.body, other.admin.cookie)).json();
    expect(imported).toMatchObject({ imported: 5, updated: 0, unchanged: 0, errors: [] });
    const back = await t.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: { cookie: other.admin.cookie } });
    const rows2 = parse(back.body, { columns: true, bom: true }) as Record<string, string>[];
    const key = (r: Record<string, string>) => JSON.stringify(r);
    expect(rows2.map(key).sort()).toEqual(rows.map(key).sort());
    expect((await importCsv(back.body, other.admin.cookie)).json()).toMatchObject({ imported: 0, updated: 0, unchanged: 5 });
  });
});
