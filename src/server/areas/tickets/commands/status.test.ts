import { describe, expect, it } from 'vitest';
import { classifyTransition } from './status.js';
import { progressFromEvents } from '../queries/ticket-detail.js';

describe('classifyTransition', () => {
  it('allows forward moves, skipping steps', () => {
    expect(classifyTransition('received', 'verified')).toBe('forward');
    expect(classifyTransition('received', 'resolved')).toBe('forward');
    expect(classifyTransition('responded', 'closed')).toBe('forward');
    expect(classifyTransition('routed', 'routed')).toBe('same');
  });

  it('reopens resolved or closed tickets to any open step, and lets closed go back to resolved', () => {
    expect(classifyTransition('resolved', 'received')).toBe('reopen');
    expect(classifyTransition('closed', 'responded')).toBe('reopen');
    expect(classifyTransition('closed', 'resolved')).toBe('back');
  });

  it('refuses going back between open steps', () => {
    expect(() => classifyTransition('responded', 'verified')).toThrow(/cannot move back/);
    expect(() => classifyTransition('routed', 'received')).toThrow(/cannot move back/);
  });
});

describe('progressFromEvents', () => {
  let id = 0;
  const ev = (type: string, data: Record<string, unknown>, actor = 'u1') => ({
    id: String(++id),
    type,
    data,
    actor_type: 'user',
    actor_id: actor,
    actor_name: actor.toUpperCase(),
    created_at: new Date(Date.UTC(2026, 10, 20, 8, id)),
  });

  it('takes each step from its latest arrival and forgets later steps after a reopen', () => {
    const events = [
      ev('ticket.created', {}),
      ev('ticket.status_changed', { from: 'received', to: 'routed' }, 'u2'),
      ev('ticket.status_changed', { from: 'routed', to: 'resolved' }, 'u3'),
      ev('ticket.status_changed', { from: 'resolved', to: 'verified' }, 'u4'),
      ev('ticket.status_changed', { from: 'verified', to: 'responded' }, 'u5'),
    ];
    const p = progressFromEvents(events, 'responded');
    expect(p.map((s) => [s.step, s.reached, s.by?.name ?? null])).toEqual([
      ['received', true, 'U1'],
      ['verified', true, 'U4'],
      ['routed', true, null], // reached before the reopen, skipped after it
      ['responded', true, 'U5'],
      ['resolved', false, null],
      ['closed', false, null],
    ]);
  });
});
