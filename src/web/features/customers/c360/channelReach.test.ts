import { describe, expect, it } from 'vitest';
import type { Customer360 } from '../../../../shared/customers';
import { channelReachOf } from './channelReach';

type Data = Pick<Customer360, 'customer' | 'identities' | 'tickets'>;
const data = (attributes: Record<string, unknown>, identities: [string, string][], tickets: [string, string, string][]): Data =>
  ({
    customer: { attributes } as Customer360['customer'],
    identities: identities.map(([kind, value], i) => ({ id: `i${i}`, kind, value })) as Customer360['identities'],
    tickets: tickets.map(([id, channel, updatedAt], n) => ({ id, channel, updatedAt, number: n, subject: '', status: 'responded', priority: 'normal' })) as Customer360['tickets'],
  });

describe('channel reach on the customer 360', () => {
  it('lists Zalo and Messenger only, with the latest ticket per channel and the Zalo consent', () => {
    const d = data(
      { zalo: { userId: '1234567890123456789', follower: false, followChangedAt: '2026-12-01T02:00:00Z', displayName: 'Nam Trần' } },
      [['phone', '+84912345678'], ['zalo', '1234567890123456789'], ['messenger', '9988776655']],
      [['t1', 'zalo', '2026-11-01T00:00:00Z'], ['t2', 'zalo', '2026-12-02T00:00:00Z'], ['t3', 'email', '2026-12-03T00:00:00Z']],
    );
    expect(channelReachOf(d)).toEqual([
      { channel: 'zalo', ids: ['1234567890123456789'], displayName: 'Nam Trần', latestTicketId: 't2', following: false, followChangedAt: '2026-12-01T02:00:00Z' },
      { channel: 'messenger', ids: ['9988776655'], displayName: null, latestTicketId: null, following: null, followChangedAt: null },
    ]);
  });

  it('shows nothing for a customer never met on those channels; consent unknown when Zalo said nothing', () => {
    expect(channelReachOf(data({}, [['email', 'a@b.vn']], []))).toEqual([]);
    expect(channelReachOf(data({ zalo: 'garbage' }, [['zalo', '1']], []))[0]).toMatchObject({ following: null, displayName: null });
  });
});
