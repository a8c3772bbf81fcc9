import type { Reaction } from '../../../core/events/reactions.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { TemplateLangSchema } from '../../../../shared/workflow-templates.js';
import { createWorkflow, publishWorkflow, setEnabled } from '../commands/workflow-commands.js';
import { seedDefaultWorkflows } from './seed.js';

/**
 * The installation's default workspace (the one set up on the first visit: installation_setup) gets its
 * default workflows — the SLA escalation — published and on, in its language, made in the name of its
 * first admin (the workflow's history shows who published it). Other workspaces (CLI, tests) start with
 * none and take templates by hand. Durable and idempotent: the seed skips a template the workspace has.
 */
export const defaultWorkflowsReaction: Reaction = {
  name: 'workflows.default_templates',
  handles: ['workspace.created'],
  async run(ctx, events) {
    for (const e of events) {
      if (!(await ctx.db.maybeOne('SELECT 1 FROM installation_setup WHERE workspace_id = $1', [e.workspace_id]))) continue;
      const ws = await ctx.db.maybeOne<{ locale: string }>('SELECT locale FROM workspaces WHERE id = $1', [e.workspace_id]);
      const admin = await ctx.db.maybeOne<{ id: string; name: string }>(
        `SELECT id, name FROM users WHERE workspace_id = $1 AND id = $2 AND active`,
        [e.workspace_id, (e.data as { adminId?: string }).adminId ?? null],
      );
      if (!ws || !admin) continue;
      const actor: AuthedActor = { kind: 'user', id: admin.id, workspaceId: e.workspace_id, role: 'admin', name: admin.name };
      const lang = TemplateLangSchema.catch('vi').parse(ws.locale);
      await seedDefaultWorkflows(ctx.db, e.workspace_id, lang, {
        create: (input) => createWorkflow(ctx.db, actor, input),
        publish: (id) => publishWorkflow(ctx.db, actor, id),
        enable: (id) => setEnabled(ctx.db, actor, id, true),
      });
    }
  },
};
