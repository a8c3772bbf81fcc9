import type { AppContext } from '../../core/context.js';
import { getHelpCentre } from './commands/help-centre.js';

/** The public address of an article in the workspace's help centre (what the AI agent cites). */
export async function articleUrl(ctx: Pick<AppContext, 'db' | 'env'>, workspaceId: string, a: { lang: string; slug: string }): Promise<string> {
  const hc = await getHelpCentre(ctx.db, workspaceId);
  const base = ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`;
  return `${base.replace(/\/$/, '')}/help/${hc.slug}/${a.lang}/${a.slug}`;
}
