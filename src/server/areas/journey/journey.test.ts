import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { journeyFixture } from '../../test/fixtures/journey.js';
import type { CustomerJourney, JourneyReport } from '../../../shared/journey.js';

/**
 * A hand-built shop (workspace zone Asia/Ho_Chi_Minh). The period asked for is 01/01/2026–31/03/2026,
 * i.e. [2025-12-31T17:00Z, 2026-03-31T17:00Z). Times below are local (+07:00).
 *
 *   A  profile made 10/01/2026; zalo ticket 10/01 09:00, replied 09:30 (FRT 30 min), resolved. No order.
 *   B  old profile; email ticket 01/02 never answered (open); a quote 02/02 (a quote is not an order).
 *   C  old; order confirmed 01/03, paid 02/03 (in progress); web chat ticket 03/03 replied after 10 min, resolved.
 *   D  old; order confirmed 01/12/2025, shipping 05/12/2025, delivered 05/01/2026; CSAT 5 on 06/01.
 *   E  old; order confirmed 10/02, cancelled 12/02; zalo ticket 11/02 replied after 120 min, still open;
 *      CSAT 2 (zalo) on 11/02 12:00.
 *   F  made 01/12/2024; order confirmed 01/02/2025, delivered 05/02/2025; email ticket 01/03/2025 replied
 *      after 60 min, resolved. Last order + 365 days = 01/02/2026: went inactive in the period.
 *   G  old; order confirmed 01/11/2025, delivered 10/11/2025, returned 10/03/2026.
 *   H  old; an order with no recorded history: completed, placed 01/10/2025.
 *   I  old; nothing at all.
 */
let t: TestApp;
let cookie: string;
const ids: Record<string, string> = {};
const at = (s: string) => `${s}+07:00`;

beforeAll(async () => {
  t = await createTestApp();
  const ws = await seedWorkspace(t);
  cookie = ws.admin.cookie;
  const f = journeyFixture(t, ws.workspaceId);
  const old = at('2025-06-01T09:00:00');

  ids.A = await f.customer('Anh An', at('2026-01-10T09:00:00'));
  await f.ticket(ids.A, 'zalo', at('2026-01-10T09:00:00'), { repliedAt: at('2026-01-10T09:30:00'), resolvedAt: at('2026-01-10T10:00:00') });

  ids.B = await f.customer('Chị Bình', old);
  await f.ticket(ids.B, 'email', at('2026-02-01T09:00:00'));
  await f.order(ids.B, 'BG-1', [['quote', at('2026-02-02T09:00:00')]], { kind: 'quote' });

  ids.C = await f.customer('Anh Cường', old);
  await f.order(ids.C, 'DH-C', [
    ['confirmed', at('2026-03-01T09:00:00')],
    ['paid', at('2026-03-02T09:00:00')],
  ]);
  await f.ticket(ids.C, 'webchat', at('2026-03-03T09:00:00'), { repliedAt: at('2026-03-03T09:10:00'), resolvedAt: at('2026-03-03T09:20:00') });

  ids.D = await f.customer('Chị Dung', old);
  await f.order(ids.D, 'DH-D', [
    ['confirmed', at('2025-12-01T09:00:00')],
    ['shipping', at('2025-12-05T09:00:00')],
    ['delivered', at('2026-01-05T09:00:00')],
  ]);
  await f.csat(ids.D, 5, at('2026-01-06T09:00:00'), 'email');

  ids.E = await f.customer('Anh Em', old);
  await f.order(ids.E, 'DH-E', [
    ['confirmed', at('2026-02-10T09:00:00')],
    ['cancelled', at('2026-02-12T09:00:00')],
  ]);
  await f.ticket(ids.E, 'zalo', at('2026-02-11T09:00:00'), { repliedAt: at('2026-02-11T11:00:00') });
  await f.csat(ids.E, 2, at('2026-02-11T12:00:00'), 'zalo');

  ids.F = await f.customer('Chị Phương', at('2024-12-01T09:00:00'));
  await f.order(ids.F, 'DH-F', [
    ['confirmed', at('2025-02-01T09:00:00')],
    ['delivered', at('2025-02-05T09:00:00')],
  ]);
  await f.ticket(ids.F, 'email', at('2025-03-01T09:00:00'), { repliedAt: at('2025-03-01T10:00:00'), resolvedAt: at('2025-03-01T11:00:00') });

  ids.G = await f.customer('Anh Giang', old);
  await f.order(ids.G, 'DH-G', [
    ['confirmed', at('2025-11-01T09:00:00')],
    ['delivered', at('2025-11-10T09:00:00')],
    ['returned', at('2026-03-10T09:00:00')],
  ]);

  ids.H = await f.customer('Chị Hà', old);
  await f.order(ids.H, 'DH-H', [['completed', at('2025-10-01T09:00:00')]], { history: false });

  ids.I = await f.customer('Anh Ích', old);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

describe('GET /api/journey', () => {
  let r: JourneyReport;
  beforeAll(async () => {
    r = await get<JourneyReport>('/api/journey?from=2026-01-01&to=2026-03-31');
  });

  it('reads the period as local days', () => {
    expect(r.from).toBe('2025-12-31T17:00:00.000Z');
    expect(r.to).toBe('2026-03-31T17:00:00.000Z');
  });

  it('counts customers by their stage at the end', () => {
    // pre: A, B, E (only order cancelled), G (only order returned), I; in: C; post: D, F, H.
    expect(r.stages).toEqual({ pre_sale: 5, in_sale: 1, post_sale: 3 });
  });

  it('shows the moves from the stage at the start', () => {
    const flows = Object.fromEntries(r.flows.map((f) => [`${f.from}>${f.to}`, f.customers]));
    // A new→pre; B, E, I pre→pre; C pre→in; D in→post (shipping on 01/01); F, H post→post; G post→pre.
    expect(flows).toEqual({ 'new>pre_sale': 1, 'pre_sale>pre_sale': 3, 'pre_sale>in_sale': 1, 'in_sale>post_sale': 1, 'post_sale>post_sale': 2, 'post_sale>pre_sale': 1 });
  });

  it('files each touchpoint of the period under the stage the customer was in then, by channel', () => {
    const tp = Object.fromEntries(r.touchpoints.map((x) => [`${x.stage}/${x.channel}`, x.count]));
    expect(tp).toEqual({
      'pre_sale/zalo': 3, // A: ticket, message in, reply
      'pre_sale/email': 2, // B: ticket, message in
      'pre_sale/order': 3, // B's quote, E's cancellation, G's return (each leaves no order in progress or delivered)
      'in_sale/webchat': 3, // C: ticket, message, reply while the order is paid
      'in_sale/order': 3, // C confirmed, C paid, E confirmed
      'in_sale/zalo': 4, // E: ticket, message, reply, CSAT answer while the order is confirmed
      'post_sale/order': 1, // D delivered
      'post_sale/email': 1, // D's CSAT answer
    });
  });

  it('lists the drop-offs with the service before each', () => {
    const d = Object.fromEntries(r.dropOffs.map((x) => [x.kind, x]));
    // Leads in touch during the period with no order by its end: A, B (a quote is not an order).
    // Their tickets: A's (FRT 30) and B's (never answered, still open).
    expect(d.lead_never_ordered).toEqual({
      kind: 'lead_never_ordered',
      orders: null,
      service: { customers: 2, tickets: 2, frtMedianMinutes: 30, csatPercent: null, csatAnswers: 0, unresolvedTickets: 1 },
    });
    // E's order cancelled 12/02: before it one ticket (FRT 120, open) and one CSAT of 2 → 0 %.
    expect(d.order_cancelled).toEqual({
      kind: 'order_cancelled',
      orders: 1,
      service: { customers: 1, tickets: 1, frtMedianMinutes: 120, csatPercent: 0, csatAnswers: 1, unresolvedTickets: 1 },
    });
    // G returned 10/03 without ever writing to us.
    expect(d.order_returned).toEqual({
      kind: 'order_returned',
      orders: 1,
      service: { customers: 1, tickets: 0, frtMedianMinutes: null, csatPercent: null, csatAnswers: 0, unresolvedTickets: 0 },
    });
    // F: last order 01/02/2025 + 365 days = 01/02/2026; one ticket before, answered in 60 min.
    expect(d.went_inactive).toEqual({
      kind: 'went_inactive',
      orders: null,
      service: { customers: 1, tickets: 1, frtMedianMinutes: 60, csatPercent: null, csatAnswers: 0, unresolvedTickets: 0 },
    });
    // Stayed: C, D, H (F dropped off). C's ticket FRT 10; D's CSAT 5 → 100 %.
    expect(r.retained).toEqual({ customers: 3, tickets: 1, frtMedianMinutes: 10, csatPercent: 100, csatAnswers: 1, unresolvedTickets: 0 });
  });

  it('a shorter window makes more customers inactive', async () => {
    // 90 days: C (paid order 01/03 → inactive 30/05) no; D (01/12/2025 → 01/03/2026) yes; H (01/10/2025 → 30/12/2025) no, before the period.
    // F's last order is far older than 90 days before the period: it went inactive before it, so only D.
    const short = await get<JourneyReport>('/api/journey?from=2026-01-01&to=2026-03-31&inactiveDays=90');
    const inactive90 = short.dropOffs.find((x) => x.kind === 'went_inactive')!;
    expect(inactive90.service).toMatchObject({ customers: 1, tickets: 0 });
  });

  it('refuses a day not written yyyy-MM-dd', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/journey?from=01/01/2026', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.id).toBe('validation.failed');
  });
});

describe('GET /api/customers/:id/journey', () => {
  it('a lead with tickets only is pre-sale since the start', async () => {
    const j = await get<CustomerJourney>(`/api/customers/${ids.A}/journey`);
    expect(j.stage).toBe('pre_sale');
    expect(j.stageSince).toBeNull();
    expect(j.counts).toEqual({ pre_sale: 3, in_sale: 0, post_sale: 0 });
    expect(j.touchpoints.map((x) => `${x.kind}:${x.direction ?? ''}`)).toEqual(['message:inbound', 'ticket:', 'message:outbound']);
  });

  it('an order paid and not yet delivered is in-sale from its confirmation', async () => {
    const j = await get<CustomerJourney>(`/api/customers/${ids.C}/journey`);
    expect(j.stage).toBe('in_sale');
    expect(j.stageSince).toBe('2026-03-01T02:00:00.000Z');
    expect(j.spans.map((s) => s.stage)).toEqual(['pre_sale', 'in_sale']);
  });

  it('delivered is post-sale; the history shows each stage', async () => {
    const j = await get<CustomerJourney>(`/api/customers/${ids.D}/journey`);
    expect(j.stage).toBe('post_sale');
    expect(j.spans).toEqual([
      { stage: 'pre_sale', from: '2025-06-01T02:00:00.000Z', to: '2025-12-01T02:00:00.000Z' },
      { stage: 'in_sale', from: '2025-12-01T02:00:00.000Z', to: '2026-01-05T02:00:00.000Z' },
      { stage: 'post_sale', from: '2026-01-05T02:00:00.000Z', to: null },
    ]);
    const survey = j.touchpoints.find((x) => x.kind === 'survey');
    expect(survey).toMatchObject({ stage: 'post_sale', channel: 'email', title: 'csat:5' });
  });

  it('a cancelled order puts the customer back to pre-sale; a returned one too', async () => {
    const e = await get<CustomerJourney>(`/api/customers/${ids.E}/journey`);
    expect(e.stage).toBe('pre_sale');
    expect(e.spans.map((s) => s.stage)).toEqual(['pre_sale', 'in_sale', 'pre_sale']);
    expect(e.touchpoints.filter((x) => x.kind === 'order').map((x) => `${x.detail}@${x.stage}`)).toEqual(['confirmed@in_sale', 'cancelled@pre_sale']);
    const g = await get<CustomerJourney>(`/api/customers/${ids.G}/journey`);
    expect(g.spans.map((s) => s.stage)).toEqual(['pre_sale', 'in_sale', 'post_sale', 'pre_sale']);
  });

  it('an order with no recorded history counts by its present status', async () => {
    const j = await get<CustomerJourney>(`/api/customers/${ids.H}/journey`);
    expect(j.stage).toBe('post_sale');
    expect(j.touchpoints).toEqual([expect.objectContaining({ kind: 'order', title: 'DH-H', detail: 'completed', stage: 'post_sale' })]);
  });

  it('a repeat buyer with a new order on its way is in-sale; a contract out for signing is in-sale; a quote is not', async () => {
    const ws = await seedWorkspace(t, 'Shop 2');
    const f = journeyFixture(t, ws.workspaceId);
    const repeat = await f.customer('Khách Quen', at('2025-01-01T09:00:00'));
    await f.order(repeat, 'R-1', [
      ['confirmed', at('2025-02-01T09:00:00')],
      ['delivered', at('2025-02-03T09:00:00')],
    ]);
    await f.order(repeat, 'R-2', [['shipping', at('2025-06-01T09:00:00')]]);
    const contract = await f.customer('Công ty Hải Âu', at('2025-01-01T09:00:00'));
    await f.order(contract, 'HD-1', [['draft', at('2025-05-01T09:00:00')]], { kind: 'contract', contractState: 'sent' });
    const quote = await f.customer('Chị Hỏi Giá', at('2025-01-01T09:00:00'));
    await f.order(quote, 'BG-9', [['quote', at('2025-05-01T09:00:00')]], { kind: 'quote' });
    const as = async (id: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/customers/${id}/journey`, headers: { cookie: ws.admin.cookie } });
      return (res.json() as CustomerJourney).stage;
    };
    expect(await as(repeat)).toBe('in_sale');
    expect(await as(contract)).toBe('in_sale');
    expect(await as(quote)).toBe('pre_sale');
    // Another workspace's customer is not found.
    const other = await t.app.inject({ method: 'GET', url: `/api/customers/${ids.A}/journey`, headers: { cookie: ws.admin.cookie } });
    expect(other.statusCode).toBe(404);
  });
});

describe('the 360 timeline', () => {
  it("lists the customer's order status changes, newest first, next to the rest", async () => {
    const page = await get<{ items: { kind: string; title: string | null; channel: string | null; at: string }[] }>(`/api/customers/${ids.D}/timeline?limit=10`);
    const orders = page.items.filter((i) => i.kind === 'order');
    expect(orders.map((o) => o.title)).toEqual(['delivered:DH-D', 'shipping:DH-D', 'confirmed:DH-D']);
    expect(orders[0]).toMatchObject({ channel: 'test', at: '2026-01-05T02:00:00.000Z' });
    // The CSAT answer of 06/01 comes before (newer than) the delivery.
    expect(page.items[0]?.kind).toBe('survey');
  });
});
