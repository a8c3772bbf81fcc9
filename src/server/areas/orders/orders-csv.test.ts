import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedToken, seedWorkspace, type TestApp } from '../../test/harness.js';
import type { CustomerOrders, OrderImportResult, OrderList } from '../../../shared/orders.js';

// Vietnamese headers, one row per line item for DH-1 (two lines), dd/MM/yyyy dates, VND written with dots.
const CSV_VI = [
  'Mã đơn hàng,Số điện thoại,Tên khách hàng,Ngày đặt,Trạng thái,Tổng tiền,Mã hàng,Tên hàng,Số lượng,Đơn giá,Bảo hành (tháng),Thanh toán',
  'DH-1,0912 000 001,Nguyễn Văn An,15/01/2026 09:30,Đã giao,"9.440.000",TV-55,Tivi Sony 55 inch,1,"8.990.000",24,COD',
  'DH-1,0912 000 001,Nguyễn Văn An,15/01/2026 09:30,Đã giao,"9.440.000",QUAT-01,Quạt đứng,1,450.000,,COD',
  'DH-2,0912 000 002,Trần Thị Bình,2026-02-01,Hoàn thành,1500000,,,,,,Chuyển khoản',
  'DH-3,12345,Sai Số,01/02/2026,Mới,100000,,,,,,', // bad phone
  'DH-4,0912 000 004,Ngày Sai,31/02/2026,Mới,100000,,,,,,', // impossible date
  'DH-5,0912 000 005,Trạng Thái Lạ,01/02/2026,Lạc đường,100000,,,,,,', // unknown status
  'DH-6,0912 000 006,Thiếu Số Lượng,01/02/2026,Mới,,X,Ấm siêu tốc,hai,300000,,', // bad quantity
  ',0912 000 007,Không Mã,01/02/2026,Mới,100000,,,,,,', // no order code
].join('\n');

// English headers, semicolon separated, ISO dates with an offset, a customer code only.
const CSV_EN = [
  'order code;customer code;customer email;customer name;order date;status;total;sku;product name;quantity;unit price',
  'S-9;KH-77;lan@example.vn;Phạm Thị Lan;2026-03-10T10:00:00+07:00;shipping;2000000;ND-1;Nồi cơm điện;2;1000000',
].join('\n');

describe('orders CSV import (HTTP)', () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  const importCsv = (body: string, source?: string, contentType = 'text/csv; charset=utf-8') =>
    t.app.inject({ method: 'POST', url: `/api/orders/import${source ? `?source=${source}` : ''}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body });

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedWorkspace(t);
    cookie = s.admin.cookie;
    token = await seedToken(t, cookie);
  });
  afterAll(() => t.close());

  it('imports good orders with their line items and reports bad rows by line and reason', async () => {
    const res = await importCsv(CSV_VI);
    expect(res.statusCode).toBe(200);
    const r = res.json<OrderImportResult>();
    expect(r).toMatchObject({ orders: 6, created: 2, updated: 0, unchanged: 0, unknownColumns: [] });
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[5, 'DH-3'], [6, 'DH-4'], [7, 'DH-5'], [8, 'DH-6'], [9, null]]);
    expect(r.errors[0].reason).toContain('not a valid phone');
    expect(r.errors[1].reason).toContain('not a real date');
    expect(r.errors[2].reason).toContain('Lạc đường');
    expect(r.errors[3].reason).toContain('Quantity');
    expect(r.errors[4].reason).toContain('order code');

    const list = (await t.app.inject({ method: 'GET', url: '/api/orders?q=DH-1', headers: { cookie } })).json<OrderList>();
    const dh1 = list.items[0];
    expect(dh1).toMatchObject({ source: 'csv', code: 'DH-1', status: 'delivered', rawStatus: 'Đã giao', total: 9_440_000, subtotal: 9_440_000, paymentMethod: 'cod' });
    // 09:30 in Hồ Chí Minh is 02:30 UTC.
    expect(dh1.orderedAt).toBe('2026-01-15T02:30:00.000Z');
    expect(dh1.items.map((i) => [i.sku, i.name, i.quantity, i.unitPrice, i.warrantyMonths, i.warrantyEndsOn])).toEqual([
      ['TV-55', 'Tivi Sony 55 inch', 1, 8_990_000, 24, '2028-01-15'],
      ['QUAT-01', 'Quạt đứng', 1, 450_000, null, null],
    ]);
    expect(dh1.customer).toMatchObject({ name: 'Nguyễn Văn An', phone: '+84912000001' });
  });

  it('re-importing the same file changes nothing (no new rows, no events)', async () => {
    const before = await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM events');
    const r = (await importCsv(CSV_VI)).json<OrderImportResult>();
    expect(r).toMatchObject({ orders: 6, created: 0, updated: 0, unchanged: 2 });
    expect(await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM events')).toEqual(before);
    expect(await t.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM order_status_changes')).toEqual({ n: 2 });
  });

  it('a changed status in a later export updates the order and adds to its history', async () => {
    const r = (await importCsv(CSV_VI.replace('DH-2,0912 000 002,Trần Thị Bình,2026-02-01,Hoàn thành', 'DH-2,0912 000 002,Trần Thị Bình,2026-02-01,Trả hàng'))).json<OrderImportResult>();
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const dh2 = (await t.app.inject({ method: 'GET', url: '/api/orders?q=DH-2', headers: { cookie } })).json<OrderList>().items[0];
    expect(dh2.statusHistory.map((h) => h.status)).toEqual(['completed', 'returned']);
  });

  it('new orders of known customers take the bulk path: same rows, history and events as one by one', async () => {
    const csv = [
      'order code,phone,order date,status,sku,item name,quantity,unit price,warranty months',
      'DH-10,0912000001,20/03/2026,Đang giao,MG-LG,Máy giặt LG 9kg,1,8490000,24',
      'DH-10,0912000001,20/03/2026,Đang giao,AST,Ấm siêu tốc,2,390000,',
      'DH-11,+84912000002,21/03/2026,Đã xác nhận,NC,Nồi cơm điện,1,1190000,12',
    ].join('\n');
    const events = await t.ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'order.created'");
    expect((await importCsv(csv)).json<OrderImportResult>()).toMatchObject({ orders: 2, created: 2, errors: [] });
    expect((await t.ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'order.created'")).n).toBe(events.n + 2);
    const dh10 = (await t.app.inject({ method: 'GET', url: '/api/orders?q=DH-10', headers: { cookie } })).json<OrderList>().items[0];
    const dh1 = (await t.app.inject({ method: 'GET', url: '/api/orders?q=DH-1', headers: { cookie } })).json<OrderList>().items.find((o) => o.code === 'DH-1')!;
    expect(dh10).toMatchObject({ status: 'shipping', rawStatus: 'Đang giao', subtotal: 9_270_000, total: 9_270_000, customerId: dh1.customerId, orderedAt: '2026-03-19T17:00:00.000Z' });
    expect(dh10.items.map((i) => [i.sku, i.quantity, i.warrantyEndsOn])).toEqual([['MG-LG', 1, '2028-03-20'], ['AST', 2, null]]);
    expect(dh10.statusHistory).toEqual([{ status: 'shipping', rawStatus: 'Đang giao', at: '2026-03-19T17:00:00.000Z' }]);
    expect((await importCsv(csv)).json<OrderImportResult>()).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('English headers, semicolons, ISO dates, a customer code as the identity, a named source', async () => {
    const r = (await importCsv(CSV_EN, 'kiotviet')).json<OrderImportResult>();
    expect(r).toMatchObject({ orders: 1, created: 1, errors: [] });
    const s9 = (await t.app.inject({ method: 'GET', url: '/api/orders?q=S-9', headers: { cookie } })).json<OrderList>().items[0];
    expect(s9).toMatchObject({ source: 'kiotviet', status: 'shipping', total: 2_000_000, orderedAt: '2026-03-10T03:00:00.000Z', open: true });
    const ids = await t.ctx.db.query<{ kind: string; value: string }>('SELECT kind, value FROM customer_identities WHERE customer_id = $1 ORDER BY kind', [s9.customerId]);
    expect(ids).toEqual([{ kind: 'email', value: 'lan@example.vn' }, { kind: 'external', value: 'kiotviet:KH-77' }]);
    const mine = (await t.app.inject({ method: 'GET', url: `/api/customers/${s9.customerId}/orders`, headers: { cookie } })).json<CustomerOrders>();
    expect(mine).toMatchObject({ lifetimeValue: 2_000_000, orderCount: 1 });
    expect(mine.openOrders.map((o) => o.code)).toEqual(['S-9']);
  });

  it('refuses what is not a CSV or lacks the needed columns', async () => {
    expect((await importCsv(CSV_VI, undefined, 'text/plain')).statusCode).toBe(415);
    const missing = await importCsv('name,total\nAn,1000');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.id).toBe('order_import.missing_columns');
    expect((await importCsv(CSV_VI, 'Bad Source!')).statusCode).toBe(400);
  });
});
