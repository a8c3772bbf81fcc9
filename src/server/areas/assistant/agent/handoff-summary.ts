import type { AppContext } from '../../../core/context.js';
import type { Reaction } from '../../../core/events/reactions.js';
import { isEvent } from '../../../core/events/types.js';
import type { HandoffReason } from '../../../../shared/assistant.js';
import { HANDOFF_REASONS } from '../../../../shared/assistant.js';
import { toSearchText } from '../../../../shared/search-text.js';
import { addMessage, getTicket, lockTicket, type TicketRow } from '../../tickets/index.js';
import { endpointOf, loadSettingsRow } from '../commands/settings.js';
import { chat, LlmError, type LlmEndpoint } from '../llm/client.js';
import { asksAboutOrder, unsupportedFigures } from './grounding.js';
import { ordersOfCustomer, type OrderFact } from './lookups.js';
import { REASON_TEXT } from './respond.js';

/** What the summary is written from: the thread, what the AI tried, the order the conversation is about. */
interface Facts {
  lang: 'vi' | 'en';
  reason: HandoffReason;
  turns: number;
  inbound: string[];
  aiAnswers: string[];
  articles: string[];
  order: (OrderFact & { how: 'linked' | 'mentioned' | 'latest' }) | null;
}

const clip = (s: string, n = 200) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

async function gatherFacts(ctx: AppContext, t: TicketRow, reason: HandoffReason): Promise<Facts> {
  const ws = t.workspace_id;
  const locale = await ctx.db.one<{ locale: string }>('SELECT locale FROM workspaces WHERE id = $1', [ws]);
  const msgs = await ctx.db.query<{ direction: string; body: string; content_type: string; meta: Record<string, unknown> | null }>(
    `SELECT direction, body, content_type, meta FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction <> 'note' ORDER BY created_at, id LIMIT 200`,
    [ws, t.id],
  );
  const text = (m: { body: string; content_type: string }) => (m.content_type === 'html' ? m.body.replace(/<[^>]+>/g, ' ') : m.body);
  const inbound = msgs.filter((m) => m.direction === 'inbound').map(text);
  const aiMsgs = msgs.filter((m) => m.direction === 'outbound' && m.meta?.ai === true && !m.meta?.handoff);
  const articleIds = [...new Set(aiMsgs.flatMap((m) => (Array.isArray(m.meta?.articleIds) ? (m.meta.articleIds as string[]) : [])))];
  const articles = articleIds.length
    ? (await ctx.db.query<{ title: string }>('SELECT title FROM kb_articles WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY title', [ws, articleIds])).map((a) => a.title)
    : [];
  const conv = await ctx.db.maybeOne<{ turns: number }>('SELECT turns FROM assistant_conversations WHERE ticket_id = $1', [t.id]);
  // The order: the one the ticket is linked to, else one of the customer's own the thread names, else
  // their latest when they asked about an order. Only the customer's own orders are ever looked up.
  const orders = await ordersOfCustomer(ctx.db, ws, t.customer_id).catch(() => [] as OrderFact[]);
  const linked = t.order_id ? await ctx.db.maybeOne<{ code: string }>('SELECT code FROM orders WHERE workspace_id = $1 AND id = $2', [ws, t.order_id]) : undefined;
  const thread = toSearchText(msgs.map(text).join(' '));
  const byCode = (code: string) => orders.find((o) => o.code === code);
  let order: Facts['order'] = null;
  if (linked && byCode(linked.code)) order = { ...byCode(linked.code)!, how: 'linked' };
  const mentioned = orders.find((o) => thread.includes(toSearchText(o.code)));
  if (!order && mentioned) order = { ...mentioned, how: 'mentioned' };
  if (!order && orders[0] && inbound.some(asksAboutOrder)) order = { ...orders[0], how: 'latest' };
  return { lang: locale.locale === 'en' ? 'en' : 'vi', reason, turns: conv?.turns ?? aiMsgs.length, inbound, aiAnswers: aiMsgs.map(text), articles, order };
}

const STATUS = {
  vi: { draft: 'đang tạo', quote: 'báo giá', confirmed: 'đã xác nhận', paid: 'đã thanh toán', shipping: 'đang giao', delivered: 'đã giao', completed: 'hoàn tất', cancelled: 'đã huỷ', returned: 'đã trả hàng' } as Record<string, string>,
};

/** The summary without a model: sentences copied from the thread and the looked-up order, nothing else. */
export function extractiveSummary(f: Facts): string {
  const vi = f.lang === 'vi';
  const first = f.inbound[0];
  const last = f.inbound[f.inbound.length - 1];
  const need = first ? `"${clip(first)}"${last && last !== first ? (vi ? ` — tin mới nhất: "${clip(last)}"` : ` — latest: "${clip(last)}"`) : ''}` : vi ? '(không có tin nhắn)' : '(no message)';
  const tried = f.turns
    ? vi
      ? `AI đã trả lời ${f.turns} lượt${f.articles.length ? ` (bài: ${f.articles.map((a) => `"${a}"`).join(', ')})` : ''}; chuyển vì ${REASON_TEXT[f.reason].vi}.`
      : `The AI answered ${f.turns} time(s)${f.articles.length ? ` (articles: ${f.articles.map((a) => `"${a}"`).join(', ')})` : ''}; handed off because ${REASON_TEXT[f.reason].en}.`
    : vi
      ? `AI chưa trả lời; chuyển ngay vì ${REASON_TEXT[f.reason].vi}.`
      : `The AI did not answer; handed off at once because ${REASON_TEXT[f.reason].en}.`;
  const o = f.order;
  const order = o
    ? vi
      ? `${o.code} — ${STATUS.vi[o.status] ?? o.status}${o.deliveredAt ? `, giao ngày ${o.deliveredAt.split('-').reverse().join('/')}` : ''}${o.how === 'latest' ? ' (đơn gần nhất của khách)' : ''}`
      : `${o.code} — ${o.status}${o.deliveredAt ? `, delivered ${o.deliveredAt}` : ''}${o.how === 'latest' ? ' (the customer’s latest order)' : ''}`
    : vi
      ? 'không nhắc tới đơn nào'
      : 'none mentioned';
  return vi
    ? `📝 Tóm tắt cho nhân viên (trích từ hội thoại)\n• Khách cần: ${need}\n• Đã thử: ${tried}\n• Đơn hàng: ${order}`
    : `📝 Summary for the agent (extracted from the thread)\n• Customer needs: ${need}\n• Tried: ${tried}\n• Order: ${order}`;
}

/** The model's summary, or null (no answer, an error, or a figure the sources do not hold: never invented). */
async function modelSummary(ep: LlmEndpoint, f: Facts): Promise<string | null> {
  const vi = f.lang === 'vi';
  const data = {
    handoffReason: REASON_TEXT[f.reason][f.lang],
    aiTurns: f.turns,
    articlesUsed: f.articles,
    order: f.order,
  };
  const transcript = [...f.inbound.map((m) => `Customer: ${m}`), ...f.aiAnswers.map((m) => `AI: ${m}`)].join('\n').slice(-6000);
  const task = vi
    ? 'Viết tóm tắt ngắn (3 gạch đầu dòng, tiếng Việt) cho nhân viên tiếp nhận cuộc trò chuyện: khách cần gì; AI đã thử gì; đơn hàng liên quan (chỉ mã đơn có trong dữ liệu, nếu không có thì ghi "không có"). Không viết con số, mã, ngày nào không có trong hội thoại hoặc dữ liệu.'
    : 'Write a short summary (3 bullet points, English) for the agent taking over: what the customer needs; what the AI tried; the order referenced (only an order code present in the data, else "none"). Never write a number, code or date that is not in the transcript or the data.';
  try {
    const r = await chat(ep, [
      { role: 'system', content: task },
      { role: 'user', content: `Transcript:\n${transcript}\n\nData: ${JSON.stringify(data)}` },
    ], { temperature: 0.1, maxTokens: 300 });
    const text = (r.content ?? '').trim();
    if (!text) return null;
    if (unsupportedFigures(text, [transcript, JSON.stringify(data)]).length) return null;
    return text.slice(0, 2000);
  } catch (err) {
    if (err instanceof LlmError) return null;
    throw err;
  }
}

/**
 * Writes the hand-off summary for the agent as an internal note, once per hand-off: by the model when the
 * workspace has one (checked: a figure not in the thread or the looked-up data discards it), else — or
 * when the model fails — extracted from the thread. Runs as a durable job after the hand-off committed,
 * so the customer and the routing never wait for the model.
 */
export async function writeHandoffSummary(ctx: AppContext, workspaceId: string, ticketId: string, reason: HandoffReason): Promise<'model' | 'extractive' | 'skipped'> {
  const t = await getTicket(ctx.db, workspaceId, ticketId).catch(() => null);
  if (!t || t.merged_into_id) return 'skipped';
  const done = () => ctx.db.maybeOne(`SELECT 1 FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'note' AND meta->>'handoffSummary' = 'true'`, [workspaceId, ticketId]);
  if (await done()) return 'skipped';
  const facts = await gatherFacts(ctx, t, reason);
  const ep = endpointOf(ctx, await loadSettingsRow(ctx.db, workspaceId));
  const written = ep ? await modelSummary(ep, facts) : null;
  const source = written ? 'model' : 'extractive';
  const body = written ? `📝 ${facts.lang === 'vi' ? 'Tóm tắt cho nhân viên (AI)' : 'Summary for the agent (AI)'}\n${written}` : extractiveSummary(facts);
  return ctx.db.tx(async (tx) => {
    const locked = await lockTicket(tx, workspaceId, ticketId);
    if (await tx.maybeOne(`SELECT 1 FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'note' AND meta->>'handoffSummary' = 'true'`, [workspaceId, ticketId])) return 'skipped';
    await addMessage(tx, locked, {
      direction: 'note', authorUserId: null, channel: locked.channel, body, contentType: 'text', attachments: [], actor: { kind: 'ai', workspaceId },
      meta: { ai: true, handoffSummary: true, source, orderCode: facts.order?.code ?? null },
    });
    return source;
  });
}

/** After the AI agent hands a conversation to people, the summary for the agent (a durable job). */
export const handoffSummaryReaction: Reaction = {
  name: 'assistant.handoff_summary',
  handles: ['assistant.handed_off'],
  retryLimit: 3,
  async run(ctx, events) {
    for (const e of events) {
      if (!isEvent(e, 'assistant.handed_off')) continue;
      const reason = (HANDOFF_REASONS as readonly string[]).includes(e.data.reason) ? (e.data.reason as HandoffReason) : 'low_confidence';
      await writeHandoffSummary(ctx, e.workspace_id, e.subject_id, reason);
    }
  },
};
