import type { ChannelAccount } from '../../../core/channels/accounts.js';
import type { NewAttachment } from '../../../core/channels/types.js';
import type { AppContext } from '../../../core/context.js';
import { ingestInbound } from '../../tickets/index.js';
import { downloadAttachment } from './download.js';
import type { MessagingEvent, MessengerAttachment } from './events-schema.js';
import { linkProfile, profileName } from './profile.js';
import { parseSurveyPayload, recordSurveyTap } from './survey-replies.js';

/** What a message carried besides its text, as readable lines (a sticker, a shared link, a file too large to keep). */
function describe(a: MessengerAttachment): string {
  const url = a.payload?.url ?? a.url;
  if (a.payload?.sticker_id) return '(nhãn dán / sticker)';
  if (a.type === 'fallback' || a.type === 'template') return [a.title ?? a.payload?.title, url].filter(Boolean).join(' ') || `(${a.type})`;
  return `(${a.type}${url ? `: ${url}` : ''})`;
}

async function attachmentsOf(list: MessengerAttachment[] | undefined): Promise<{ files: NewAttachment[]; lines: string[] }> {
  const files: NewAttachment[] = [];
  const lines: string[] = [];
  for (const [i, a] of (list ?? []).entries()) {
    const url = a.payload?.url ?? a.url;
    const binary = ['image', 'video', 'audio', 'file'].includes(a.type) && !a.payload?.sticker_id;
    const file = binary && url ? await downloadAttachment(url, a.type, i + 1) : undefined;
    if (file) files.push(file);
    else lines.push(describe(a));
  }
  return { files, lines };
}

async function alreadyFiled(ctx: AppContext, ws: string, externalId: string) {
  return !!(await ctx.db.maybeOne('SELECT 1 FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3', [ws, 'messenger', externalId]));
}

/**
 * A customer's message (or a tapped button, a postback) → tickets' one inbound door, idempotent on the
 * mid: Facebook redelivers, and a duplicate changes nothing (checked first, so a redelivery downloads
 * nothing and asks for no profile). The PSID is the verified identity; the Page's profile gives the
 * name once. A reply to an earlier message threads by that message's mid; a survey quick reply
 * records its score like the survey page.
 */
export async function receiveMessage(ctx: AppContext, account: ChannelAccount, pageId: string, ev: MessagingEvent) {
  const ws = account.workspaceId;
  const psid = ev.sender.id;
  const m = ev.message;
  const postback = ev.postback;
  const externalId = m?.mid ?? postback?.mid ?? `postback:${psid}:${ev.timestamp ?? 0}:${postback?.payload ?? ''}`;
  if (await alreadyFiled(ctx, ws, externalId)) return;

  const { files, lines } = await attachmentsOf(m?.attachments);
  const text = m ? (m.text ?? '') : (postback?.title ?? postback?.payload ?? '');
  const body = [text, ...lines].filter((s) => s.trim() !== '').join('\n');
  const payload = m?.quick_reply?.payload ?? postback?.payload;
  const replyTo = m?.reply_to?.mid;
  const name = await profileName(ctx, account, pageId, psid);
  const res = await ingestInbound(
    ctx.db,
    {
      channel: 'messenger',
      externalId,
      from: { kind: 'messenger', value: psid, ...(name ? { name } : {}) },
      body,
      contentType: 'text',
      attachments: files,
      sentAt: ev.timestamp ? new Date(ev.timestamp) : undefined,
      channelAccountId: account.id,
      meta: {
        messenger: { psid, pageId, mid: externalId, ...(payload ? { payload } : {}), ...(replyTo ? { replyTo } : {}), ...(postback ? { postback: true } : {}) },
      },
      ...(replyTo ? { threading: { keys: [replyTo] } } : {}),
      threadKeys: [externalId],
    },
    { kind: 'system', workspaceId: ws },
  );
  if (res.duplicate) return;
  await linkProfile(ctx, ws, pageId, psid, res.customerId);
  const tap = parseSurveyPayload(payload);
  if (tap) await recordSurveyTap(ctx, tap.token, tap.score);
}
