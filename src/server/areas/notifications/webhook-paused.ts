import type { AppContext } from '../../core/context.js';
import type { StoredEvent } from '../../core/db/types.js';
import { isEvent } from '../../core/events/types.js';
import { webhookPausedKey } from './rules.js';

const TEXTS = {
  vi: {
    subject: (name: string) => `Webhook "${name}" đã tạm dừng sau nhiều lần gửi lỗi`,
    text: (name: string, failures: number, url: string) =>
      `Đăng ký webhook "${name}" đã tạm dừng vì ${failures} lần gửi liên tiếp đều thất bại (mỗi lần đã thử lại nhiều lần).\n` +
      `Trong lúc tạm dừng, sự kiện mới không được gửi tới địa chỉ này.\n\n` +
      `Xem nhật ký gửi, sửa địa chỉ nhận rồi bấm "Tiếp tục": ${url}`,
  },
  en: {
    subject: (name: string) => `Webhook "${name}" was paused after repeated failed deliveries`,
    text: (name: string, failures: number, url: string) =>
      `The webhook subscription "${name}" was paused: ${failures} deliveries in a row failed (each after its retries).\n` +
      `While it is paused, new events are not sent to its URL.\n\n` +
      `Check the delivery log, fix the receiving end, then press "Resume": ${url}`,
  },
} as const;

/**
 * The admins' email for a subscription paused after repeated failures, once per pause: the cause is
 * recorded in notification_emails after sending and checked before (a reaction that runs again after a
 * crash between the two mails once more at most; an SMTP failure throws, so the reaction retries it).
 * Sent through the first channel that can reach staff (the workspace's mailbox); without one, the
 * in-app notice is all.
 */
export async function emailWebhookPaused(ctx: AppContext, e: StoredEvent): Promise<'sent' | 'skipped' | 'no_recipients' | 'no_mailbox'> {
  if (!isEvent(e, 'webhook.subscription_paused') || e.data.reason !== 'failures') return 'skipped';
  const workspaceId = e.workspace_id;
  const key = webhookPausedKey(e.id);
  if (await ctx.db.maybeOne('SELECT 1 FROM notification_emails WHERE workspace_id = $1 AND dedupe_key = $2', [workspaceId, key])) return 'skipped';
  const to = await ctx.db.query<{ name: string; email: string }>(
    `SELECT name, email FROM users WHERE workspace_id = $1 AND active AND role = 'admin' ORDER BY created_at`,
    [workspaceId],
  );
  if (to.length === 0) return 'no_recipients';
  const ws = await ctx.db.one<{ locale: string }>('SELECT locale FROM workspaces WHERE id = $1', [workspaceId]);
  const texts = ws.locale === 'en' ? TEXTS.en : TEXTS.vi;
  const base = (ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`).replace(/\/$/, '');
  const note = {
    to,
    subject: texts.subject(e.data.name),
    text: texts.text(e.data.name, e.data.consecutiveFailures, `${base}/settings/webhooks`),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-TanTam-Webhook-Subscription': e.subject_id },
  };
  for (const channel of ctx.channels.all()) {
    if (channel.notifyStaff && (await channel.notifyStaff(ctx, workspaceId, note))) {
      await ctx.db.query('INSERT INTO notification_emails (workspace_id, dedupe_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workspaceId, key]);
      return 'sent';
    }
  }
  return 'no_mailbox';
}
