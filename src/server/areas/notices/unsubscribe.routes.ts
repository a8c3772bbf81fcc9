import crypto from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { noticeByToken, unsubscribeByToken } from './commands/subscription.js';

type Lang = 'vi' | 'en';

const TEXTS = {
  vi: {
    title: 'Huỷ nhận thông báo đơn hàng',
    ask: (shop: string) => `Bạn sẽ không nhận thông báo về đơn hàng từ ${shop} nữa.`,
    confirm: 'Xác nhận huỷ đăng ký',
    done: (shop: string) => `Đã huỷ. ${shop} sẽ không gửi thông báo đơn hàng cho bạn nữa. Bạn vẫn có thể liên hệ cửa hàng như bình thường.`,
    notFound: 'Liên kết này không hợp lệ hoặc đã hết hạn.',
  },
  en: {
    title: 'Unsubscribe from order updates',
    ask: (shop: string) => `You will no longer receive order updates from ${shop}.`,
    confirm: 'Confirm unsubscribe',
    done: (shop: string) => `Done. ${shop} will not send you order updates any more. You can still contact the shop as usual.`,
    notFound: 'This link is not valid or has expired.',
  },
} as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, status: number, lang: Lang, inner: string) {
  const nonce = crypto.randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(TEXTS[lang].title)}</title><style nonce="${nonce}">
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f7f9;color:#1f2933;margin:0;display:flex;justify-content:center;padding:48px 16px}
main{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:28px;max-width:440px;width:100%}
h1{font-size:20px;margin:0 0 12px}p{line-height:1.5;margin:0 0 20px}
button{font:inherit;background:#1c7ed6;color:#fff;border:0;border-radius:8px;padding:12px 18px;min-height:44px;cursor:pointer;width:100%}
</style></head><body><main><h1>${esc(TEXTS[lang].title)}</h1>${inner}</main></body></html>`;
  return reply
    .status(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`)
    .header('X-Frame-Options', 'DENY')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .send(html);
}

const params = z.object({ token: z.string().max(200) });

/**
 * The public unsubscribe page of email notices. GET only asks (mail scanners open links; nothing
 * changes on a GET); the customer's POST confirms. The token in the link is the credential; an
 * unknown one gets the same friendly 404 whatever its shape.
 */
export const unsubscribePageRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, {}));

  app.get('/n/unsubscribe/:token', { schema: { hide: true, params } }, async (req, reply) => {
    const n = await noticeByToken(ctx.db, req.params.token);
    const lang: Lang = n?.language === 'en' ? 'en' : 'vi';
    if (!n?.customer_id) return page(reply, 404, lang, `<p>${esc(TEXTS[lang].notFound)}</p>`);
    return page(reply, 200, lang, `<p>${esc(TEXTS[lang].ask(n.workspace_name))}</p><form method="post"><button type="submit">${esc(TEXTS[lang].confirm)}</button></form>`);
  });

  app.post('/n/unsubscribe/:token', { schema: { hide: true, params } }, async (req, reply) => {
    const n = await noticeByToken(ctx.db, req.params.token);
    const lang: Lang = n?.language === 'en' ? 'en' : 'vi';
    if (!n?.customer_id || !(await unsubscribeByToken(ctx.db, req.params.token))) return page(reply, 404, lang, `<p>${esc(TEXTS[lang].notFound)}</p>`);
    return page(reply, 200, lang, `<p>${esc(TEXTS[lang].done(n.workspace_name))}</p>`);
  });
};
