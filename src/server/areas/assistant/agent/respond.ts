import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { businessMinutesBetween } from '../../../core/lib/business-hours.js';
import type { AgentChannel, HandoffReason } from '../../../../shared/assistant.js';
import { AGENT_CHANNELS, AI_BADGE_CHANNELS, aiPrefix } from '../../../../shared/assistant.js';
import { sentimentOf } from '../../ai/index.js';
import { articleUrl, guessLang, retrieveKnowledge, type RetrievalHit } from '../../knowledge/index.js';
import { segmentMembersFilter } from '../../segments/index.js';
import { addMessage, getTicket, loadCalendar, lockTicket, updateTicketInTx, type TicketRow } from '../../tickets/index.js';
import { aiLabelOf, endpointOf, loadSettingsRow } from '../commands/settings.js';
import { chat, LlmError, type ChatMessage, type LlmEndpoint } from '../llm/client.js';
import { asksAboutOrder, asksForHuman, unsupportedFigures } from './grounding.js';
import { AGENT_TOOLS, describeOrders, openTicketsOfCustomer, ordersOfCustomer } from './lookups.js';

type Decision =
  | { kind: 'answer'; text: string; source: 'retrieval' | 'model'; articles: RetrievalHit[] }
  | { kind: 'handoff'; reason: HandoffReason; articles: RetrievalHit[] };

/**
 * How an AI message is marked to the customer, so they always know they read a machine: the widget
 * shows a badge with the workspace's label; plain-text channels (Zalo, Messenger) get it as a prefix
 * ("🤖 Trợ lý AI: "). The label and the prefix are kept on the message for the agents' thread.
 */
export function aiMarked(label: string, channel: string, text: string): { body: string; meta: { ai: true; aiLabel: string; aiPrefix: string | null } } {
  const prefix = AI_BADGE_CHANNELS.includes(channel) ? null : aiPrefix(label);
  return { body: `${prefix ?? ''}${text}`, meta: { ai: true, aiLabel: label, aiPrefix: prefix } };
}

const aiActor = (workspaceId: string): Actor => ({ kind: 'ai', workspaceId });

interface MessageRowLite {
  id: string;
  ticket_id: string;
  customer_id: string;
  body: string;
  content_type: string;
  channel: string;
  direction: string;
}

/**
 * The AI agent's turn for one inbound customer message (a durable reaction; safe to run twice):
 * answers from the knowledge base and the customer's own orders/tickets, or hands the conversation
 * to a human (see decide()). It only speaks on a conversation nobody has picked up and only to the
 * customer's latest message; once handed off it stays silent on that ticket.
 */
export async function respondToMessage(ctx: AppContext, workspaceId: string, messageId: string): Promise<'answered' | 'handed_off' | 'skipped'> {
  const settings = await loadSettingsRow(ctx.db, workspaceId);
  const msg = await ctx.db.maybeOne<MessageRowLite>('SELECT id, ticket_id, customer_id, body, content_type, channel, direction FROM messages WHERE workspace_id = $1 AND id = $2', [workspaceId, messageId]);
  if (!msg || msg.direction !== 'inbound') return 'skipped';
  if (!(AGENT_CHANNELS as readonly string[]).includes(msg.channel) || !settings.agent_channels.includes(msg.channel as AgentChannel)) return 'skipped';
  if (!(await onSchedule(ctx, workspaceId, settings.agent_schedule))) return 'skipped';
  const ticket = await getTicket(ctx.db, workspaceId, msg.ticket_id);
  if (ticket.assignee_id || ticket.merged_into_id) return 'skipped';
  const conv = await ctx.db.maybeOne<{ state: string; turns: number; last_message_id: string | null }>('SELECT state, turns, last_message_id FROM assistant_conversations WHERE ticket_id = $1', [ticket.id]);
  if (conv?.state === 'handed_off' || conv?.last_message_id === msg.id) return 'skipped';
  // Answer the latest customer message only: a burst of messages gets one answer, to all of them.
  const latest = await ctx.db.one<{ id: string }>(`SELECT id FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'inbound' ORDER BY created_at DESC, id DESC LIMIT 1`, [workspaceId, ticket.id]);
  if (latest.id !== msg.id) return 'skipped';

  const text = msg.content_type === 'html' ? msg.body.replace(/<[^>]+>/g, ' ') : msg.body;
  const lang = guessLang(text);
  const decision = await decide(ctx, { workspaceId, ticket, text, lang, turns: conv?.turns ?? 0, settings });
  // Read before the transaction (the embedded database has one connection: no reads beside an open tx).
  const urls = decision.kind === 'answer' ? await Promise.all(decision.articles.slice(0, 1).map((a) => articleUrl(ctx, workspaceId, a.article))) : [];

  return ctx.db.tx(async (tx) => {
    await tx.query(`INSERT INTO assistant_conversations (ticket_id, workspace_id) VALUES ($1, $2) ON CONFLICT (ticket_id) DO NOTHING`, [ticket.id, workspaceId]);
    const now = await tx.one<{ state: string; turns: number; last_message_id: string | null }>('SELECT state, turns, last_message_id FROM assistant_conversations WHERE ticket_id = $1 FOR UPDATE', [ticket.id]);
    if (now.state === 'handed_off' || now.last_message_id === msg.id) return 'skipped';
    const t = await lockTicket(tx, workspaceId, ticket.id);
    if (t.assignee_id) return 'skipped';
    if (decision.kind === 'answer') {
      const marked = aiMarked(aiLabelOf(settings, lang), t.channel, `${decision.text}${urls.length ? `\n${lang === 'vi' ? 'Xem thêm' : 'More'}: ${urls[0]}` : ''}`);
      const { message } = await addMessage(tx, t, {
        direction: 'outbound', authorUserId: null, channel: t.channel, body: marked.body, contentType: 'text', attachments: [], automated: true, actor: aiActor(workspaceId),
        deliver: ctx.channels.sends(t.channel), meta: { ...marked.meta, aiSource: decision.source, articleIds: decision.articles.map((a) => a.article.id) },
      });
      await tx.query(`UPDATE assistant_conversations SET turns = turns + 1, last_message_id = $2, updated_at = now() WHERE ticket_id = $1`, [t.id, msg.id]);
      await appendEvent(tx, { workspaceId, type: 'assistant.answered', subjectType: 'ticket', subjectId: t.id, actor: aiActor(workspaceId), data: { messageId: message.id, source: decision.source, articleIds: decision.articles.map((a) => a.article.id) } });
      return 'answered';
    }
    await handOff(ctx, tx, t, { reason: decision.reason, lang, label: aiLabelOf(settings, lang), turns: now.turns, customerText: text, articles: decision.articles, teamId: settings.handoff_team_id, messageId: msg.id });
    return 'handed_off';
  });
}

async function onSchedule(ctx: AppContext, workspaceId: string, schedule: string): Promise<boolean> {
  if (schedule === 'always') return true;
  const cal = await loadCalendar(ctx.db, workspaceId);
  const now = new Date();
  const open = businessMinutesBetween(now, new Date(now.getTime() + 60_000), cal) > 0;
  return schedule === 'business_hours' ? open : !open;
}

interface DecideInput {
  workspaceId: string;
  ticket: TicketRow;
  text: string;
  lang: 'vi' | 'en';
  turns: number;
  settings: Awaited<ReturnType<typeof loadSettingsRow>>;
}

/** Answer or hand off, and why: the rules first (asked for a person, VIP segment, mood, turns), then retrieval or the model. */
export async function decide(ctx: AppContext, i: DecideInput): Promise<Decision> {
  const { workspaceId, ticket, text, lang, settings } = i;
  if (asksForHuman(text)) return { kind: 'handoff', reason: 'asked_for_human', articles: [] };
  if (await inHandoffSegment(ctx, workspaceId, ticket.customer_id, settings.handoff_segment_ids)) return { kind: 'handoff', reason: 'segment', articles: [] };
  const mood = await sentimentOf(ctx, workspaceId, text).catch(() => null);
  if (mood?.sentiment === 'negative' && mood.confidence >= 0.6) return { kind: 'handoff', reason: 'negative_sentiment', articles: [] };
  if (i.turns >= settings.max_turns) return { kind: 'handoff', reason: 'max_turns', articles: [] };

  // With an embeddings endpoint, retrieval is hybrid (BM25 + embeddings); without one or when it fails, BM25.
  const sameLang = await retrieveKnowledge(ctx, workspaceId, text, { publishedOnly: true, lang, limit: 3, anyLangIfNone: true });
  const best = sameLang[0];
  const confident = best && best.confidence >= settings.threshold;
  const endpoint = endpointOf(ctx, settings);

  if (!endpoint) {
    if (asksAboutOrder(text)) {
      const orders = await ordersOfCustomer(ctx.db, workspaceId, ticket.customer_id);
      if (!orders.length) return { kind: 'handoff', reason: 'low_confidence', articles: [] };
      const intro = lang === 'vi' ? 'Dạ, đơn hàng gần đây của anh/chị:' : 'Here are your latest orders:';
      return { kind: 'answer', text: `${intro}\n${describeOrders(orders, lang)}`, source: 'retrieval', articles: [] };
    }
    if (!confident) return { kind: 'handoff', reason: 'low_confidence', articles: sameLang };
    return { kind: 'answer', text: retrievalAnswer(best, lang), source: 'retrieval', articles: [best] };
  }
  return modelAnswer(ctx, endpoint, { ...i, hits: sameLang.filter((h) => h.confidence >= settings.threshold / 2) });
}

/** An article's Markdown as a chat message reads it: no emphasis marks or heading hashes (chat shows them raw). */
function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function retrievalAnswer(hit: RetrievalHit, lang: 'vi' | 'en'): string {
  const passage = hit.passage.split('\n');
  // The heading line of the passage, if any, reads as the topic.
  const body = plainText(passage.length > 1 && passage[0]!.length < 80 ? passage.slice(1).join('\n') : hit.passage);
  return lang === 'vi' ? `Dạ, theo bài "${hit.article.title}":\n${body}` : `From "${hit.article.title}":\n${body}`;
}

async function inHandoffSegment(ctx: AppContext, workspaceId: string, customerId: string, segmentIds: string[]): Promise<boolean> {
  for (const id of segmentIds) {
    try {
      const filter = await segmentMembersFilter(ctx.db, workspaceId, id);
      const params: unknown[] = [workspaceId];
      const members = filter(params);
      params.push(customerId);
      const r = await ctx.db.maybeOne(`SELECT 1 FROM (${members}) m WHERE m.id = $${params.length}`, params);
      if (r) return true;
    } catch {
      // A deleted segment no longer marks anyone.
    }
  }
  return false;
}

const SYSTEM_VI = `Bạn là trợ lý AI chăm sóc khách hàng của một cửa hàng điện máy tại Việt Nam. Trả lời ngắn gọn, lịch sự, xưng "em", gọi khách là "anh/chị", mở đầu bằng "Dạ".
CHỈ dùng thông tin trong các đoạn trích kho kiến thức dưới đây và dữ liệu tra cứu bằng công cụ (đơn hàng, yêu cầu của chính khách này). Không bịa mã đơn, ngày, giá, chính sách.
Nếu thông tin không có trong nguồn, hoặc khách cần người thật, hãy gọi công cụ handoff_to_human.`;
const SYSTEM_EN = `You are the AI customer-care assistant of an electronics shop. Answer briefly and politely.
Use ONLY the knowledge-base passages below and data looked up with the tools (this customer's own orders and tickets). Never invent order codes, dates, prices or policies.
If the answer is not in those sources, or the customer needs a person, call handoff_to_human.`;

/** The model's answer with tools for the lookups; any failure, an unsupported figure or its own request hands off. */
async function modelAnswer(ctx: AppContext, ep: LlmEndpoint, i: DecideInput & { hits: RetrievalHit[] }): Promise<Decision> {
  const { workspaceId, ticket, text, lang, hits } = i;
  const passages = hits.map((h, n) => `[${n + 1}] ${h.article.title}\n${h.passage}`).join('\n\n');
  const history = await ctx.db.query<{ direction: string; body: string }>(
    `SELECT direction, body FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction <> 'note' ORDER BY created_at DESC LIMIT 6`,
    [workspaceId, ticket.id],
  );
  const messages: ChatMessage[] = [
    { role: 'system', content: `${lang === 'vi' ? SYSTEM_VI : SYSTEM_EN}\n\n${lang === 'vi' ? 'Đoạn trích' : 'Passages'}:\n${passages || '(none)'}` },
    ...history.reverse().slice(0, -1).map((m): ChatMessage => (m.direction === 'inbound' ? { role: 'user', content: m.body } : { role: 'assistant', content: m.body })),
    { role: 'user', content: text },
  ];
  const sources = [text, ...hits.map((h) => `${h.article.title} ${h.passage}`)];
  try {
    for (let round = 0; round < 3; round++) {
      const r = await chat(ep, messages, { tools: AGENT_TOOLS });
      if (r.toolCalls.length) {
        messages.push({ role: 'assistant', content: r.content, tool_calls: r.toolCalls });
        for (const call of r.toolCalls) {
          if (call.function.name === 'handoff_to_human') return { kind: 'handoff', reason: 'model_handoff', articles: hits };
          let out: unknown;
          if (call.function.name === 'get_my_orders') out = await ordersOfCustomer(ctx.db, workspaceId, ticket.customer_id);
          else if (call.function.name === 'get_my_open_tickets') out = await openTicketsOfCustomer(ctx.db, workspaceId, ticket.customer_id, ticket.id);
          else out = { error: 'unknown tool' };
          const json = JSON.stringify(out);
          sources.push(json);
          messages.push({ role: 'tool', tool_call_id: call.id, content: json });
        }
        continue;
      }
      const answer = (r.content ?? '').trim();
      if (!answer || /\bHANDOFF\b/.test(answer)) return { kind: 'handoff', reason: 'model_handoff', articles: hits };
      // Grounded in passages or lookups, or nothing at all to stand on.
      if (!hits.length && sources.length === 1 + hits.length) return { kind: 'handoff', reason: 'low_confidence', articles: hits };
      if (unsupportedFigures(answer, sources).length) return { kind: 'handoff', reason: 'unsupported_claim', articles: hits };
      return { kind: 'answer', text: answer.slice(0, 2000), source: 'model', articles: hits.filter((h) => h.confidence >= i.settings.threshold).slice(0, 1) };
    }
    return { kind: 'handoff', reason: 'model_error', articles: hits };
  } catch (err) {
    if (err instanceof LlmError) return { kind: 'handoff', reason: 'model_error', articles: hits };
    throw err;
  }
}

export const REASON_TEXT: Record<HandoffReason, { vi: string; en: string }> = {
  asked_for_human: { vi: 'khách muốn gặp nhân viên', en: 'the customer asked for a person' },
  low_confidence: { vi: 'không tìm thấy câu trả lời đủ chắc chắn trong kho kiến thức', en: 'no confident answer in the knowledge base' },
  negative_sentiment: { vi: 'khách có vẻ không hài lòng', en: 'the customer seems unhappy' },
  segment: { vi: 'khách thuộc nhóm được ưu tiên nhân viên (VIP)', en: 'the customer is in a segment served by people (VIP)' },
  max_turns: { vi: 'đã trả lời nhiều lượt mà chưa xong', en: 'several AI turns without resolution' },
  model_error: { vi: 'mô hình AI không trả lời được (lỗi hoặc quá thời gian)', en: 'the model failed (error or timeout)' },
  unsupported_claim: { vi: 'câu trả lời của mô hình có thông tin không có trong nguồn, đã chặn', en: 'the model’s answer had facts not in the sources and was withheld' },
  model_handoff: { vi: 'mô hình đề nghị chuyển cho nhân viên', en: 'the model asked for a person' },
};

/**
 * Hands the conversation to people: routes the ticket to the hand-off team (its round-robin picks
 * someone), leaves an internal note with a summary for the agent, tells the customer (marked AI),
 * and the AI stays silent on this ticket from then on.
 */
async function handOff(
  ctx: AppContext,
  tx: Tx,
  t: TicketRow,
  h: { reason: HandoffReason; lang: 'vi' | 'en'; label: string; turns: number; customerText: string; articles: RetrievalHit[]; teamId: string | null; messageId: string },
) {
  const actor = aiActor(t.workspace_id);
  let ticket = t;
  if (h.teamId && h.teamId !== t.team_id) ticket = await updateTicketInTx(tx, t.id, { teamId: h.teamId }, actor);
  const summary = [
    `🤖 Chuyển cho nhân viên — ${REASON_TEXT[h.reason].vi}.`,
    `Khách hỏi: "${h.customerText.replace(/\s+/g, ' ').slice(0, 300)}"`,
    `AI đã trả lời ${h.turns} lượt.`,
    h.articles.length ? `Bài viết liên quan: ${h.articles.slice(0, 3).map((a) => a.article.title).join('; ')}` : '',
  ].filter(Boolean).join('\n');
  await addMessage(tx, ticket, { direction: 'note', authorUserId: null, channel: ticket.channel, body: summary, contentType: 'text', attachments: [], actor, meta: { ai: true, aiLabel: h.label, handoff: true, reason: h.reason } });
  const tell = h.lang === 'vi' ? 'Dạ, em đã chuyển cuộc trò chuyện cho nhân viên hỗ trợ, anh/chị vui lòng đợi trong giây lát ạ.' : 'I have passed this conversation to a member of our team; they will reply shortly.';
  const marked = aiMarked(h.label, ticket.channel, tell);
  await addMessage(tx, ticket, {
    direction: 'outbound', authorUserId: null, channel: ticket.channel, body: marked.body, contentType: 'text', attachments: [], automated: true, actor,
    deliver: ctx.channels.sends(ticket.channel), meta: { ...marked.meta, handoff: true },
  });
  await tx.query(`UPDATE assistant_conversations SET state = 'handed_off', handoff_reason = $2, handed_off_at = now(), last_message_id = $3, updated_at = now() WHERE ticket_id = $1`, [t.id, h.reason, h.messageId]);
  await appendEvent(tx, { workspaceId: t.workspace_id, type: 'assistant.handed_off', subjectType: 'ticket', subjectId: t.id, actor, data: { reason: h.reason, turns: h.turns, teamId: ticket.team_id } });
}
