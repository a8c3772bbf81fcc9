import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestContext, seedToken, seedWorkspace, type SeededWorkspace, type TestApp } from '../harness.js';
import { createWidget, nextIp, openAllWeek } from '../fixtures/webchat.js';
import { createPhoneEndpoint, SECRET } from '../fixtures/phone.js';
import { seedCustomer, seedRequest, templateId } from '../fixtures/survey-answers.js';
import { signCallWebhook } from '../../areas/channels/phone/index.js';

/*
 * Issue 9 (keep it proven): the public endpoints — the chat widget, the survey page and its JSON,
 * the inbound API, the signed phone webhook, setup and login — take anything: NUL bytes, lone
 * surrogates, huge strings and deeply nested values. Never a 5xx, and no error log line carries the
 * personal data we put into the requests (marked names and emails). Seeded, so a failure replays.
 */

// Personal data the requests carry; none of it may appear in a warning or error log line.
const PERSONAL = ['Nguyễn Bí Mật', 'bi.mat.fuzz@example.vn', '0912999888'];

// Personal data next to a NUL too: a query that fails on the NUL must not log the rest of its parameters.
const nasty = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ud83d\ude00', '\u202e', '\uffff', '%00', '\\u0000', '<script>', "'; --", '"', '{}', ...PERSONAL, ...PERSONAL.map((p) => `${p}\u0000`));
/** A string built from hostile pieces: NUL, lone surrogates, markers, random text, now and then huge. */
const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'Ạ\u0000'.repeat(n / 2)) },
);
/** Deep nesting (arrays or objects), past what any schema of ours accepts. */
const deep = fc.integer({ min: 20, max: 1_000 }).chain((depth) =>
  fc.boolean().map((asArray) => {
    let v: unknown = 'đáy';
    for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
    return v;
  }),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);
/** An object with the endpoint's own field names (so validation passes further) holding hostile values, sometimes valid ones. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(Object.fromEntries(Object.entries(fields).map(([k, valid]) => [k, fc.oneof(valid, anyValue)])), { requiredKeys: [] });

const uuid = fc.uuid();

/** Percent-encodes for a URL; a lone surrogate goes out as the invalid UTF-8 bytes a broken client would send. */
const enc = (s: string, max = 3000) =>
  Array.from(s.slice(0, max))
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');

describe('public endpoints under fuzz (fast-check): no 5xx, no personal data in error logs', () => {
  let t: TestApp;
  let w: SeededWorkspace;
  let widgetKey: string;
  let visitorToken: string;
  let apiToken: string;
  let phoneKey: string;
  let surveyToken: string;
  const logLines: { level: number; line: string }[] = [];

  beforeAll(async () => {
    const ctx = await createTestContext();
    await ctx.jobs.start(ctx, { work: false });
    // Every log line at info and above is kept, to look for personal data in the warnings and errors.
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          let level: number;
          try {
            level = JSON.parse(line).level ?? 0;
          } catch {
            level = 60; // not JSON: count it as an error line, to be safe
          }
          logLines.push({ level, line });
        }
        done();
      },
    });
    const app = await buildApp(ctx, { logger: { level: 'info', stream } });
    await app.ready();
    t = { app, ctx, close: async () => (await app.close(), await ctx.jobs.stop(), await ctx.close()) };
    w = await seedWorkspace(t, 'Shop Fuzz');
    await openAllWeek(t, w.workspaceId);
    widgetKey = (await createWidget(t, w.admin.cookie, { preChat: { name: 'optional', phone: 'optional', email: 'optional' } })).key;
    const s = await t.app.inject({ method: 'POST', url: `/api/widget/${widgetKey}/sessions`, payload: { name: 'Khách Fuzz' }, remoteAddress: nextIp() });
    visitorToken = s.json().visitorToken;
    apiToken = await seedToken(t, w.admin.cookie);
    phoneKey = (await createPhoneEndpoint(t, w.admin.cookie)).key;
    const customerId = await seedCustomer(t, w.admin.cookie, 'Khách Khảo Sát');
    surveyToken = (await seedRequest(t, { workspaceId: w.workspaceId, templateId: await templateId(t, w.workspaceId, 'csat'), type: 'csat', customerId })).token;
  });
  afterAll(() => t?.close());

  const failures: string[] = [];
  beforeEach(() => {
    failures.length = 0;
  });
  /** One request; a 5xx is recorded with what was sent (shortened) so the failure says which input did it. */
  async function hit(opts: InjectOptions & { url: string }) {
    const res = await t.app.inject({ remoteAddress: nextIp(), ...opts });
    if (res.statusCode >= 500) failures.push(`${opts.method} ${opts.url.slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)} ← ${JSON.stringify(opts.payload ?? '').slice(0, 300)}`);
    return res;
  }
  // Any arity: the properties here take one to three generated values.
  const run = <Ts extends [unknown, ...unknown[]]>(prop: fc.IAsyncProperty<Ts>, numRuns: number) => fc.assert(prop, { numRuns, seed: 9009, endOnFailure: true });

  it('the chat widget: config, sessions, messages (JSON and query), offline, files', async () => {
    const widget = (path: string) => `/api/widget/${widgetKey}${path}`;
    const headers = { 'x-visitor-token': '' };
    await run(
      fc.asyncProperty(hostileString, async (key) => {
        await hit({ method: 'GET', url: `/api/widget/${enc(key, 3000)}/config` });
      }),
      15,
    );
    await run(
      fc.asyncProperty(shaped({ name: fc.constant(PERSONAL[0]), phone: fc.constant(PERSONAL[2]), email: fc.constant(PERSONAL[1]), pageUrl: fc.webUrl(), locale: fc.constantFrom('vi', 'en'), visitorToken: fc.constant('wv_x') }), async (body) => {
        await hit({ method: 'POST', url: widget('/sessions'), payload: body as object });
      }),
      40,
    );
    headers['x-visitor-token'] = visitorToken;
    await run(
      fc.asyncProperty(
        shaped({ clientId: uuid, body: hostileString, attachments: fc.array(shaped({ filename: hostileString, contentType: fc.constantFrom('image/png', 'text/plain'), dataBase64: fc.constantFrom('iVBORw0KGgo=', 'YQ==') }), { maxLength: 3 }) }),
        async (body) => {
          await hit({ method: 'POST', url: widget('/messages'), payload: body as object, headers });
        },
      ),
      60,
    );
    await run(
      fc.asyncProperty(hostileString, hostileString, async (after, token) => {
        await hit({ method: 'GET', url: `${widget('/messages')}?after=${enc(after, 5000)}&token=${enc(token, 500)}` });
      }),
      20,
    );
    await run(
      fc.asyncProperty(shaped({ email: fc.constant(PERSONAL[1]), name: fc.constant(PERSONAL[0]), body: hostileString }), async (body) => {
        await hit({ method: 'POST', url: widget('/offline'), payload: body as object, headers });
      }),
      20,
    );
    await run(
      fc.asyncProperty(hostileString, hostileString, async (filename, text) => {
        const boundary = '----fuzz';
        const payload = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${crypto.randomUUID()}\r\n--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text.slice(0, 6000)}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename.replace(/["\r\n]/g, '').slice(0, 300)}"\r\nContent-Type: text/plain\r\n\r\nxin chào\r\n--${boundary}--\r\n`,
        );
        await hit({ method: 'POST', url: widget('/files'), payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
      }),
      15,
    );
    expect(failures).toEqual([]);
  });

  it('the survey page and its JSON', async () => {
    await run(
      fc.asyncProperty(hostileString, hostileString, async (score, lang) => {
        await hit({ method: 'GET', url: `/s/${surveyToken}?score=${enc(score, 3000)}&lang=${enc(lang, 100)}` });
      }),
      20,
    );
    await run(
      fc.asyncProperty(shaped({ score: fc.constantFrom('1', '5'), comment: hostileString, q_x: hostileString }), async (form) => {
        const payload = new URLSearchParams(Object.entries(form as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString();
        await hit({ method: 'POST', url: `/s/${surveyToken}`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      }),
      25,
    );
    await run(
      fc.asyncProperty(shaped({ score: fc.integer({ min: 1, max: 5 }), comment: hostileString, answers: fc.dictionary(hostileString, anyValue, { maxKeys: 3 }) }), async (body) => {
        await hit({ method: 'POST', url: `/api/public/surveys/${surveyToken}/answer`, payload: body as object });
      }),
      25,
    );
    await run(
      fc.asyncProperty(hostileString, async (token) => {
        await hit({ method: 'GET', url: `/api/public/surveys/${enc(token, 3000)}` });
      }),
      10,
    );
    expect(failures).toEqual([]);
  });

  it('the inbound API, the signed phone webhook, setup and login', async () => {
    const channel = fc.constantFrom('zalo', 'messenger', 'webchat', 'email', 'phone');
    await run(
      fc.asyncProperty(
        shaped({
          channel,
          externalId: hostileString,
          from: shaped({ kind: fc.constantFrom('zalo', 'phone', 'email'), value: fc.constantFrom(PERSONAL[1], PERSONAL[2], 'zalo-uid-1'), name: fc.constant(PERSONAL[0]) }),
          body: hostileString,
          subject: hostileString,
          attachments: fc.array(shaped({ filename: hostileString, contentType: fc.constant('text/plain'), dataBase64: fc.constant('YQ==') }), { maxLength: 2 }),
        }),
        async (body) => {
          await hit({ method: 'POST', url: '/api/inbound/messages', payload: body as object, headers: { authorization: `Bearer ${apiToken}` } });
        },
      ),
      50,
    );
    await run(
      fc.asyncProperty(
        fc.oneof(
          shaped({ callId: hostileString, event: fc.constantFrom('ringing', 'ended', 'missed'), direction: fc.constant('inbound'), from: fc.constant(PERSONAL[2]), to: hostileString, at: fc.constant(new Date().toISOString()), agent: shaped({ email: hostileString, name: fc.constant(PERSONAL[0]) }) }),
          fc.record({ events: fc.array(anyValue, { maxLength: 3 }) }),
          anyValue,
        ),
        async (body) => {
          const raw = JSON.stringify(body) ?? 'null';
          const ts = Math.floor(Date.now() / 1000);
          await hit({ method: 'POST', url: `/api/hooks/phone/${phoneKey}`, payload: raw, headers: { 'content-type': 'application/json', 'x-tantam-timestamp': String(ts), 'x-tantam-signature': signCallWebhook(SECRET, ts, raw) } });
        },
      ),
      40,
    );
    await run(
      fc.asyncProperty(shaped({ workspaceName: hostileString, name: fc.constant(PERSONAL[0]), email: fc.constant(PERSONAL[1]), password: hostileString }), async (body) => {
        await hit({ method: 'POST', url: '/api/setup', payload: body as object });
      }),
      15,
    );
    await run(
      fc.asyncProperty(shaped({ email: fc.constant(PERSONAL[1]), password: hostileString }), async (body) => {
        await hit({ method: 'POST', url: '/api/auth/login', payload: body as object });
      }),
      15,
    );
    expect(failures).toEqual([]);
  });

  it('wrote no personal data into a warning or error log line', () => {
    const bad = logLines.filter((l) => l.level >= 40 && PERSONAL.some((p) => l.line.includes(p)));
    expect(bad.map((l) => l.line.slice(0, 500))).toEqual([]);
  });
});
