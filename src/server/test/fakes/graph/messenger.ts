import crypto from 'node:crypto';
import type { TestApp } from '../../harness.js';
import { signMessengerWebhook } from '../../../areas/channels/messenger/index.js';
import type { FakeGraph, FakeGraphSend } from './server.js';

/** Test helpers of the Messenger channel: a Page connected through the API, signed webhook posts, event builders. */

export const APP_SECRET = 'app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'xac-minh-12345';

/** Connects the fake's Page through POST /api/channel-accounts (the settings' test calls the fake Graph). */
export async function connectPage(t: TestApp, cookie: string, fake: FakeGraph, config: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/channel-accounts',
    headers: { cookie },
    payload: {
      kind: 'messenger',
      name: 'Fanpage',
      config: { pageId: fake.pageId, pageName: fake.pageName, ...config },
      secrets: config.demo ? {} : { pageAccessToken: fake.token, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
    },
  });
  if (res.statusCode !== 201) throw new Error(`messenger page: ${res.statusCode} ${res.body}`);
  const a = res.json();
  return { id: a.id as string, key: a.address as string };
}

/** Posts a webhook body signed with the app secret (or with the headers / raw bytes given). */
export async function postWebhook(t: TestApp, key: string, body: unknown, opts: { secret?: string; headers?: Record<string, string>; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const headers = opts.headers ?? { 'content-type': 'application/json', 'x-hub-signature-256': signMessengerWebhook(opts.secret ?? APP_SECRET, raw) };
  const res = await t.app.inject({ method: 'POST', url: `/api/hooks/messenger/${key}`, headers, payload: raw });
  return { status: res.statusCode, body: res.json() };
}

/** A body of one or more entries: `{ object: "page", entry: [{ id, time, messaging }] }`. */
export const pageBody = (...entries: { pageId: string; events: unknown[] }[]) => ({
  object: 'page',
  entry: entries.map((e) => ({ id: e.pageId, time: Date.now(), messaging: e.events })),
});

export const newPsid = () => String(2_000_000_000_000_000 + crypto.randomInt(1_000_000_000_000));
export const newMid = () => 'm_' + crypto.randomBytes(18).toString('base64url');

/** A customer's message event. */
export function messageEvent(pageId: string, psid: string, message: Record<string, unknown>, at = Date.now()) {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp: at, message: { mid: newMid(), ...message } };
}

/** The echo Facebook posts for a message the Page sent (ours: with its metadata and our app id). */
export function echoOf(send: FakeGraphSend, at = Date.now()) {
  return {
    sender: { id: send.pageId },
    recipient: { id: send.body.recipient.id },
    timestamp: at,
    message: { is_echo: true, app_id: 1517776481860111, mid: send.messageId, ...(send.body.message.metadata ? { metadata: send.body.message.metadata } : {}), ...(send.body.message.text ? { text: send.body.message.text } : {}) },
  };
}

export const deliveryEvent = (pageId: string, psid: string, watermark: number, mids?: string[]) => ({
  sender: { id: psid },
  recipient: { id: pageId },
  delivery: { ...(mids ? { mids } : {}), watermark },
});

export const readEvent = (pageId: string, psid: string, watermark: number) => ({ sender: { id: psid }, recipient: { id: pageId }, timestamp: watermark + 10, read: { watermark } });
