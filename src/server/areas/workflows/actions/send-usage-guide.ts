import type { Sql } from '../../../core/db/types.js';
import type { ActionConfig } from '../../../../shared/workflow-actions.js';
import { articleUrl, guessLang, usageGuidesFor } from '../../knowledge/index.js';
import { sendMessageAction } from './send-message.js';
import { actionError, requireCustomer, summary, type CustomerInfo } from './support.js';
import type { ActionInput, WorkflowAction } from './types.js';

type Config = ActionConfig<'send_usage_guide'>;

interface OrderLite {
  id: string;
  code: string;
}

/** The run's order (it must be the customer's own), else the customer's latest delivered order. */
async function orderOf(sql: Sql, input: ActionInput, customer: CustomerInfo): Promise<OrderLite> {
  const ws = input.workspaceId;
  const o = input.subject.orderId
    ? await sql.maybeOne<OrderLite>('SELECT id, code FROM orders WHERE workspace_id = $1 AND id = $2', [ws, input.subject.orderId])
    : await sql.maybeOne<OrderLite>(
        `SELECT id, code FROM orders WHERE workspace_id = $1 AND customer_id = $2 AND kind = 'order' AND status IN ('delivered', 'completed') AND delivered_at IS NOT NULL ORDER BY delivered_at DESC, id LIMIT 1`,
        [ws, customer.id],
      );
  if (!o) throw actionError('no_order', 'This action needs a delivered order, and the trigger gave none');
  return o;
}

/** The language to write in: the customer's own last message's, else the workspace's. */
async function langOf(sql: Sql, workspaceId: string, customerId: string): Promise<'vi' | 'en'> {
  const m = await sql.maybeOne<{ body: string }>(`SELECT body FROM messages WHERE workspace_id = $1 AND customer_id = $2 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1`, [workspaceId, customerId]);
  if (m) return guessLang(m.body);
  const w = await sql.one<{ locale: string }>('SELECT locale FROM workspaces WHERE id = $1', [workspaceId]);
  return w.locale === 'en' ? 'en' : 'vi';
}

const INTRO = {
  vi: (code: string) => `Dạ, {{workspace.name}} cảm ơn {{customer.salutation}} đã mua hàng. Gửi {{customer.pronoun}} hướng dẫn sử dụng sản phẩm trong đơn ${code}:`,
  en: (code: string) => `Thank you for shopping with {{workspace.name}}, {{customer.first_name}}. Here is how to get the most out of the products in order ${code}:`,
};

/**
 * Sends the usage guides of a delivered order's products (seed 2, step 4: "N ngày sau giao hàng → gửi
 * hướng dẫn sử dụng"): matched by SKU, product name or category tag on published articles
 * (knowledge's usageGuidesFor), written as one message with each article's title and help-centre link,
 * and delivered exactly as send_message does — the conversation's channel while its window is open, else
 * the fallback — with its idempotency and test-run behaviour. No matching article: a logged no-op.
 */
export const sendUsageGuideAction: WorkflowAction<Config> = {
  type: 'send_usage_guide',
  async run(input, config) {
    const { ctx } = input;
    const customer = await requireCustomer(ctx.db, input);
    const order = await orderOf(ctx.db, input, customer);
    const items = await ctx.db.query<{ sku: string; name: string }>('SELECT sku, name FROM order_items WHERE workspace_id = $1 AND order_id = $2 ORDER BY position', [input.workspaceId, order.id]);
    const lang = await langOf(ctx.db, input.workspaceId, customer.id);
    const guides = await usageGuidesFor(ctx.db, input.workspaceId, items, { lang, requireTag: config.requireTag ?? null, limit: config.maxArticles });
    if (!guides.length) {
      return { summary: summary('send_usage_guide_none', { order: order.code }), output: { orderId: order.id, articleIds: [], ...(input.dryRun ? { dryRun: true } : {}) } };
    }
    const links = await Promise.all(guides.map(async (g) => `• ${g.article.title}: ${await articleUrl(ctx, input.workspaceId, g.article)}`));
    const intro = config.intro ?? INTRO[guides[0]!.article.lang](order.code);
    const body = `${intro}\n${links.join('\n')}`;
    const sent = await sendMessageAction.run(input, { body, channel: config.channel, fallback: config.fallback });
    return {
      summary: summary('send_usage_guide', { count: guides.length, order: order.code, channel: String(sent.output?.channel ?? '') }),
      output: { ...sent.output, orderId: order.id, articleIds: guides.map((g) => g.article.id), matchedBy: guides.map((g) => g.matchedBy) },
    };
  },
};
