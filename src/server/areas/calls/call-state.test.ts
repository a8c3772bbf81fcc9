import { describe, expect, it } from 'vitest';
import { foldCallEvents, type StoredCallEvent } from './call-state.js';
import type { CallEvent } from './call-event.js';

const T0 = Date.parse('2026-11-20T07:00:00Z');
const ev = (event: CallEvent['event'], s: number, extra: Partial<CallEvent> = {}): StoredCallEvent => {
  const payload: CallEvent = { callId: 'c', event, direction: 'inbound', from: '+84912345678', to: '19001234', at: new Date(T0 + s * 1000).toISOString(), ...extra };
  return { event, at: new Date(payload.at), payload };
};
const permutations = <T,>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

describe('foldCallEvents', () => {
  it('is a function of the set: every order, with repeats, gives the same state', () => {
    const set = [
      ev('ringing', 0),
      ev('answered', 15, { agent: { email: 'Lan@Shop.vn', extension: '101' } }),
      ev('ended', 200, { talkSeconds: 185, recordingUrl: 'https://pbx.example.vn/r/1.mp3' }),
      ev('ended', 230, { wrapUpSeconds: 30 }), // the PBX reports wrap-up in a later 'ended'
    ];
    const states = permutations(set).map((p) => foldCallEvents([...p, ...p.slice(0, 2)]));
    expect(states).toHaveLength(24);
    for (const s of states) expect(s).toEqual(states[0]);
    expect(states[0]).toMatchObject({
      status: 'ended', waitSeconds: 15, talkSeconds: 185, wrapUpSeconds: 30, missed: false, abandoned: false,
      agentEmail: 'lan@shop.vn', agentExtension: '101', recordingUrl: 'https://pbx.example.vn/r/1.mp3',
      events: ['ringing', 'answered', 'ended'],
    });
    expect(states[0].endedAt?.toISOString()).toBe(new Date(T0 + 230_000).toISOString());
  });

  it('never steps back: a late ringing after the end keeps the call ended, an answer beats a stray missed', () => {
    expect(foldCallEvents([ev('ended', 100), ev('ringing', 0)]).status).toBe('missed');
    expect(foldCallEvents([ev('answered', 5), ev('ringing', 0)]).status).toBe('answered');
    expect(foldCallEvents([ev('missed', 40), ev('answered', 5), ev('ringing', 0)]).status).toBe('ended');
    expect(foldCallEvents([ev('missed', 3), ev('answered', 5), ev('ringing', 0)]).status).toBe('answered');
  });

  it('treats a ring group\'s missed-then-answered as an answered call, in every order', () => {
    const set = [ev('ringing', 0), ev('missed', 20, { agent: { extension: '101' } }), ev('answered', 25, { agent: { extension: '102' } }), ev('ended', 205)];
    const states = permutations(set).map((p) => foldCallEvents(p));
    for (const s of states) expect(s).toEqual(states[0]);
    expect(states[0]).toMatchObject({ status: 'ended', missed: false, abandoned: false, waitSeconds: 25, talkSeconds: 180, agentExtension: '102' });
    expect(foldCallEvents(set.slice(0, 3))).toMatchObject({ status: 'answered', endedAt: null, missed: false });
  });

  it('derives times the PBX left out, and tells abandoned from rejected', () => {
    const answered = foldCallEvents([ev('ringing', 0), ev('answered', 9), ev('ended', 129)]);
    expect(answered).toMatchObject({ waitSeconds: 9, talkSeconds: 120, wrapUpSeconds: null });
    // The caller hung up while waiting: missed and abandoned.
    expect(foldCallEvents([ev('ringing', 0), ev('ended', 42)])).toMatchObject({ status: 'missed', waitSeconds: 42, talkSeconds: 0, abandoned: true });
    // Rejected at once (busy, outside hours): missed, not abandoned.
    expect(foldCallEvents([ev('missed', 0, { waitSeconds: 0 })])).toMatchObject({ status: 'missed', abandoned: false });
    // Outbound calls nobody answered are missed but never "abandoned" (that is a queue measure).
    expect(foldCallEvents([ev('ringing', 0, { direction: 'outbound' }), ev('ended', 30, { direction: 'outbound' })])).toMatchObject({ missed: true, abandoned: false });
  });
});
