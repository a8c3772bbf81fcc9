import type { AppContext } from '../../../core/context.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { TemplateLangSchema } from '../../../../shared/workflow-templates.js';
import { createWorkflow, publishWorkflow, setEnabled } from '../commands/workflow-commands.js';
import { seedDefaultWorkflows } from './seed.js';

/**
 * Gives a workspace its default workflows (the SLA escalation), published and on, in its language, made
 * in the name of an admin (the given one, else the first active admin; the workflow's history shows who).
 * Idempotent: a template the workspace already has a workflow from is skipped. Returns the ids made
 * (none when the workspace has no active admin to act as).
 */
export async function seedDefaultWorkflowsFor(ctx: Pick<AppContext, 'db'>, workspaceId: string, adminId?: string | null): Promise<string[]> {
  const ws = await ctx.db.maybeOne<{ locale: string }>('SELECT locale FROM workspaces WHERE id = $1', [workspaceId]);
  const admin = await ctx.db.maybeOne<{ id: string; name: string }>(
    `SELECT id, name FROM users WHERE workspace_id = $1 AND active AND role = 'admin' AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY created_at, id LIMIT 1`,
    [workspaceId, adminId ?? null],
  );
  if (!ws || !admin) return [];
  const actor: AuthedActor = { kind: 'user', id: admin.id, workspaceId, role: 'admin', name: admin.name };
  const lang = TemplateLangSchema.catch('vi').parse(ws.locale);
  return seedDefaultWorkflows(ctx.db, workspaceId, lang, {
    create: (input) => createWorkflow(ctx.db, actor, input),
    publish: (id) => publishWorkflow(ctx.db, actor, id),
    enable: (id) => setEnabled(ctx.db, actor, id, true),
  });
}

/**
 * Workspaces made before the SLA escalation was seeded: migration 094 listed each one without it in
 * workflow_default_backfill (once: a migration runs once). Each sweep seeds what is listed and removes
 * the row, so a workspace that later deletes or turns off the workflow is left alone.
 */
export async function runDefaultWorkflowBackfill(ctx: Pick<AppContext, 'db'>): Promise<number> {
  const rows = await ctx.db.query<{ workspace_id: string }>('SELECT workspace_id FROM workflow_default_backfill ORDER BY created_at LIMIT 100');
  let made = 0;
  for (const r of rows) {
    made += (await seedDefaultWorkflowsFor(ctx, r.workspace_id)).length;
    await ctx.db.query('DELETE FROM workflow_default_backfill WHERE workspace_id = $1', [r.workspace_id]);
  }
  return made;
}
