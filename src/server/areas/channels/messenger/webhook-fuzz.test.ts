import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedWorkspace, type SeededWorkspace, type TestApp } from '../../../test/harness.js';
import { startFakeGraph, type FakeGraph } from '../../../test/fakes/graph/server.js';
import { connectPage, postWebhook } from '../../../test/fakes/graph/messenger.js';
import { WEBHOOK_JOB } from './process.js';

/**
 * Signed deliveries of any shape (what a buggy or future Facebook might send): the webhook answers
 * 200 or 400, never 5xx, and the job that processes them never fails (an event it cannot read is
 * skipped, not retried forever).
 */
describe('Messenger webhook under fuzz (signed bodies of any shape)', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let fake: FakeGraph;
  let key: string;
  beforeAll(async () => {
    fake = await startFakeGraph();
    t = await createTestApp();
    t.ctx.env.GRAPH_API_BASE = fake.url;
    w = await seedWorkspace(t);
    key = (await connectPage(t, w.admin.cookie, fake)).key;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const id = () => fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(' '), fc.constant(''), fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String));
  const message = () =>
    fc.record(
      {
        mid: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('')),
        text: fc.string({ maxLength: 200 }),
        is_echo: fc.boolean(),
        metadata: fc.oneof(fc.string({ maxLength: 60 }), fc.constant('tantam:00000000-0000-0000-0000-000000000000')),
        quick_reply: fc.record({ payload: fc.oneof(fc.string(), fc.constant('TANTAM_SURVEY:abcdefghijkl:5')) }),
        reply_to: fc.record({ mid: fc.string({ maxLength: 20 }) }),
        attachments: fc.array(fc.record({ type: fc.constantFrom('image', 'file', 'fallback', 'template', 'sticker', 'x'), payload: fc.oneof(fc.constant(null), fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), sticker_id: fc.integer() }, { requiredKeys: [] })) }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
  const event = (pageId: string) =>
    fc.oneof(
      fc.anything(),
      fc.record(
        {
          sender: fc.record({ id: id() }),
          recipient: fc.record({ id: fc.oneof(id(), fc.constant(pageId)) }),
          timestamp: fc.oneof(fc.integer(), fc.double(), fc.constant(Date.now())),
          message: message(),
          delivery: fc.record({ mids: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), watermark: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
          read: fc.record({ watermark: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
          postback: fc.record({ mid: fc.string({ maxLength: 20 }), title: fc.string({ maxLength: 50 }), payload: fc.string({ maxLength: 50 }) }, { requiredKeys: [] }),
        },
        { requiredKeys: ['sender', 'recipient'] },
      ),
    );

  it('answers 200/400 and processes without a failed or retried job', async () => {
    // Cases a random run may miss: blank, overlong and odd-typed ids, an entry id as a number.
    const text = { mid: 'm_fuzz_fixed', text: 'x' };
    for (const sender of [' ', '', 'x'.repeat(400), -5, 1.5, null, { id: 1 }]) {
      const r = await postWebhook(t, key, { object: 'page', entry: [{ id: Number(fake.pageId), time: 1, messaging: [{ sender: { id: sender }, recipient: { id: fake.pageId }, timestamp: 1, message: text }] }] });
      expect([200, 400], JSON.stringify(sender)).toContain(r.status);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ object: fc.constantFrom('page', 'instagram', 'user'), entry: fc.array(fc.record({ id: fc.oneof(id(), fc.constant(fake.pageId)), time: fc.integer(), messaging: fc.array(event(fake.pageId), { maxLength: 4 }) }), { maxLength: 3 }) }),
        ),
        async (body) => {
          // fc.anything() may give undefined, which has no JSON: an empty body then.
          const r = await postWebhook(t, key, body, { raw: JSON.stringify(body) ?? '' });
          expect([200, 400]).toContain(r.status);
        },
      ),
      { numRuns: 60 },
    );
    await t.ctx.jobs.drain();
    const bad = await t.ctx.db.query<{ state: string; output: unknown }>(`SELECT state, output FROM pgboss.job WHERE name = $1 AND state IN ('retry', 'failed')`, [WEBHOOK_JOB]);
    expect(bad).toEqual([]);
  }, 300_000);
});
