import type { AppContext } from '../../../core/context.js';

/** The workspace a customers CLI command works on; a readable error when the id is wrong. */
export async function requireWorkspace(ctx: AppContext, id: string): Promise<{ id: string; name: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`--workspace must be a workspace id (uuid), got "${id}"`);
  const ws = await ctx.db.maybeOne<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE id = $1', [id]);
  if (!ws) throw new Error(`No workspace with id ${id}`);
  return ws;
}
