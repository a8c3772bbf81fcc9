import type { AppContext } from '../../../core/context.js';
import type { DraftRequest } from '../../../../shared/assistant.js';
import { articleUrl, guessLang, retrieveKnowledge, ticketQuestion } from '../../knowledge/index.js';
import { getTicket } from '../../tickets/index.js';
import { asksAboutOrder } from '../agent/grounding.js';
import { describeOrders, ordersOfCustomer } from '../agent/lookups.js';
import { chatStream, LlmError, type ChatMessage } from '../llm/client.js';
import { endpointOf, loadSettingsRow } from './settings.js';

/** One piece of a suggestion as it is streamed to the agent's browser. */
export type AssistChunk = { type: 'delta'; text: string } | { type: 'reset' } | { type: 'done'; source: 'model' | 'retrieval'; articles: { title: string; url: string }[] };

interface Context {
  lang: 'vi' | 'en';
  firstName: string;
  question: string;
  history: { direction: string; body: string; at: Date }[];
  passages: { title: string; passage: string; url: string }[];
  orders: Awaited<ReturnType<typeof ordersOfCustomer>>;
}

async function gather(ctx: AppContext, workspaceId: string, ticketId: string): Promise<Context> {
  const t = await getTicket(ctx.db, workspaceId, ticketId);
  const question = await ticketQuestion(ctx.db, workspaceId, ticketId);
  const lang = guessLang(question);
  const c = await ctx.db.maybeOne<{ name: string | null }>('SELECT name FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, t.customer_id]);
  const history = await ctx.db.query<{ direction: string; body: string; at: Date }>(
    `SELECT direction, body, created_at AS at FROM messages WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at DESC LIMIT 30`,
    [workspaceId, ticketId],
  );
  const hits = await retrieveKnowledge(ctx, workspaceId, question, { publishedOnly: true, lang, limit: 2 });
  const passages = await Promise.all(hits.filter((h) => h.confidence >= 0.3).map(async (h) => ({ title: h.article.title, passage: h.passage, url: await articleUrl(ctx, workspaceId, h.article) })));
  const orders = await ordersOfCustomer(ctx.db, workspaceId, t.customer_id).catch(() => []);
  const firstName = (c?.name ?? '').trim().split(/\s+/).pop() ?? '';
  return { lang, firstName, question, history: history.reverse(), passages, orders };
}

/** The suggestion without a model: built from the knowledge base, the history and the orders only. */
function offline(req: DraftRequest, c: Context): string {
  const vi = c.lang === 'vi';
  if (req.kind === 'rewrite') return politeRewrite(req.text ?? '', c.lang);
  if (req.kind === 'summary') {
    const inbound = c.history.filter((m) => m.direction === 'inbound');
    const lines = [
      vi ? `Tóm tắt (${c.history.length} tin nhắn):` : `Summary (${c.history.length} messages):`,
      inbound[0] ? `${vi ? '• Khách hỏi đầu tiên' : '• First asked'}: "${clip(inbound[0].body)}"` : '',
      inbound.length > 1 ? `${vi ? '• Tin mới nhất của khách' : '• Latest from the customer'}: "${clip(inbound[inbound.length - 1]!.body)}"` : '',
      c.history.some((m) => m.direction === 'outbound') ? `${vi ? '• Đã trả lời' : '• Replies sent'}: ${c.history.filter((m) => m.direction === 'outbound').length}` : '',
      c.orders[0] ? `${vi ? '• Đơn gần nhất' : '• Latest order'}: ${c.orders[0].code} (${c.orders[0].status})` : '',
      c.passages[0] ? `${vi ? '• Bài viết liên quan' : '• Related article'}: ${c.passages[0].title}` : '',
    ];
    return lines.filter(Boolean).join('\n');
  }
  const hello = vi ? `Dạ, em chào anh/chị${c.firstName ? ` ${c.firstName}` : ''} ạ.` : `Hello${c.firstName ? ` ${c.firstName}` : ''},`;
  const parts = [hello];
  if (asksAboutOrder(c.question) && c.orders.length) parts.push(vi ? `Em kiểm tra đơn hàng của anh/chị:\n${describeOrders(c.orders, 'vi')}` : `Here are your orders:\n${describeOrders(c.orders, 'en')}`);
  if (c.passages[0]) parts.push(`${c.passages[0].passage.split('\n').slice(c.passages[0].passage.includes('\n') ? 1 : 0).join('\n')}\n${vi ? 'Chi tiết' : 'Details'}: ${c.passages[0].url}`);
  if (parts.length === 1) parts.push(vi ? 'Em đã nhận được thông tin, em kiểm tra và phản hồi anh/chị ngay ạ.' : 'Thank you for your message; we are looking into it.');
  parts.push(vi ? 'Anh/chị cần hỗ trợ thêm gì cứ nhắn em nhé ạ.' : 'Let us know if there is anything else.');
  return parts.join('\n\n');
}

const clip = (s: string) => s.replace(/\s+/g, ' ').slice(0, 160);

/** "bạn" → "anh/chị", "mình" → "em", a "Dạ," in front and an "ạ" at the end: the shop's polite register. */
export function politeRewrite(text: string, lang: 'vi' | 'en'): string {
  const s = text.trim();
  if (!s) return s;
  if (lang === 'en') return /^(hello|hi|dear)/i.test(s) ? s : `Hello, ${s.charAt(0).toLowerCase()}${s.slice(1)}`;
  let out = s.replace(/\bbạn\b/g, 'anh/chị').replace(/\bBạn\b/g, 'Anh/chị').replace(/\bmình\b/g, 'em').replace(/\bMình\b/g, 'Em').replace(/\bko\b|\bk\b/g, 'không').replace(/\bđc\b|\bdc\b/g, 'được');
  if (!/^dạ\b/i.test(out)) out = `Dạ, ${out.charAt(0).toLowerCase()}${out.slice(1)}`;
  if (!/ạ[.!]?$/.test(out)) out = out.replace(/[.!]?$/, ' ạ.');
  return out;
}

function prompt(req: DraftRequest, c: Context): ChatMessage[] {
  const vi = c.lang === 'vi';
  const tone = vi
    ? 'Giọng của cửa hàng: mở đầu "Dạ", xưng "em", gọi khách "anh/chị", lịch sự, ngắn gọn.'
    : 'The shop’s tone: warm, polite, brief.';
  const sources = [
    c.passages.map((p) => `[${p.title}] ${p.passage}`).join('\n\n'),
    c.orders.length ? `Orders: ${JSON.stringify(c.orders)}` : '',
  ].filter(Boolean).join('\n\n');
  const thread = c.history.map((m) => `${m.direction === 'inbound' ? 'Customer' : m.direction === 'note' ? 'Note' : 'Agent'}: ${m.body}`).join('\n').slice(-6000);
  const task =
    req.kind === 'draft'
      ? `${vi ? 'Viết bản nháp câu trả lời tiếp theo cho khách bằng tiếng Việt.' : 'Write a draft of the next reply to the customer in English.'} ${tone} Use only facts in the sources; if unsure, say you will check.`
      : req.kind === 'summary'
        ? `${vi ? 'Tóm tắt cuộc trò chuyện cho nhân viên bằng tiếng Việt' : 'Summarise the conversation for an agent in English'} in 3–5 bullet points: what the customer wants, what was done, what is open.`
        : `${vi ? 'Viết lại đoạn sau cho lịch sự theo giọng cửa hàng, giữ nguyên ý, bằng tiếng Việt' : 'Rewrite the following in the shop’s tone, same meaning'}. ${tone}\n\n${req.text ?? ''}`;
  return [
    { role: 'system', content: `${task}\n\nSources:\n${sources || '(none)'}` },
    { role: 'user', content: thread || c.question },
  ];
}

/**
 * A suggestion for the agent (a reply draft, a summary, a rewrite): streamed from the model when the
 * workspace has one, else built from the knowledge base, history and orders. A model that fails before
 * its first word falls back to the offline suggestion; one that fails midway is reset and replaced.
 * Nothing is sent to the customer: the agent edits and sends it.
 */
export async function* assist(ctx: AppContext, workspaceId: string, ticketId: string, req: DraftRequest, signal?: AbortSignal): AsyncGenerator<AssistChunk> {
  const c = await gather(ctx, workspaceId, ticketId);
  const articles = c.passages.map((p) => ({ title: p.title, url: p.url }));
  const ep = endpointOf(ctx, await loadSettingsRow(ctx.db, workspaceId));
  if (ep) {
    let started = false;
    try {
      for await (const text of chatStream(ep, prompt(req, c), { signal })) {
        started = true;
        yield { type: 'delta', text };
      }
      if (started) {
        yield { type: 'done', source: 'model', articles };
        return;
      }
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      if (started) yield { type: 'reset' };
    }
  }
  yield { type: 'delta', text: offline(req, c) };
  yield { type: 'done', source: 'retrieval', articles };
}
