import { describe, expect, it } from 'vitest';
import { ticketSteps, type StepsInput } from './ticket-steps.js';

const agent = { type: 'user' as const, id: 'u1', name: 'Trần Minh Khoa' };
const base = (over: Partial<StepsInput> = {}): StepsInput => ({
  createdAt: '2026-12-01T02:00:00.000Z',
  status: 'received',
  category: null,
  team: null,
  firstResponseAt: null,
  progress: [{ step: 'received', reached: true, at: '2026-12-01T02:00:00.000Z', by: { type: 'customer', id: 'c1', name: 'Lê Thu Uyên' } }],
  activity: [],
  customer: { phone: null, email: null },
  ...over,
});
const done = (s: StepsInput) => Object.fromEntries(ticketSteps(s).steps.map((x) => [x.step, x.done]));

describe('ticketSteps', () => {
  it('has exactly the five steps of PRODUCT §2, status apart', () => {
    const r = ticketSteps(base());
    expect(r.steps.map((s) => s.step)).toEqual(['received', 'verified', 'routed', 'responded', 'rated']);
    expect(r.status).toBe('open');
    expect(r.doneCount).toBe(1);
    expect(r.next).toMatchObject({ step: 'verified', missing: ['customer_unidentified', 'no_category'] });
    expect(r.steps[0]).toMatchObject({ done: true, at: '2026-12-01T02:00:00.000Z', by: 'Lê Thu Uyên' });
  });

  it('verify needs a known customer (phone or email) and a category', () => {
    expect(done(base({ customer: { phone: '+84912345678', email: null } })).verified).toBe(false);
    expect(ticketSteps(base({ customer: { phone: '+84912345678', email: null } })).next?.missing).toEqual(['no_category']);
    expect(done(base({ category: 'Bảo hành' })).verified).toBe(false);
    const v = ticketSteps(
      base({
        customer: { phone: null, email: 'uyen@gmail.com' },
        category: 'Bảo hành',
        activity: [{ id: '1', type: 'ticket.category_changed', data: { from: null, to: 'Bảo hành' }, at: '2026-12-01T02:05:00.000Z', by: agent }],
      }),
    );
    expect(v.steps[1]).toMatchObject({ done: true, at: '2026-12-01T02:05:00.000Z', by: 'Trần Minh Khoa', missing: [] });
  });

  it('routed means the ticket has a team — a status that says "routed" without one is not enough', () => {
    const statusOnly = base({
      status: 'routed',
      progress: [...base().progress, { step: 'routed', reached: true, at: '2026-12-01T02:10:00.000Z', by: agent }],
    });
    expect(done(statusOnly).routed).toBe(false);
    const withTeam = base({
      team: { id: 't1', name: 'Kỹ thuật' },
      activity: [{ id: '2', type: 'ticket.team_changed', data: { from: null, to: 't1' }, at: '2026-12-01T02:10:00.000Z', by: agent }],
    });
    expect(ticketSteps(withTeam).steps[2]).toMatchObject({ done: true, by: 'Trần Minh Khoa' });
  });

  it('the first reply marks only "responded": verify and route stay open, and the bar says what is missing next', () => {
    const r = ticketSteps(base({ status: 'responded', firstResponseAt: '2026-12-01T02:20:00.000Z', customer: { phone: '+84912345678', email: null }, category: 'Giao hàng' }));
    expect(r.steps.map((s) => s.done)).toEqual([true, true, false, true, false]);
    expect(r.next).toMatchObject({ step: 'routed', missing: ['no_team'], done: false, at: null });
  });

  it('rated needs a survey answer; before resolution the survey has not gone out, after it the customer has not answered', () => {
    expect(ticketSteps(base()).steps[4].missing).toEqual(['not_resolved']);
    const resolved = ticketSteps(base({ status: 'resolved' }));
    expect(resolved.steps[4].missing).toEqual(['no_answer']);
    expect(resolved.status).toBe('resolved');
    const answered = ticketSteps(
      base({ status: 'closed', progress: [...base().progress, { step: 'rated', reached: true, at: '2026-12-02T09:00:00.000Z', by: { type: 'customer', id: 'c1', name: 'Lê Thu Uyên' } }] }),
    );
    expect(answered.steps[4]).toMatchObject({ done: true, by: 'Lê Thu Uyên' });
    expect(answered.status).toBe('closed');
    // A rating does not make the skipped steps done.
    expect(answered.steps.map((s) => s.done)).toEqual([true, false, false, false, true]);
    expect(answered.next?.step).toBe('verified');
  });

  it('all five done: nothing next', () => {
    const r = ticketSteps(
      base({
        status: 'closed',
        customer: { phone: '+84912345678', email: null },
        category: 'Bảo hành',
        team: { id: 't1', name: 'Bảo hành' },
        firstResponseAt: '2026-12-01T02:20:00.000Z',
        progress: [...base().progress, { step: 'rated', reached: true, at: '2026-12-02T09:00:00.000Z', by: null }],
      }),
    );
    expect(r.doneCount).toBe(5);
    expect(r.next).toBeNull();
  });
});
